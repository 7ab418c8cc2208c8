import { describe, expect, it } from 'vitest';
import {
  classifyHttpError,
  describeErrorBody,
  parseRetryAfter,
  quote,
  scrub,
  Upstream,
} from '../../../server/providers/http.js';
import {
  decideOnError,
  MAX_RETRY_AFTER_MS,
  ProviderError,
  type ProviderErrorKind,
} from '../../../server/providers/types.js';

const err = (kind: ProviderErrorKind, extra: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  new ProviderError({ kind, provider: 'p', message: 'p: x', ...extra });

describe('decideOnError', () => {
  it.each([
    ['rate_limit', { retryAfterMs: 2000 }, { action: 'retry', delayMs: 2000 }],
    ['rate_limit', { retryAfterMs: MAX_RETRY_AFTER_MS }, { action: 'retry', delayMs: MAX_RETRY_AFTER_MS }],
    ['rate_limit', { retryAfterMs: MAX_RETRY_AFTER_MS + 1 }, { action: 'fallback' }],
    ['rate_limit', {}, { action: 'fallback' }],
    ['overloaded', {}, { action: 'fallback' }],
    ['server', {}, { action: 'fallback' }],
    ['timeout', {}, { action: 'fallback' }],
    ['network', {}, { action: 'fallback' }],
    ['malformed', {}, { action: 'fallback' }],
    ['not_found', {}, { action: 'fallback' }],
    ['auth', {}, { action: 'skip-provider' }],
    ['context_length', {}, { action: 'larger-context' }],
    ['content_filter', {}, { action: 'stop' }],
    ['bad_request', {}, { action: 'stop' }],
    ['cancelled', {}, { action: 'stop' }],
  ] as const)('%s %o → %o', (kind, extra, decision) => {
    expect(decideOnError(err(kind, extra))).toEqual(decision);
  });

  it('stops once a stream has yielded content, whatever the kind', () => {
    for (const kind of ['timeout', 'network', 'overloaded', 'server', 'malformed', 'rate_limit'] as const) {
      expect(decideOnError(err(kind, { contentStarted: true, retryAfterMs: 10 }))).toEqual({ action: 'stop' });
    }
  });

  it('stops on anything that is not a ProviderError', () => {
    expect(decideOnError(new Error('bug'))).toEqual({ action: 'stop' });
    expect(decideOnError('nope')).toEqual({ action: 'stop' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds, decimal seconds, HTTP-dates and retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, undefined, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': '0.25' }, undefined, now)).toBe(250);
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, undefined, now)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }, undefined, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after-ms': '150', 'retry-after': '9' }, undefined, now)).toBe(150);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, undefined, now)).toBeUndefined();
    expect(parseRetryAfter({}, undefined, now)).toBeUndefined();
  });

  it("reads Google's RetryInfo.retryDelay from the body", () => {
    const body = {
      error: {
        code: 429,
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '45.837906927s' }],
      },
    };
    expect(parseRetryAfter({}, body, now)).toBe(45838);
  });
});

describe('classifyHttpError', () => {
  it.each([
    [401, {}, 'auth'],
    [403, {}, 'auth'],
    [400, { error: { code: 400, status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } }, 'auth'],
    [429, {}, 'rate_limit'],
    [529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'overloaded'],
    [503, {}, 'overloaded'],
    [0, { type: 'error', error: { type: 'overloaded_error' } }, 'overloaded'],
    [0, { error: { code: 503, message: 'x' } }, 'overloaded'],
    [500, {}, 'server'],
    [502, {}, 'server'],
    [0, { type: 'error', error: { type: 'api_error' } }, 'server'],
    [504, {}, 'timeout'],
    [404, {}, 'not_found'],
    [400, { error: { code: 'context_length_exceeded', message: '…' } }, 'context_length'],
    [400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 208310 tokens > 200000 maximum' } }, 'context_length'],
    [400, { error: { message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).' } }, 'context_length'],
    [400, { error: { code: 'content_filter', message: 'filtered' } }, 'content_filter'],
    [400, { error: { message: 'bad field' } }, 'bad_request'],
    [422, { detail: 'invalid' }, 'bad_request'],
  ] as const)('%i %j → %s', (status, body, kind) => {
    expect(classifyHttpError(status, body)).toBe(kind);
  });

  it('describes plain-string and FastAPI-style bodies', () => {
    expect(describeErrorBody({ error: 'model "x" not found' }).message).toBe('model "x" not found');
    expect(describeErrorBody({ detail: 'nope' }).message).toBe('nope');
  });
});

describe('key hygiene helpers', () => {
  it('scrub removes the key, raw and URL-encoded', () => {
    const key = 'sk-test/PLANTED+123';
    expect(scrub(`a ${key} b ${encodeURIComponent(key)} c`, [key])).toBe('a [redacted] b [redacted] c');
  });

  it('quote flattens whitespace and truncates to ~300 characters', () => {
    const q = quote(`line\n\n  two ${'x'.repeat(1000)}`);
    expect(q.startsWith('line two ')).toBe(true);
    expect(q.length).toBeLessThanOrEqual(301);
  });

  it('error bodies are quoted without the key, truncated', () => {
    const key = 'sk-test-PLANTED-123';
    const up = new Upstream({ id: 'openai', baseUrl: 'http://127.0.0.1:1', apiKey: key });
    const e = up.errorFromBody(500, undefined, `${key} ${'y'.repeat(2000)}`);
    expect(e.message).not.toContain(key);
    expect(e.message.length).toBeLessThan(450);
    expect(e.message.startsWith('openai: ')).toBe(true);
  });
});
