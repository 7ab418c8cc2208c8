/**
 * Counting what the generator leaves out for missing data. (Entries that are there but must not be routed — not chat,
 * routers, hosted-local, implausible prices — are classified as `excluded` instead, see shared/catalog/classify.ts.)
 * Every entry or field that is dropped is counted under a reason, so the
 * catalog says what it does not contain instead of guessing.
 *
 * Reasons: `missingPrice`, `missingContextWindow`, `missingMaxOutputTokens`, `duplicateId`, `zeroPriceNotLocal` (a cloud
 * API listed at $0/$0: a placeholder, not a price) (whole entries skipped) and
 * `badField:<field>` (a field was present but unusable: the entry is skipped when the field is required, otherwise
 * only the field is dropped).
 */
export type SkipReason =
  | 'missingPrice'
  | 'missingContextWindow'
  | 'missingMaxOutputTokens'
  | 'duplicateId'
  | 'zeroPriceNotLocal'
  | `badField:${string}`;

export class SkipCounter {
  readonly #counts = new Map<string, number>();

  add(reason: SkipReason, n = 1): void {
    this.#counts.set(reason, (this.#counts.get(reason) ?? 0) + n);
  }

  /** Counts sorted by reason, so the output is the same on every run. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of [...this.#counts.keys()].sort()) out[key] = this.#counts.get(key) ?? 0;
    return out;
  }
}
