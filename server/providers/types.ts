/**
 * The narrow provider interface. The router and the invoker depend on these types only, never on a
 * provider's wire shapes.
 */

export type TextPart = { type: 'text'; text: string };
/** An image as base64 `data` (with `mimeType`) or as a `url`. */
export type ImagePart = { type: 'image'; data?: string; url?: string; mimeType?: string };

export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | Array<TextPart | ImagePart>;
  /** For `role: 'tool'`: the id of the tool call this message answers. */
  toolCallId?: string;
  /** For `role: 'assistant'`: tool calls the model made in this turn. */
  toolCalls?: ToolCall[];
}

/** A tool the model may call; `parameters` is a JSON Schema describing an object. */
export interface ToolDef {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

/** A tool call made by the model; `arguments` is the JSON text of the arguments object. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /**
   * Opaque provider data to send back unchanged with this call in later turns (Gemini's
   * `thoughtSignature`, which Gemini 3 requires on replayed function calls). Keep it with the call.
   */
  signature?: string;
}

export interface CompletionRequest {
  /** The model's name at the provider (the catalog's `name`, not the `provider/model` id). */
  model: string;
  messages: ProviderMessage[];
  maxTokens?: number;
  temperature?: number;
  tools?: ToolDef[];
  /** Ask for a JSON object as the answer. */
  json?: boolean;
}

/**
 * Token usage, normalized across providers:
 * - `inputTokens` counts every prompt token, cached ones included (`cachedInputTokens` and
 *   `cacheWriteInputTokens` are parts of it, never added on top);
 * - `outputTokens` counts every generated token, reasoning included (`reasoningTokens` is part of it).
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens read from the provider's cache (billed at the cached-input price). */
  cachedInputTokens?: number;
  /** Prompt tokens written to the provider's cache (Anthropic; billed at the cache-write price). */
  cacheWriteInputTokens?: number;
  /** Hidden reasoning ("thinking") tokens, when the provider reports them. */
  reasoningTokens?: number;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';

export interface CompletionResult {
  text: string;
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  usage?: Usage;
  /** The model the provider says answered (may be a dated version of the requested one). */
  model?: string;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: ToolCall }
  | { type: 'done'; result: CompletionResult };

export interface Provider {
  readonly id: string;
  complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult>;
  /** Yields `text` and `tool_call` events, then exactly one `done` event; throws `ProviderError`. */
  stream(req: CompletionRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}

/** The three wire formats Switchyard speaks. */
export type ApiKind = 'openai' | 'anthropic' | 'gemini';

/** Timeouts in milliseconds. */
export interface Timeouts {
  /** TCP/TLS connect. Default 10 s. */
  connectMs?: number;
  /** stream(): from sending the request to the response headers (time to first byte). Default 60 s. */
  headersMs?: number;
  /**
   * complete(): the same wait, for a non-streamed answer. Upstreams send its headers only once the
   * whole answer is generated, so this bounds the generation time. Default 300 s.
   */
  completeMs?: number;
  /** Longest silence between two body chunks (idle, not total). Default 60 s. */
  bodyMs?: number;
}

/** What it takes to build a provider; user config and key lookup happen elsewhere. */
export interface ProviderConfig {
  /** The catalog's provider name: `openai`, `anthropic`, `groq`, `ollama`, … */
  id: string;
  api: ApiKind;
  baseUrl: string;
  apiKey?: string;
  timeouts?: Timeouts;
  /** Extra static headers (e.g. OpenRouter's `HTTP-Referer` / `X-Title`). */
  headers?: Record<string, string>;
  /** OpenAI-compatible only: the request field for the output limit. Default `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

export const PROVIDER_ERROR_KINDS = [
  'auth',
  'rate_limit',
  'overloaded',
  'server',
  'context_length',
  'content_filter',
  'timeout',
  'network',
  'malformed',
  'bad_request',
  'not_found',
  'cancelled',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  provider: string;
  message: string;
  status?: number;
  retryAfterMs?: number;
  contentStarted?: boolean;
  cause?: unknown;
}

/**
 * A failed provider call, classified. The message is written for a person, starts with the provider
 * id and never contains the API key (upstream bodies are scrubbed and truncated before they get here).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  /** The upstream HTTP status, when there was a response. */
  readonly status?: number;
  /** How long the provider asked us to wait (Retry-After, retry-after-ms or Gemini's RetryInfo). */
  readonly retryAfterMs?: number;
  /** Streams only: whether text or tool calls had already been yielded when the error happened. */
  contentStarted: boolean;
  /** The host could not be reached at all (refused, connect timeout, DNS): not worth another model on it. */
  unreachable?: boolean;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.provider = init.provider;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.contentStarted = init.contentStarted ?? false;
  }
}

/** The text of a message's content, image parts left out. */
export function contentText(content: ProviderMessage['content']): string {
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export type ErrorAction = 'retry' | 'fallback' | 'skip-provider' | 'larger-context' | 'stop';
export interface ErrorDecision {
  action: ErrorAction;
  /** For `retry`: wait this long first. */
  delayMs?: number;
}

/** A 429 asking us to wait at most this long is retried on the same model; longer waits fall back. */
export const MAX_RETRY_AFTER_MS = 10_000;

/**
 * What the invoker should do about a failed call. Pure.
 * - once a stream has yielded content, nothing can be replayed without duplicating output: stop;
 * - 429 with a short Retry-After: retry after it; longer or none: fall back to another model;
 * - overload, 5xx, timeout, network, malformed response, unknown model: fall back;
 * - auth: skip every model of this provider;
 * - context too long: fall back to a model with a larger context window;
 * - content filter, bad request, cancellation, anything that is not a ProviderError: stop.
 */
export function decideOnError(err: unknown): ErrorDecision {
  if (!(err instanceof ProviderError)) return { action: 'stop' };
  if (err.contentStarted) return { action: 'stop' };
  switch (err.kind) {
    case 'rate_limit':
      return err.retryAfterMs !== undefined && err.retryAfterMs <= MAX_RETRY_AFTER_MS
        ? { action: 'retry', delayMs: err.retryAfterMs }
        : { action: 'fallback' };
    case 'overloaded':
    case 'server':
    case 'timeout':
    case 'network':
    case 'malformed':
    case 'not_found':
      return { action: 'fallback' };
    case 'auth':
      return { action: 'skip-provider' };
    case 'context_length':
      return { action: 'larger-context' };
    case 'content_filter':
    case 'bad_request':
    case 'cancelled':
      return { action: 'stop' };
  }
}
