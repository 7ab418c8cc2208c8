/**
 * Rate-limit headroom from providers' response headers: OpenAI-style `x-ratelimit-remaining-requests|tokens` with
 * `x-ratelimit-reset-requests|tokens` (durations such as `1s`, `6m0s`, `20ms`), and Anthropic's
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{remaining,reset}` (RFC 3339 times).
 * An endpoint with (about) nothing left is avoided by routing until the reset, instead of answering 429.
 */
export type Headers = Record<string, string | string[] | undefined>;

/** Longest an endpoint is avoided on the word of one response. */
const MAX_AVOID_MS = 5 * 60_000;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `1s`, `6m0s`, `1h2m3.5s`, `20ms`, or a bare number of seconds → milliseconds. */
export function parseResetDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(re)) {
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    matched += m[0];
  }
  return matched.length > 0 && matched.length === t.length ? total : undefined;
}

function resetIn(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const d = parseResetDuration(value);
  if (d !== undefined) return d;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to avoid the endpoint that sent these headers: until the reset of a limit whose remaining count is 0
 * (requests) or under 1% of its limit (tokens: the next request would not fit). Undefined when there is headroom.
 */
export function exhaustedForMs(headers: Headers, now = Date.now()): number | undefined {
  const limits: Array<[remaining: string, limit: string, reset: string, share: number]> = [
    ['x-ratelimit-remaining-requests', 'x-ratelimit-limit-requests', 'x-ratelimit-reset-requests', 0],
    ['x-ratelimit-remaining-tokens', 'x-ratelimit-limit-tokens', 'x-ratelimit-reset-tokens', 0.01],
    ['anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-limit', 'anthropic-ratelimit-requests-reset', 0],
    ['anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-limit', 'anthropic-ratelimit-tokens-reset', 0.01],
    ['anthropic-ratelimit-input-tokens-remaining', 'anthropic-ratelimit-input-tokens-limit', 'anthropic-ratelimit-input-tokens-reset', 0.01],
    ['anthropic-ratelimit-output-tokens-remaining', 'anthropic-ratelimit-output-tokens-limit', 'anthropic-ratelimit-output-tokens-reset', 0.01],
  ];
  let avoid: number | undefined;
  for (const [remainingName, limitName, resetName, share] of limits) {
    const remaining = Number(header(headers, remainingName));
    if (header(headers, remainingName) === undefined || !Number.isFinite(remaining)) continue;
    const limit = Number(header(headers, limitName));
    const floor = Number.isFinite(limit) && limit > 0 ? limit * share : 0;
    if (remaining > floor) continue;
    const ms = resetIn(header(headers, resetName), now) ?? 1000;
    avoid = Math.max(avoid ?? 0, Math.min(ms, MAX_AVOID_MS));
  }
  return avoid;
}

export type RateLimitListener = (endpointId: string, avoidMs: number) => void;
const listeners = new Set<RateLimitListener>();

/** Each runtime listens while it runs; the adapters report every upstream response's headers here. */
export function onRateLimit(listener: RateLimitListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by the adapters with the response headers of a request for `model` (the name at the provider). */
export function reportRateLimitHeaders(provider: string, model: unknown, headers: Headers): void {
  if (listeners.size === 0 || typeof model !== 'string') return;
  const ms = exhaustedForMs(headers);
  if (ms === undefined || ms <= 0) return;
  for (const listener of listeners) listener(`${provider}/${model}`, ms);
}
