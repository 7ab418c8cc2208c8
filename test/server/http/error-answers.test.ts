/** The HTTP status an upstream failure becomes, derived from the attempts alone. */
import { describe, expect, it } from 'vitest';
import { answerFromAttempts, errorAnswer, errorHeaders } from '../../../server/http/openai/errors.js';
import { SwitchyardError } from '../../../shared/errors.js';
import type { Attempt } from '../../../server/invoke/types.js';

const a = (kind: Attempt['kind'], extra: Partial<Attempt> = {}): Attempt => ({ model: 'm', outcome: 'fallback', ms: 1, kind, ...extra });

describe('answerFromAttempts', () => {
  it('one reason everywhere is that reason', () => {
    expect(answerFromAttempts([a('context_length'), a('context_length', { outcome: 'skipped' })])).toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
    expect(answerFromAttempts([a('unsupported', { outcome: 'skipped', param: 'logit_bias' })])).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'logit_bias' });
    expect(answerFromAttempts([a('bad_request', { outcome: 'failed' })])).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(answerFromAttempts([a('rate_limit', { outcome: 'retry', retryAfterMs: 800 }), a('rate_limit', { retryAfterMs: 30_000 })])).toMatchObject({ status: 429, retryAfter: 1 });
    expect(answerFromAttempts([a('circuit_open', { outcome: 'skipped', retryAfterMs: 25_000 }), a('rate_limit', { retryAfterMs: 40_000 })])).toMatchObject({ status: 503, code: 'circuit_open', retryAfter: 25 });
    expect(answerFromAttempts([a('timeout'), a('timeout')])).toMatchObject({ status: 504 });
  });

  it('protocol failures and mixed reasons are a 502; attempts that say nothing are ignored', () => {
    expect(answerFromAttempts([a('malformed')])).toMatchObject({ status: 502 });
    expect(answerFromAttempts([a('timeout'), a('context_length')])).toMatchObject({ status: 502 });
    expect(answerFromAttempts([{ model: 'x', outcome: 'skipped', ms: 0, error: 'no key' }, a('rate_limit')])).toMatchObject({ status: 429 });
    expect(answerFromAttempts([{ model: 'x', outcome: 'skipped', ms: 0 }])).toBeUndefined();
  });
});

describe('errorHeaders', () => {
  it('tells SDKs not to retry what a retry cannot fix, and when to come back otherwise', () => {
    expect(errorHeaders(errorAnswer(new SwitchyardError('no_provider', 'no key')))).toMatchObject({ 'x-should-retry': 'false' });
    expect(errorHeaders(errorAnswer(new SwitchyardError('budget_exceeded', 'spent')))).toMatchObject({ 'x-should-retry': 'false' });
    const limited = errorAnswer(new SwitchyardError('provider_failed', 'all limited', { attempts: [a('rate_limit', { retryAfterMs: 2000 })] }));
    expect(limited.status).toBe(429);
    expect(errorHeaders(limited)).toEqual({ 'content-type': 'application/json', 'retry-after': '2' });
  });
});
