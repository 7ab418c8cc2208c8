/** "Did you mean": names a typo is close to. Pure. */

/** `unknown policy "x". Did you mean …? Known policies: …`: for a policy file's reference and for a request alike. */
export function unknownPolicyMessage(name: string, known: readonly string[]): string {
  const close = closestNames(name, known);
  return `unknown policy "${name}". ${close.length > 0 ? `Did you mean ${close.map((n) => `"${n}"`).join(', ')}? ` : ''}Known policies: ${known.join(', ')}`;
}

/** Up to three of `candidates` within a small edit distance of `name`, closest first. */
export function closestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const max = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(wanted, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= max || c.toLowerCase().startsWith(wanted) || wanted.startsWith(c.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map(({ c }) => c);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length] ?? 0;
}
