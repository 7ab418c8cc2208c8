/**
 * The HTTP edge shared by every adapter: one pooled keep-alive undici Agent, JSON and SSE requests
 * with connect / first-byte / idle timeouts, and the mapping of statuses, upstream error bodies and
 * transport failures into `ProviderError`s whose messages never carry the API key.
 */
import type { Agent, Dispatcher } from 'undici';
import { reportRateLimitHeaders } from './rate-limit.js';
import { parseSse, type SseEvent } from './sse.js';
import {
  ProviderError,
  type CompletionResult,
  type FinishReason,
  type ProviderConfig,
  type ProviderErrorInit,
  type ProviderErrorKind,
  type StreamEvent,
  type Timeouts,
  type ToolCall,
  type Usage,
} from './types.js';

export const DEFAULT_TIMEOUTS: Readonly<Required<Timeouts>> = Object.freeze({
  connectMs: 10_000,
  headersMs: 60_000,
  completeMs: 300_000,
  bodyMs: 60_000,
});

/** Upstream text quoted in an error message is cut to this many characters. */
export const MAX_QUOTED_CHARS = 300;
/** At most this much of an error response body is read. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

// undici is loaded on the first provider call, not at start-up: it is a megabyte of code (and node:http and
// friends) that the MCP server does not need to answer `initialize`, route or estimate.
// (A CommonJS module: bundled, its exports are the namespace's `default`.)
type Undici = Pick<typeof import('undici'), 'Agent' | 'request'>;
let undici: Promise<Undici> | undefined;
/** undici's `Agent` and `request`, whether it is loaded from node_modules (ESM named exports) or from the bundle. */
export const loadUndici = (): Promise<Undici> =>
  (undici ??= import('undici').then((m) => ('request' in m ? m : (m as unknown as { default: Undici }).default)));

// One keep-alive Agent per connect timeout (undici sets that per connection, the others per request);
// in practice every provider shares the default one.
const agents = new Map<number, Agent>();

export async function sharedAgent(connectMs: number = DEFAULT_TIMEOUTS.connectMs): Promise<Agent> {
  const { Agent } = await loadUndici();
  let agent = agents.get(connectMs);
  if (!agent) {
    agent = new Agent({ connectTimeout: connectMs, keepAliveTimeout: 10_000 });
    agents.set(connectMs, agent);
  }
  return agent;
}

