import type { ServerResponse } from 'node:http';
import { isSwitchyardError, type ErrorCode } from '../../../shared/errors.js';
import type { Attempt } from '../../invoke/types.js';
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

/** A 400 about one request parameter, named in the answer's `param`. */
export class ParamError extends HttpError {
  constructor(
    readonly param: string,
    message: string,
    code = 'invalid_request_error',
  ) {
    super(400, message, code);
  }
}

/** What an error means for an HTTP client: status, OpenAI-style type and code, the parameter at fault, when to retry. */
export interface ErrorAnswer {
  status: number;
  type: string;
  code: string;
  param: string | null;
  message: string;
  /** Seconds, for `retry-after`. */
  retryAfter?: number;
  attempts?: Attempt[];
}

/**
 * When every attempt failed for one reason, that reason is the answer: the client's request (400: context length,
 * a parameter no candidate can honour, an invalid request, blocked content), rate limits (429) or cooling-down
 * providers and overload (503), both with `retry-after`, timeouts (504). 502 is left for upstreams that broke the
 * protocol or failed in mixed ways. Attempts skipped for want of a provider key say nothing and are left out.
 */
export function answerFromAttempts(attempts: readonly Attempt[]): Omit<ErrorAnswer, 'message'> | undefined {
  const telling = attempts.filter((a) => a.kind !== undefined && a.outcome !== 'ok' && a.outcome !== 'cancelled');
  if (telling.length === 0) return undefined;
  const kinds = new Set(telling.map((a) => a.kind));
  const only = (...ks: Array<Attempt['kind']>) => [...kinds].every((k) => ks.includes(k));
  const waits = telling.map((a) => a.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  const retryAfter = waits.length ? { retryAfter: Math.max(1, Math.ceil(Math.min(...waits) / 1000)) } : {};
  const param = telling.find((a) => a.param)?.param ?? null;
  const base = { attempts: [...attempts] };
  if (only('context_length')) return { ...base, status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' };
  if (only('unsupported')) return { ...base, status: 400, type: 'invalid_request_error', code: 'unsupported_parameter', param };
  if (only('bad_request', 'unsupported', 'context_length')) return { ...base, status: 400, type: 'invalid_request_error', code: 'invalid_request', param };
  if (only('content_filter')) return { ...base, status: 400, type: 'invalid_request_error', code: 'content_filter', param: null };
  if (only('rate_limit')) return { ...base, status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null, ...retryAfter };
  if (only('rate_limit', 'circuit_open', 'overloaded')) return { ...base, status: 503, type: 'server_error', code: kinds.has('circuit_open') ? 'circuit_open' : 'overloaded', param: null, ...retryAfter };
  if (only('timeout')) return { ...base, status: 504, type: 'timeout_error', code: 'upstream_timeout', param: null };
  return { ...base, status: 502, type: 'upstream_error', code: 'upstream_failed', param: null };
}

export function errorAnswer(error: unknown): ErrorAnswer {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ParamError) return { status: 400, type: 'invalid_request_error', code: error.code, param: error.param, message };
  if (error instanceof HttpError) return { status: error.status, type: error.code, code: error.code, param: null, message };
  if (isSwitchyardError(error)) {
    const attempts = Array.isArray(error.details?.attempts) ? (error.details.attempts as Attempt[]) : undefined;
    const fromAttempts = error.code === 'provider_failed' && attempts ? answerFromAttempts(attempts) : undefined;
    if (fromAttempts) return { ...fromAttempts, message };
    const { status, type } = STATUS[error.code];
    const param = typeof error.details?.param === 'string' ? error.details.param : null;
    return { status, type, code: error.code, param, message, ...(attempts ? { attempts } : {}) };
  }
  return { status: 500, type: 'server_error', code: 'internal_error', param: null, message };
}

export function statusForError(error: unknown): { status: number; type: string } {
  const { status, type } = errorAnswer(error);
  return { status, type };
}

/** Codes whose cause a retry cannot fix soon: no provider configured, a budget spent. */
const NOT_RETRYABLE = new Set(['no_provider', 'budget_exceeded']);

/** Headers for an error answer: `retry-after`, and `x-should-retry: false` where retrying cannot help (SDKs honour it). */
export function errorHeaders(answer: ErrorAnswer): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(answer.retryAfter !== undefined ? { 'retry-after': String(answer.retryAfter) } : {}),
    ...(answer.status === 400 || answer.status === 404 || answer.status === 422 || NOT_RETRYABLE.has(answer.code) ? { 'x-should-retry': 'false' } : {}),
  };
}

/** An error in OpenAI's shape, so OpenAI clients show it as they would show OpenAI's own; the attempts beside it. */
export function sendOpenAIError(res: ServerResponse, error: unknown): void {
  const answer = errorAnswer(error);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(answer.status, errorHeaders(answer));
  res.end(JSON.stringify(openAIErrorBody(answer)));
}

export function openAIErrorBody(answer: ErrorAnswer) {
  return {
    error: { message: answer.message, type: answer.type, code: answer.code, param: answer.param },
    ...(answer.attempts ? { attempts: answer.attempts } : {}),
  };
}
