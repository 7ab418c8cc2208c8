import { REASONING_EFFORTS, type ReasoningRequest, reasoningRequest } from '../../shared/routing/thinking.js';
import type { OptionSpec } from './command.js';

export const jsonOption: OptionSpec = { json: { type: 'boolean' } };
export const JSON_HELP = '--json                Print machine-readable JSON instead of a table';

/** A whole number of at least `min` (default 0) and at most `max`, or `fallback` when the flag is absent. */
export function intOption(values: Record<string, unknown>, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (String(raw).trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new CliUsageError(`--${name}: expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${String(raw)}"`);
  }
  return n;
}

/** A number from `min` to `max` (default: any non-negative number), or undefined when the flag is absent. */
export function numberOption(values: Record<string, unknown>, name: string, min = 0, max = Number.POSITIVE_INFINITY): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (String(raw).trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new CliUsageError(`--${name}: expected ${max === Number.POSITIVE_INFINITY ? `a number of at least ${min}` : `a number from ${min} to ${max}`}, got "${String(raw)}"`);
  }
  return n;
}

/** Each value of a (repeatable) flag must be one of `allowed`. */
export function choiceOption<T extends string>(values: Record<string, unknown>, name: string, allowed: readonly T[]): T[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const list = (Array.isArray(raw) ? raw : [raw]).map(String);
  for (const v of list) {
    if (!(allowed as readonly string[]).includes(v)) throw new CliUsageError(`--${name}: "${v}" is not one of ${allowed.join(', ')}`);
  }
  return list as T[];
}

/**
 * `--cost -1` would make node's parser stop with "argument is ambiguous": a value that looks like a negative
 * number is joined to its flag (`--cost=-1`), so the flag's own check can say what is allowed.
 */
export function joinNegativeNumbers(args: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class CliUsageError extends Error {}

/** `--reasoning-effort E` and `--thinking-budget N`: the request's thinking controls, as the gateway takes them. */
export const reasoningOptions: OptionSpec = { 'reasoning-effort': { type: 'string' }, 'thinking-budget': { type: 'string' } };
export const REASONING_HELP = [
  `--reasoning-effort E  ${REASONING_EFFORTS.join(' | ')}: low or more routes to models that can think and prices their thinking`,
  '--thinking-budget N   Thinking budget in tokens (wins over --reasoning-effort; 0 turns thinking off)',
];

export function reasoningOption(values: Record<string, unknown>): ReasoningRequest | undefined {
  const effort = choiceOption(values, 'reasoning-effort', REASONING_EFFORTS)?.at(-1);
  const budget = values['thinking-budget'] !== undefined ? intOption(values, 'thinking-budget', 0, 0) : undefined;
  return reasoningRequest(effort, budget);
}