/** Closes the shared agents (graceful shutdown); later calls open new ones. */
export async function closeSharedAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
}

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The JSON object in `text`, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A result with the optional fields present only when they say something. */
export function completionResult(
  text: string,
  finishReason: FinishReason,
  toolCalls: readonly ToolCall[],
  usage?: Usage,
  model?: string,
): CompletionResult {
  const result: CompletionResult = { text, finishReason };
  if (toolCalls.length) result.toolCalls = [...toolCalls];
  if (usage) result.usage = usage;
  if (model) result.model = model;
  return result;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Fragments of a key this long or longer give the key away; a word holding one is redacted whole. */
const FRAGMENT = 8;

/**
 * Replaces every secret in `text` with `[redacted]`, in every encoding an upstream may echo it in: raw,
 * URL-encoded, base64 and base64url (also inside a longer encoded value such as `Bearer <key>` or `user:<key>`,
 * whatever its alignment), and partial (any word sharing 8 or more consecutive characters with one of those).
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  const fragments = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[redacted]');
    if (s.length < FRAGMENT + 4) continue;
    for (const form of encodedForms(s)) for (let i = 0; i + FRAGMENT <= form.length; i++) fragments.add(form.slice(i, i + FRAGMENT));
  }
  if (fragments.size === 0) return out;
  return out.replace(/[^\s"'`<>(){}[\],;:]+/g, (word) => {
    if (word.length < FRAGMENT) return word;
    for (let i = 0; i + FRAGMENT <= word.length; i++) if (fragments.has(word.slice(i, i + FRAGMENT))) return '[redacted]';
    return word;
  });
}

/** The secret raw, URL-encoded, and the stable middle of its base64/base64url encodings at each of the 3 alignments. */
function encodedForms(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.from(`${'\0'.repeat(pad)}${secret}`, 'utf8').toString('base64').replace(/=+$/, '');
    // The first characters mix in the padding bytes and the last ones the bytes that follow: keep only the middle.
    const core = b64.slice(Math.ceil((pad * 4) / 3) + 1, -2);
    forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms.filter((f) => f.length >= FRAGMENT);
}

/** Upstream text made fit to show: no markup or control characters, keys redacted, cut to `max` characters. */
export function cleanUpstreamText(text: string, secrets: readonly string[], max = MAX_QUOTED_CHARS): string {
  const plain = text
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return quote(scrub(plain, secrets), max);
}

/** Collapses whitespace and cuts to `max` characters. */
export function quote(text: string, max = MAX_QUOTED_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How long the upstream asks us to wait, in ms: `retry-after-ms`, then `Retry-After` (seconds or an
 * HTTP-date), then a Google `RetryInfo.retryDelay` ("41s", "0.5s") in the error body.
 */
export function parseRetryAfter(headers: Headers, body: unknown, now: number = Date.now()): number | undefined {
  const raMs = header(headers, 'retry-after-ms')?.trim();
  if (raMs && /^\d+(\.\d+)?$/.test(raMs)) return Math.ceil(Number(raMs));
  const ra = header(headers, 'retry-after')?.trim();
  if (ra) {
    if (/^\d+(\.\d+)?$/.test(ra)) return Math.ceil(Number(ra) * 1000);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const err = isObject(body) ? body.error : undefined;
  for (const d of asArray(isObject(err) ? err.details : undefined)) {
    const delay = isObject(d) ? str(d.retryDelay) : undefined;
    const m = delay ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
    if (m) return Math.ceil(Number(m[1]) * 1000);
  }
  return undefined;
}

/**
 * The message and machine codes of an upstream error body, whatever its shape: OpenAI
 * `{error:{message,type,code}}`, Anthropic `{type:'error',error:{type,message}}`, Google
 * `{error:{code,message,status,details:[{reason}]}}`, or plain `{error:'…'}` / `{detail:'…'}` /
 * `{message:'…'}` from local servers. `status` is a numeric code found in the body, if any.
 */
export function describeErrorBody(body: unknown): { message?: string; codes: string[]; status?: number } {
  const codes: string[] = [];
  if (!isObject(body)) return { codes };
  const err = body.error;
  if (typeof err === 'string') return { message: err, codes };
  if (isObject(err)) {
    for (const k of ['type', 'code', 'status']) {
      const v = err[k];
      if (typeof v === 'string') codes.push(v);
    }
    for (const d of asArray(err.details)) {
      const reason = isObject(d) ? str(d.reason) : undefined;
      if (reason) codes.push(reason);
    }
    const status = num(err.code);
    return { message: str(err.message), codes, ...(status !== undefined ? { status } : {}) };
  }
  return { message: str(body.detail) ?? str(body.message), codes };
}

const AUTH_CODES =
  /authentication_error|permission_error|invalid_api_key|API_KEY_INVALID|PERMISSION_DENIED|UNAUTHENTICATED/i;
const OVERLOAD_CODES = /overloaded/i;
const CONTEXT_TEXT =
  /context_length_exceeded|context[ _-]length|context window|prompt is too long|exceeds the maximum number of tokens|maximum context|input token count|too many (input )?tokens|reduce the length/i;
const FILTER_TEXT = /content_filter|content_policy|content management policy|safety system|responsible ai/i;

/** Classifies an upstream failure from its HTTP status (0 when there is none) and error body. */
export function classifyHttpError(status: number, body: unknown): ProviderErrorKind {
  const d = describeErrorBody(body);
  const s = status || d.status || 0;
  const codes = d.codes.join(' ');
  const text = `${codes} ${d.message ?? ''}`;
  if (s === 401 || s === 403 || AUTH_CODES.test(codes)) return 'auth';
  if (s === 429 || /rate_limit|RESOURCE_EXHAUSTED/i.test(codes)) return 'rate_limit';
  if (s === 529 || s === 503 || OVERLOAD_CODES.test(codes)) return 'overloaded';
  if (s === 404) return 'not_found';
  if (s === 408 || s === 504) return 'timeout';
  if (CONTEXT_TEXT.test(text)) return 'context_length';
  if (FILTER_TEXT.test(text)) return 'content_filter';
  if (s >= 400 && s < 500) return 'bad_request';
  return 'server';
}

const KIND_TEXT: Record<ProviderErrorKind, string> = {
  auth: 'the API key was rejected; check the key configured for this provider',
  rate_limit: 'rate limited',
  overloaded: 'the provider is overloaded',
  server: 'the provider failed',
  context_length: 'the request is longer than the model’s context window',
  content_filter: 'the provider’s content filter blocked the request',
  timeout: 'timed out',
  network: 'the connection failed',
  malformed: 'the response could not be understood',
  bad_request: 'the provider rejected the request',
  not_found: 'not found (check the model name and the base URL)',
  cancelled: 'the request was cancelled',
  unsupported: 'the request uses a parameter this provider cannot honour',
};

const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Failures to reach the host at all: the next model on the same host would fail the same way. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function unreachable(error: ProviderError): ProviderError {
  error.unreachable = true;
  return error;
}

function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; isObjectLike(e) && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

function isObjectLike(v: unknown): v is { code?: unknown; cause?: unknown; message?: unknown } {
  return typeof v === 'object' && v !== null;
}

/** How the stream decoders of each wire format plug into `Upstream.stream`. */
export interface StreamDecoder {
  /** Handles one SSE event, returning the `text`/`tool_call` events to yield; throws `ProviderError`. */
  push(ev: SseEvent): StreamEvent[];
  /** Whether the documented end of the stream was reached. */
  readonly complete: boolean;
  result(): CompletionResult;
}

export interface PostOptions {
  path: string;
  headers: Record<string, string>;
  body: unknown;
  signal?: AbortSignal | undefined;
}

/** One provider's endpoint: base URL, key (for scrubbing), timeouts, and the shared agent. */
export class Upstream {
  readonly provider: string;
  private readonly baseUrl: string;
  private readonly secrets: string[];
  private readonly timeouts: Required<Timeouts>;

  constructor(config: Pick<ProviderConfig, 'id' | 'baseUrl' | 'apiKey' | 'timeouts'>) {
    this.provider = config.id;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.secrets = config.apiKey ? [config.apiKey] : [];
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...config.timeouts };
  }

  /** Builds a `ProviderError` for this provider, scrubbing the key from the message. */
  error(init: Omit<ProviderErrorInit, 'provider'>): ProviderError {
    const message = scrub(`${this.provider}: ${init.message}`, this.secrets);
    return new ProviderError({ ...init, provider: this.provider, message });
  }

  /** An error for an upstream error payload (an HTTP error body, or an error event inside a stream). */
  errorFromBody(status: number, body: unknown, rawText: string, headers: Headers = {}): ProviderError {
    const kind = classifyHttpError(status, body);
    // Never the body verbatim: its status, its error type and a cleaned message (no markup, keys redacted, cut).
    const described = describeErrorBody(body);
    const upstream = described.message ?? rawText;
    const retryAfterMs = parseRetryAfter(headers, body);
    let message = KIND_TEXT[kind];
    if (status) message += ` (HTTP ${status})`;
    if (kind === 'rate_limit' && retryAfterMs !== undefined) message += `; retry after ${retryAfterMs} ms`;
    const type = described.codes[0] ? cleanUpstreamText(described.codes[0], this.secrets, 60) : '';
    const quoted = cleanUpstreamText(upstream, this.secrets);
    if (quoted) message += `. Upstream said${type ? ` (${type})` : ''}: ${quoted}`;
    else if (type) message += ` (${type})`;
    return this.error({
      kind,
      message,
      ...(status ? { status } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  /** Parses JSON from the upstream, or throws a `malformed` error quoting (scrubbed) what came instead. */
  parseJson(text: string, what = 'the response'): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw this.error({
        kind: 'malformed',
        message: `${KIND_TEXT.malformed}: ${what} is not valid JSON: ${cleanUpstreamText(text, this.secrets) || '(empty)'}`,
      });
    }
  }

  /** Turns anything thrown while talking to the upstream into a `ProviderError`. */
  toProviderError(err: unknown, signal?: AbortSignal, headersMs?: number): ProviderError {
    if (err instanceof ProviderError) return err;
    if (signal?.aborted) return this.error({ kind: 'cancelled', message: KIND_TEXT.cancelled, cause: err });
    const code = errorCode(err);
    const detail = isObjectLike(err) && typeof err.message === 'string' ? err.message : String(err);
    const t = this.timeouts;
    switch (code) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return unreachable(this.error({ kind: 'timeout', message: `could not connect within ${t.connectMs} ms`, cause: err }));
      case 'UND_ERR_HEADERS_TIMEOUT':
        return this.error({ kind: 'timeout', message: `no response within ${headersMs ?? t.headersMs} ms`, cause: err });
      case 'UND_ERR_BODY_TIMEOUT':
        return this.error({ kind: 'timeout', message: `the response stalled for ${t.bodyMs} ms`, cause: err });
      case 'ETIMEDOUT':
        return this.error({ kind: 'timeout', message: `${KIND_TEXT.timeout} (${detail})`, cause: err });
      case 'UND_ERR_ABORTED':
      case 'ABORT_ERR':
        return this.error({ kind: 'cancelled', message: KIND_TEXT.cancelled, cause: err });
    }
    if (err instanceof SyntaxError) {
      return this.error({ kind: 'malformed', message: `${KIND_TEXT.malformed}: ${detail}`, cause: err });
    }
    const known = code !== undefined && NETWORK_CODES.has(code);
    const pe = this.error({
      kind: 'network',
      message: `${KIND_TEXT.network}${known ? ` (${code})` : ''}: ${quote(detail)}`,
      cause: err,
    });
    return code !== undefined && UNREACHABLE_CODES.has(code) ? unreachable(pe) : pe;
  }

  private async send(opts: PostOptions, accept: string, headersMs: number): Promise<Dispatcher.ResponseData> {
    const [{ request }, agent] = await Promise.all([loadUndici(), sharedAgent(this.timeouts.connectMs)]);
    const res = await request(`${this.baseUrl}${opts.path}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', accept, ...opts.headers },
      body: JSON.stringify(opts.body),
      signal: opts.signal ?? null,
      headersTimeout: headersMs,
      bodyTimeout: this.timeouts.bodyMs,
    });
    reportRateLimitHeaders(this.provider, isObject(opts.body) ? opts.body.model : undefined, res.headers);
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    const text = await readCapped(res.body, MAX_ERROR_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    throw this.errorFromBody(res.statusCode, body, text, res.headers);
  }

  private async readJson(res: Dispatcher.ResponseData): Promise<unknown> {
    const type = header(res.headers, 'content-type');
    if (type !== undefined && !isJsonType(type)) throw await this.unexpectedType(res, type, 'JSON');
    return this.parseJson(await res.body.text());
  }

  /** A `malformed` error for a 2xx answer of the wrong content type, quoting its start. */
  private async unexpectedType(res: Dispatcher.ResponseData, type: string, expected: string): Promise<ProviderError> {
    const text = await readCapped(res.body, MAX_QUOTED_CHARS * 4);
    return this.error({
      kind: 'malformed',
      status: res.statusCode,
      message: `${KIND_TEXT.malformed}: expected ${expected}, got ${cleanUpstreamText(type, this.secrets, 80)}: ${cleanUpstreamText(text, this.secrets)}`,
    });
  }

  /** POSTs a JSON request and returns the JSON answer. */
  async postJson(opts: PostOptions): Promise<unknown> {
    let res: Dispatcher.ResponseData | undefined;
    try {
      res = await this.send(opts, 'application/json', this.timeouts.completeMs);
      return await this.readJson(res);
    } catch (err) {
      throw this.toProviderError(err, opts.signal, this.timeouts.completeMs);
    } finally {
      if (res && !res.body.readableEnded) res.body.destroy();
    }
  }

  /**
   * POSTs a streaming request and yields what `decoder` makes of the SSE events, then one `done`.
   * A server that answers with plain JSON instead is accepted (parsed by `parseJson`). Errors come out
   * as `ProviderError`s with `contentStarted` set when text or tool calls had already been yielded.
   * Leaving the loop early or aborting `signal` closes the upstream connection.
   */
  async *stream(
    opts: PostOptions,
    decoder: StreamDecoder,
    parseJson: (json: unknown) => CompletionResult,
  ): AsyncGenerator<StreamEvent> {
    let res: Dispatcher.ResponseData | undefined;
    let started = false;
    try {
      res = await this.send(opts, 'text/event-stream', this.timeouts.headersMs);
      const type = header(res.headers, 'content-type');
      if (type !== undefined && isJsonType(type)) {
        const result = parseJson(await this.readJson(res));
        if (result.text) {
          started = true;
          yield { type: 'text', text: result.text };
        }
        for (const call of result.toolCalls ?? []) {
          started = true;
          yield { type: 'tool_call', call };
        }
        yield { type: 'done', result };
        return;
      }
      if (type !== undefined && !/^text\/event-stream\b/i.test(type)) {
        throw await this.unexpectedType(res, type, 'an event stream');
      }
      for await (const ev of parseSse(res.body)) {
        for (const out of decoder.push(ev)) {
          started = true;
          yield out;
        }
      }
      if (!decoder.complete) {
        throw this.error({ kind: 'network', message: 'the stream ended before the response was complete' });
      }
      const result = decoder.result();
      // A stream that carried neither text nor tool calls (no choices, or empty ones) is not an answer: fall back.
      // (A filtered answer is empty by design: that finish reason is the answer.)
      if (!started && !result.text && !result.toolCalls?.length && result.finishReason !== 'content_filter') {
        throw this.error({ kind: 'malformed', message: `${KIND_TEXT.malformed}: the stream carried no content` });
      }
      yield { type: 'done', result };
    } catch (err) {
      const pe = this.toProviderError(err, opts.signal);
      pe.contentStarted = started;
      throw pe;
    } finally {
      if (res && !res.body.readableEnded) res.body.destroy();
    }
  }
}

function isJsonType(type: string): boolean {
  return /^application\/([\w.-]+\+)?json\b/i.test(type.trim());
}

async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      text += decoder.decode(chunk, { stream: true });
      if (bytes >= maxBytes) break;
    }
  } catch {
    // Whatever arrived before the failure is enough to describe the error.
  }
  return text;
}
