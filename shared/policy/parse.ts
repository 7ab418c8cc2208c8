import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { unknownPolicyMessage } from './closest-names.js';
import { userConfigFileSchema, workspacePolicyFileSchema, type UserConfigFile, type WorkspacePolicyFile } from './schema.js';

export type PolicyFileKind = 'workspace' | 'user';

export type ParseOutcome<T> =
  | { ok: true; value: T; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[] };

type Path = (string | number)[];

/**
 * What names in a file must refer to: the policies known where it is read (built-ins, the layers below and its
 * own) and, when given, the catalog's models (unknown → up to three close ids). An unknown `active`, `extends` or
 * rule `use` is then an error naming the closest valid names.
 */
export interface ReferenceContext {
  policies: readonly string[];
  /** `file` is the file being read (a user config's own models count). */
  model?: (id: string, file: WorkspacePolicyFile | UserConfigFile) => { known: true } | { known: false; suggestions: string[] };
}

/** Keys that would send a key somewhere or point a provider at a new URL: never honoured from a workspace file. */
const SECRET_OR_ENDPOINT_KEY = /^(providers|api[-_]?key(env)?|base[-_]?url|endpoint|url|headers|token|authorization)$/i;

/**
 * Parse and validate a JSONC policy or config file. Errors and warnings say `file:line:col path: problem`.
 * Unknown fields are warnings (and dropped); a workspace file's provider and key fields are warnings (and dropped);
 * anything else wrong makes the whole file invalid, so the caller can keep the last good version.
 */
export function parsePolicyText(text: string, file: string, kind: 'workspace', refs?: ReferenceContext): ParseOutcome<WorkspacePolicyFile>;
export function parsePolicyText(text: string, file: string, kind: 'user', refs?: ReferenceContext): ParseOutcome<UserConfigFile>;
export function parsePolicyText(text: string, file: string, kind: PolicyFileKind, refs?: ReferenceContext): ParseOutcome<WorkspacePolicyFile | UserConfigFile> {
  const lines = lineStarts(text);
  const at = (offset: number) => {
    const { line, col } = position(lines, offset);
    return `${file}:${line}:${col}`;
  };
  if (text.trim() === '') return { ok: true, value: {}, warnings: [] };
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length > 0) {
    return { ok: false, warnings: [], errors: parseErrors.map((e) => `${at(e.offset)} ${describeParseError(e)}`) };
  }
  if (!root) return { ok: true, value: {}, warnings: [] };
  if (root.type !== 'object') return { ok: false, warnings: [], errors: [`${at(root.offset)} expected a JSON object at the top level`] };

  const value = getNodeValue(root) as Record<string, unknown>;
  const warnings: string[] = [];
  if (kind === 'workspace') {
    for (const path of findKeys(value, SECRET_OR_ENDPOINT_KEY)) {
      warnings.push(`${at(keyOffset(root, path))} ${formatPath(path)}: provider endpoints and keys are not allowed in a workspace file; ignored (set them in your user config or environment)`);
      deleteAt(value, path);
    }
  }
  const schema: z.ZodType = kind === 'workspace' ? workspacePolicyFileSchema : userConfigFileSchema;
  let result = schema.safeParse(value);
  if (!result.success) {
    const errors: string[] = [];
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const path = [...(issue.path as Path), key];
          warnings.push(`${at(keyOffset(root, path))} ${formatPath(path)}: unknown field, ignored${suggestion(key)}`);
          deleteAt(value, path);
        }
      } else {
        const path = issue.path as Path;
        errors.push(`${at(valueOffset(root, path))} ${formatPath(path) || '(top level)'}: ${issue.message.replace(/^Invalid input: /, '')}`);
      }
    }
    if (errors.length > 0) return { ok: false, errors, warnings };
    result = schema.safeParse(value);
    if (!result.success) return { ok: false, errors: result.error.issues.map((i) => `${file} ${formatPath(i.path as Path)}: ${i.message}`), warnings };
  }
  if (refs) {
    const errors = referenceErrors(result.data as WorkspacePolicyFile, refs).map(({ path, message }) => `${at(valueOffset(root, path))} ${formatPath(path)}: ${message}`);
    if (errors.length > 0) return { ok: false, errors, warnings };
  }
  return { ok: true, value: result.data as WorkspacePolicyFile, warnings };
}

/** Names in `active`, `extends` and rule `use` that refer to nothing. */
function referenceErrors(file: WorkspacePolicyFile, refs: ReferenceContext): { path: Path; message: string }[] {
  const policies = [...new Set([...refs.policies, ...Object.keys(file.policies ?? {})])];
  const unknownPolicy = (name: string) => unknownPolicyMessage(name, policies);
  const out: { path: Path; message: string }[] = [];
  if (file.active !== undefined && !policies.includes(file.active)) out.push({ path: ['active'], message: unknownPolicy(file.active) });
  for (const [name, def] of Object.entries(file.policies ?? {})) {
    if (def.extends !== undefined && !policies.includes(def.extends)) out.push({ path: ['policies', name, 'extends'], message: unknownPolicy(def.extends) });
    (def.rules ?? []).forEach((rule, i) => {
      const found = rule.use !== undefined ? refs.model?.(rule.use, file) : undefined;
      if (rule.use === undefined || !found || found.known) return;
      const close = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((m) => `"${m}"`).join(', ')}?` : '';
      out.push({ path: ['policies', name, 'rules', i, 'use'], message: `unknown model "${rule.use}".${close}` });
    });
  }
  return out;
}

export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

const KNOWN_MISSPELLINGS: Record<string, string> = { policy: 'policies', allowed: 'allow', denied: 'deny', deny_list: 'deny', fallback: 'fallbacks', rule: 'rules', requires: 'require', extend: 'extends' };
function suggestion(key: string): string {
  const fix = KNOWN_MISSPELLINGS[key];
  return fix ? ` (did you mean "${fix}"?)` : '';
}

function describeParseError(e: ParseError): string {
  const names: Record<string, string> = {
    InvalidSymbol: 'invalid character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected "," between entries',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected content after the end of the object',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
  };
  const code = printParseErrorCode(e.error);
  return `JSON syntax: ${names[code] ?? code}`;
}

function findKeys(value: unknown, pattern: RegExp, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => findKeys(v, pattern, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // Model ids inside allow/deny/use are data, not keys; only object keys are checked.
      if (pattern.test(k)) out.push([...path, k]);
      else findKeys(v, pattern, [...path, k], out);
    }
  }
  return out;
}

function deleteAt(value: Record<string, unknown>, path: Path): void {
  let node: unknown = value;
  for (const part of path.slice(0, -1)) node = (node as Record<string | number, unknown>)?.[part];
  if (node && typeof node === 'object') delete (node as Record<string | number, unknown>)[path[path.length - 1] as string];
}

function valueOffset(root: Node, path: Path): number {
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) return node.offset;
  }
  return root.offset;
}

function keyOffset(root: Node, path: Path): number {
  const node = findNodeAtLocation(root, path);
  const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return key?.offset ?? valueOffset(root, path);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}
