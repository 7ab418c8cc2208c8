import type { Endpoint } from '../../shared/catalog/model.js';
import type { CompletionResult, GenerationParams, ProviderErrorKind, ProviderMessage, ToolDef, Usage } from '../providers/types.js';

export type AttemptOutcome = 'ok' | 'retry' | 'fallback' | 'skipped' | 'failed' | 'cancelled';

export interface Attempt {
  model: string;
  outcome: AttemptOutcome;
  status?: number;
  /** What went wrong, for people; never contains a key. */
  error?: string;
  /**
   * Why, for machines: the provider error's kind, `circuit_open` for a provider cooling down, `no_key` for one that
   * cannot be called, `timeout` at the call's deadline.
   */
  kind?: ProviderErrorKind | 'circuit_open' | 'no_key';
  /** How long the provider (or the breaker) says to wait before trying again. */
  retryAfterMs?: number;
  /** The request parameter at fault (`unsupported`). */
  param?: string;
  ms: number;
}

export interface InvokeRequest {
  /** The endpoints to try, in order: the routed (or pinned) model's, then its fallbacks. */
  chain: Endpoint[];
  messages: ProviderMessage[];
  maxTokens?: number;
  temperature?: number;
  tools?: ToolDef[];
  json?: boolean;
  /** Sampling, tool-choice, structured-output and reasoning parameters, mapped by each adapter. */
  params?: GenerationParams;
  /** Called with each piece of text as it streams, and the model producing it; without it the call is not streamed. */
  onText?: (text: string, model: string) => void;
  /** Called at each retry and fallback with a line for people ("X failed (…); falling back to Y"). */
  onProgress?: (message: string) => void;
  /** Called with each piece of a refusal as it streams (OpenAI's `delta.refusal`). */
  onRefusal?: (text: string, model: string) => void;
  signal?: AbortSignal;
  /** For the ledger. */
  workspace: string;
  policy: string;
  via: string;
}

export interface InvokeResult {
  /** The canonical id of the model that answered. */
  model: string;
  /** The endpoint that answered (`provider/name-at-provider`). */
  endpoint: string;
  text: string;
  refusal?: string;
  reasoning?: string;
  reasoningBlocks?: CompletionResult['reasoningBlocks'];
  moreChoices?: CompletionResult['moreChoices'];
  toolCalls?: CompletionResult['toolCalls'];
  finishReason: CompletionResult['finishReason'];
  usage: Usage;
  /** USD, from the provider's reported usage and the catalog price. */
  cost: number;
  /** True when the provider reported no usage and the tokens were counted locally. */
  usageEstimated: boolean;
  attempts: Attempt[];
}
