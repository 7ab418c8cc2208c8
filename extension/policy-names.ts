/**
 * The names in `.switchyard.json` that must name something: `"active"` and `"extends"` name a policy, rules'
 * `"use"` and `"fallbacks"` name a model. Problems (with the closest name for a typo) for diagnostics, and the
 * candidates at a position for completion. Pure: the text in, offsets out; no vscode.
 */
import { getLocation, parseTree, findNodeAtLocation, type Node, type JSONPath } from 'jsonc-parser';
import type { Catalog } from '../shared/catalog/catalog.js';

export type NameKind = 'policy' | 'model';

export interface NameProblem {
  /** Offset and length of the string value, quotes included. */
  offset: number;
  length: number;
  value: string;
  kind: NameKind;
  message: string;
  /** The closest known name, for a quick fix. */
  suggestion?: string;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The known name closest to `value`, if it is close enough to be a typo of it. */
export function closestName(value: string, names: readonly string[]): string | undefined {
  const q = value.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(q, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(value.length / 3)) ? best.name : undefined;
}

/** Which kind of name a JSON path holds. */
export function nameKindAt(path: JSONPath): NameKind | undefined {
  if (path.length === 1 && path[0] === 'active') return 'policy';
  if (path[0] !== 'policies' || typeof path[1] !== 'string') return undefined;
  if (path.length === 3 && path[2] === 'extends') return 'policy';
  if (path.length === 4 && path[2] === 'fallbacks' && typeof path[3] === 'number') return 'model';
  if (path.length === 5 && path[2] === 'rules' && typeof path[3] === 'number' && path[4] === 'use') return 'model';
  return undefined;
}

/** Policy names the file itself defines (they count even before it is saved). */
export function definedPolicies(text: string): string[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  const policies = tree && findNodeAtLocation(tree, ['policies']);
  return policies?.type === 'object' ? (policies.children ?? []).map((p) => String(p.children?.[0]?.value)) : [];
}

function stringsToCheck(tree: Node): { node: Node; kind: NameKind }[] {
  const out: { node: Node; kind: NameKind }[] = [];
  const active = findNodeAtLocation(tree, ['active']);
  if (active?.type === 'string') out.push({ node: active, kind: 'policy' });
  const policies = findNodeAtLocation(tree, ['policies']);
  for (const prop of policies?.type === 'object' ? (policies.children ?? []) : []) {
    const body = prop.children?.[1];
    if (body?.type !== 'object') continue;
    const ext = findNodeAtLocation(body, ['extends']);
    if (ext?.type === 'string') out.push({ node: ext, kind: 'policy' });
    const fallbacks = findNodeAtLocation(body, ['fallbacks']);
    for (const f of fallbacks?.type === 'array' ? (fallbacks.children ?? []) : []) if (f.type === 'string') out.push({ node: f, kind: 'model' });
    const rules = findNodeAtLocation(body, ['rules']);
    for (const r of rules?.type === 'array' ? (rules.children ?? []) : []) {
      const use = r.type === 'object' ? findNodeAtLocation(r, ['use']) : undefined;
      if (use?.type === 'string') out.push({ node: use, kind: 'model' });
    }
  }
  return out;
}

/** Every policy or model name in the file that names nothing known. `policyNames`: built-ins and user config. */
export function policyNameProblems(text: string, policyNames: readonly string[], catalog: Pick<Catalog, 'lookup' | 'resolve'> | undefined): NameProblem[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  if (!tree) return [];
  const policies = [...new Set([...policyNames, ...definedPolicies(text)])];
  const problems: NameProblem[] = [];
  for (const { node, kind } of stringsToCheck(tree)) {
    const value = String(node.value);
    if (kind === 'policy') {
      if (policies.includes(value)) continue;
      const suggestion = closestName(value, policies);
      problems.push({
        offset: node.offset,
        length: node.length,
        value,
        kind,
        message: `Unknown policy "${value}"${suggestion ? `: did you mean "${suggestion}"?` : '.'} Known: ${policies.join(', ')}. Requests would fail or route with another policy.`,
        ...(suggestion ? { suggestion } : {}),
      });
    } else if (catalog && !catalog.lookup(value)) {
      const resolved = catalog.resolve(value);
      const suggestions = 'error' in resolved ? resolved.suggestions : [];
      const suggestion = suggestions[0];
      problems.push({
        offset: node.offset,
        length: node.length,
        value,
        kind,
        message: `Unknown model "${value}"${suggestion ? `: did you mean "${suggestion}"?` : ': it is not a model id or alias in the catalog.'}`,
        ...(suggestion ? { suggestion } : {}),
      });
    }
  }
  return problems;
}

/** What to complete at `offset`: policy names or model ids, when the cursor is in a value that names one. */
export function completionKindAt(text: string, offset: number): NameKind | undefined {
  const location = getLocation(text, offset);
  if (location.isAtPropertyKey) return undefined;
  return nameKindAt(location.path);
}
