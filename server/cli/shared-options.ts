import type { OptionSpec } from './command.js';

export const jsonOption: OptionSpec = { json: { type: 'boolean' } };
export const JSON_HELP = '--json                Print machine-readable JSON instead of a table';

export function intOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CliUsageError(`--${name}: expected a whole number, got "${String(raw)}"`);
  return n;
}

export function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new CliUsageError(`--${name}: expected a non-negative number, got "${String(raw)}"`);
  return n;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class CliUsageError extends Error {}
