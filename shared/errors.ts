/**
 * An error written for the person who reads it: what was wrong, where (field, file:line, model id),
 * and what to do. The MCP layer turns it into an `isError` result; the CLI prints it without a stack.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'unknown_model'
  | 'unknown_policy'
  | 'no_candidates'
  | 'policy_file'
  | 'config'
  | 'budget_exceeded'
  | 'no_provider'
  | 'provider_failed'
  | 'cancelled';

export class SwitchyardError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SwitchyardError';
  }
}

export function isSwitchyardError(value: unknown): value is SwitchyardError {
  return value instanceof SwitchyardError;
}
