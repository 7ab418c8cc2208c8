import type { ServerResponse } from 'node:http';
import { isSwitchyardError, type ErrorCode } from '../../../shared/errors.js';
import { HttpError } from '../body.js';

const STATUS: Record<ErrorCode, { status: number; type: string }> = {
  invalid_argument: { status: 400, type: 'invalid_request_error' },
  unknown_model: { status: 404, type: 'invalid_request_error' },
  unknown_policy: { status: 404, type: 'invalid_request_error' },
  no_candidates: { status: 422, type: 'invalid_request_error' },
  policy_file: { status: 500, type: 'server_error' },
  config: { status: 500, type: 'server_error' },
  budget_exceeded: { status: 429, type: 'insufficient_quota' },
  no_provider: { status: 503, type: 'server_error' },
  provider_failed: { status: 502, type: 'upstream_error' },
  cancelled: { status: 499, type: 'cancelled' },
};

export function statusForError(error: unknown): { status: number; type: string } {
  if (error instanceof HttpError) return { status: error.status, type: error.code };
  if (isSwitchyardError(error)) return STATUS[error.code];
  return { status: 500, type: 'server_error' };
}

/** An error in OpenAI's shape, so OpenAI clients show it as they would show OpenAI's own. */
export function sendOpenAIError(res: ServerResponse, error: unknown): void {
  const { status, type } = statusForError(error);
  const code = isSwitchyardError(error) ? error.code : error instanceof HttpError ? error.code : 'internal_error';
  const message = error instanceof Error ? error.message : String(error);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, code, param: null } }));
}
