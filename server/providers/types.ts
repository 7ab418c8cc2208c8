/**
 * The narrow provider interface. The router and the invoker depend on these types only, never on a
 * provider's wire shapes.
 */

export type TextPart = { type: 'text'; text: string };
/** An image as base64 `data` (with `mimeType`) or as a `url`. */
export type ImagePart = { type: 'image'; data?: string; url?: string; mimeType?: string };

/**
 * A block of the model's own reasoning that must go back unchanged in later turns (Claude's signed `thinking` and
 * `redacted_thinking` blocks, which tool use with thinking requires). Only the adapter that made it replays it.
 */
export type ReasoningBlock = { type: 'thinking'; text: string; signature: string } | { type: 'redacted'; data: string };

/** A prompt-cache breakpoint (Anthropic's `cache_control`): cache everything up to here. A hint, not content. */
export interface CacheHint {
  ttl?: '5m' | '1h';
}

export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** A cache breakpoint after this message (Anthropic); providers that cache on their own ignore it. */
  cache?: CacheHint;
  /** The participant's name (OpenAI's `name`): forwarded to OpenAI-compatible upstreams; other formats have none. */
  name?: string;
  /** For `role: 'assistant'`: signed reasoning from that turn, replayed where the provider wants it. */
  reasoning?: ReasoningBlock[];
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
  /** OpenAI's strict schema adherence for this tool's arguments (forwarded to OpenAI-compatible upstreams). */
  strict?: boolean;
  /** A cache breakpoint after this tool's definition (Anthropic). */
  cache?: CacheHint;
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

/** Which tool the model must (or must not) call: OpenAI's `tool_choice`, normalized. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** A JSON Schema the answer must follow (OpenAI `json_schema`, Anthropic/Gemini structured output). */
export interface JsonSchemaFormat {
  name: string;
  schema: Record<string, unknown>;
  description?: string;
  strict?: boolean;
}

export type { ReasoningEffort } from '../../shared/routing/thinking.js';
import type { ReasoningEffort } from '../../shared/routing/thinking.js';

/**
 * Generation parameters a client may send, provider-neutral. Each adapter maps what its wire format has an
 * equivalent for and throws an `unsupported` ProviderError naming the parameter for the rest (the invoker
 * then tries the next model; when none can honour it the client gets a 400 naming it): never dropped.
 */
export interface GenerationParams {
  toolChoice?: ToolChoice;
  /** `false`: at most one tool call per turn. */
  parallelToolCalls?: boolean;
  jsonSchema?: JsonSchemaFormat;
  topP?: number;
  /** Anthropic and Gemini only (the Messages API's `top_k`). */
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  logitBias?: Record<string, number>;
  /** Number of choices (OpenAI-compatible upstreams, not streamed); other wire formats refuse n > 1. */
  n?: number;
  reasoningEffort?: ReasoningEffort;
  /** Anthropic-style thinking budget in tokens (from `/v1/messages`' `thinking`); wins over `reasoningEffort`. */
  thinkingBudget?: number;
  /** The end user's id, for the provider's abuse monitoring. */
  user?: string;
  metadata?: Record<string, string>;
  store?: boolean;
  /**
   * Other Chat Completions parameters (`service_tier`, `prediction`, `verbosity`, `web_search_options`,
   * `prompt_cache_key`, `safety_identifier`, …) forwarded verbatim to OpenAI-compatible upstreams; other wire
   * formats refuse them by name.
   */
  openaiExtra?: Record<string, unknown>;
}

export interface CompletionRequest extends GenerationParams {
  /** The model's name at the provider (the catalog's `name`, not the `provider/model` id). */
  model: string;
  messages: ProviderMessage[];
  /** The client's output limit; absent: none is sent where the API allows (Anthropic gets `outputLimit`). */
  maxTokens?: number;
  /** The model's own output limit, for APIs that require `max_tokens` when the client set none. */
  outputLimit?: number;
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
  /** The model declined (OpenAI's `message.refusal`). */
  refusal?: string;
  /** Visible reasoning ("thinking") text, when the provider returns it. */
  reasoning?: string;
  /** The reasoning as blocks to replay in later turns (Anthropic), when the provider signs them. */
  reasoningBlocks?: ReasoningBlock[];
  /** With `n > 1` (OpenAI-compatible, not streamed): the choices after the first, in order; usage is the first's. */
  moreChoices?: CompletionResult[];
  toolCalls?: ToolCall[];
  finishReason: FinishReason;
  usage?: Usage;
  /** The model the provider says answered (may be a dated version of the requested one). */
  model?: string;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  /** A piece of a refusal (OpenAI's `delta.refusal`). */
  | { type: 'refusal'; text: string }
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
  /** The request uses a parameter this provider cannot honour (`param` names it); nothing was sent. */
  'unsupported',
] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  provider: string;
  message: string;
  status?: number;
  retryAfterMs?: number;
  contentStarted?: boolean;
  /** The request parameter at fault, when one is (`unsupported`, some `bad_request`s). */
  param?: string;
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
  readonly param?: string;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.provider = init.provider;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.param !== undefined) this.param = init.param;
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
 * - overload, 5xx, timeout, network, malformed response, unknown model, a parameter it cannot honour: fall back;
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
    case 'unsupported':
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

/** The wire names of the generation parameters, for errors that name what the client sent. */
export const PARAM_WIRE_NAMES: Readonly<Record<keyof GenerationParams, string>> = Object.freeze({
  toolChoice: 'tool_choice',
  parallelToolCalls: 'parallel_tool_calls',
  jsonSchema: 'response_format',
  topP: 'top_p',
  topK: 'top_k',
  stop: 'stop',
  seed: 'seed',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  logitBias: 'logit_bias',
  n: 'n',
  reasoningEffort: 'reasoning_effort',
  thinkingBudget: 'thinking',
  user: 'user',
  metadata: 'metadata',
  store: 'store',
  openaiExtra: 'openaiExtra',
});

/** The error an adapter throws, before sending anything, for a parameter its wire format cannot honour. */
export function unsupportedParam(provider: string, param: string, why: string): ProviderError {
  return new ProviderError({ kind: 'unsupported', provider, param, message: `${provider} cannot honour ${param}: ${why}` });
}

/**
 * Throws `unsupported` for the first of `names` that the request sets (to anything but an inert value:
 * `store: false`, `n: 1`, an empty map), and for any OpenAI-only extra.
 */
export function refuseParams(provider: string, req: GenerationParams, names: ReadonlyArray<keyof GenerationParams>, api: string): void {
  for (const name of names) {
    const v = req[name];
    if (v === undefined || v === null || v === false || (name === 'n' && v === 1)) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    throw unsupportedParam(provider, PARAM_WIRE_NAMES[name], `${api} has no equivalent`);
  }
  for (const [key, v] of Object.entries(req.openaiExtra ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    throw unsupportedParam(provider, key, `an OpenAI parameter with no equivalent in ${api}`);
  }
}
