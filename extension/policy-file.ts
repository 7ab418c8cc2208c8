/**
 * Edits to `.switchyard.json` as text: `jsonc-parser` computes minimal edits, so the user's comments,
 * key order and formatting survive. Pure (no vscode, no fs): the caller reads and writes the file.
 */
import { applyEdits, modify, parseTree, printParseErrorCode, stripComments, type FormattingOptions, type ParseError } from 'jsonc-parser';
import type { Priorities } from '../shared/policy/resolve.js';
import type { PolicyDefinition } from '../shared/policy/schema.js';

export const POLICY_FILE_NAME = '.switchyard.json';

export type PriorityKey = keyof Priorities;
export const PRIORITY_KEYS: readonly PriorityKey[] = ['costPriority', 'speedPriority', 'intelligencePriority'];

/** Why an edit could not be made, written for the person who will read it. */
export class PolicyEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEditError';
  }
}

/** The text of a new policy file: a short commented header and the active policy. */
export function newPolicyFileText(active = 'balanced', eol = '\n'): string {
  return [
    '// Switchyard routing policy for this workspace (JSON with comments).',
    '// "active" is the policy used when a request names none: a built-in (cheapest, balanced, best, fastest,',
    '// local-only) or one you define under "policies". API keys never go in this file.',
    '{',
    `  "active": ${JSON.stringify(active)}`,
    '}',
    '',
  ].join(eol);
}

/** Indentation and line endings as the file already uses them, so inserted lines match their neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let insertSpaces = true;
  let tabSize = 2;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^([ \t]+)\S/.exec(line)?.[1];
    if (!indent) continue;
    if (indent.startsWith('\t')) {
      insertSpaces = false;
      tabSize = 1;
    } else {
      tabSize = Math.min(indent.length, 8);
    }
    break;
  }
  return { insertSpaces, tabSize, eol, insertFinalNewline: false };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Set `"active"`. An empty or missing file becomes a new one with the header. */
export function setActivePolicy(text: string, name: string): string {
  if (name.trim() === '') throw new PolicyEditError('a policy name cannot be empty');
  const base = ensureObject(text);
  return edit(base, ['active'], name);
}

/**
 * Set one priority (0..1, rounded to two decimals) of a policy. A policy the workspace file already defines
 * gets just that key changed. One it does not define (a built-in, or one from the user config) is copied into
 * the file from `base` — its full definition — with the new value, so overriding it by name changes nothing else.
 */
export function setPolicyPriority(text: string, policy: string, key: PriorityKey, value: number, base?: PolicyDefinition): string {
  if (!PRIORITY_KEYS.includes(key)) throw new PolicyEditError(`unknown priority "${String(key)}"; expected one of ${PRIORITY_KEYS.join(', ')}`);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new PolicyEditError(`${key} must be a number from 0 to 1, got ${String(value)}`);
  const v = round2(value);
  const current = ensureObject(text);
  const root = parseTree(current, [], { allowTrailingComma: true });
  const policiesNode = root?.children?.find((p) => p.children?.[0]?.value === 'policies')?.children?.[1];
  const defined = policiesNode?.type === 'object' && policiesNode.children?.some((p) => p.children?.[0]?.value === policy);
  if (defined) return edit(current, ['policies', policy, 'preferences', key], v);
  const definition: PolicyDefinition = structuredClone(base ?? {});
  definition.preferences = { ...definition.preferences, [key]: v };
  return edit(current, ['policies', policy], definition);
}

/** The first syntax error as `line:col message`, or undefined when the text parses. */
export function firstSyntaxError(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const e = errors[0];
  if (!e) return undefined;
  const before = text.slice(0, e.offset);
  const line = before.split('\n').length;
  const col = e.offset - before.lastIndexOf('\n');
  return `${line}:${col} ${printParseErrorCode(e.error)}`;
}

function ensureObject(text: string): string {
  if (text.trim() === '') return newPolicyFileText();
  if (stripComments(text).trim() === '') {
    // Only comments: keep them and add the object after.
    const { eol } = detectFormatting(text);
    return `${text.replace(/\s*$/, '')}${eol}{${eol}}${eol}`;
  }
  const problem = firstSyntaxError(text);
  if (problem) throw new PolicyEditError(`${POLICY_FILE_NAME}:${problem}: fix the syntax error first; Switchyard will not rewrite a file it cannot parse`);
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) throw new PolicyEditError(`${POLICY_FILE_NAME}: expected a JSON object`);
  if (root.type !== 'object') throw new PolicyEditError(`${POLICY_FILE_NAME}: the top level must be a JSON object, found ${root.type}`);
  return text;
}

function edit(text: string, path: (string | number)[], value: unknown): string {
  const edits = modify(text, path, value, { formattingOptions: detectFormatting(text) });
  return applyEdits(text, edits);
}

/** The one replacement that turns `before` into `after` (common prefix and suffix kept), so the cursor stays put. */
export function minimalReplacement(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
