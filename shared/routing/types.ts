import type { EvidenceSource, QualityCategory } from '../catalog/model.js';
import type { CostEstimate } from '../pricing/estimate.js';
import type { Preferences, RequireCaps } from '../policy/schema.js';
import type { RequestInput } from './messages.js';
import type { Task } from './detect-task.js';
import type { SuccessPredictor } from './predict/types.js';
import type { ReasoningRequest } from './thinking.js';

export interface RouteRequest {
  input: RequestInput;
  /** A policy name; the active policy when absent. */
  policy?: string;
  preferences?: Preferences;
  require?: RequireCaps;
  /** The output size is known (the caller says so): no forecast. */
  outputTokens?: number;
  /** The client's `max_tokens`: endpoints whose output limit is lower are skipped. */
  maxTokens?: number;
  /** Restrict candidates to these models (ids or aliases; an endpoint id restricts to that endpoint). */
  models?: string[];
  /** Tags the request carries, for policy rules with `when.tag`. */
  tags?: string[];
  /** The client's thinking controls (`reasoning_effort`, a thinking budget): see `thinking.ts`. */
  reasoning?: ReasoningRequest;
}

/** What the router knows about providers: which can be called and which run locally. */
export interface ProviderStatus {
  /** True once any provider has a key or is configured; then only available providers are candidates. */
  anyConfigured: boolean;
  isAvailable(provider: string): boolean;
  /** Its base URL is loopback, or the user declared it local. */
  isLocal(provider: string): boolean;
  /** Switchyard can call this provider once it has a key (a built-in adapter or a user-config provider). */
  isSupported?(provider: string): boolean;
  /** What to do to make a provider callable, e.g. `set ANTHROPIC_API_KEY`. */
  keyHint?(provider: string): string;
}

export interface BudgetState {
  /** The tightest budget: `daily` or `monthly`. */
  period: 'daily' | 'monthly';
  limit: number;
  /** Spent plus reserved in flight. */
  spent: number;
}

export interface RouteContext {
  /** The tightest budget and what is spent under it; candidates whose estimate exceeds what is left are refused. */
  budget?: BudgetState;
  /** Median observed latency per endpoint id (or model id), in ms. */
  observedLatencyMs?: ReadonlyMap<string, number>;
  /** Endpoint ids whose provider reported no requests or tokens left (`x-ratelimit-*`) until their reset: not candidates. */
  rateLimited?: ReadonlySet<string>;
  /** Today's date (YYYY-MM-DD) for deprecation checks; without it, deprecation is not checked. */
  today?: string;
  providers?: ProviderStatus;
  /** The success predictor (default: the bundled one trained on public per-prompt data). */
  predictor?: SuccessPredictor;
  /** Warnings from loading the policy files, carried on every decision. */
  warnings?: string[];
}

/** A model at the endpoint that would serve it, as listed in alternatives and fallbacks. */
export interface RouteChoice {
  model: string;
  provider: string;
  endpoint: string;
  estimatedCost: number;
  /** Predicted chance of a good answer (0..1). */
  success: number;
}

export interface QualitySummary {
  /** The rating in `category` (Elo-style). */
  rating: number;
  category: QualityCategory;
  source: EvidenceSource;
  basis: string;
}

export interface RouteDecision {
  /** The canonical model id. */
  model: string;
  /** The chosen endpoint's provider. */
  provider: string;
  /** `provider/name-at-provider`. */
  endpoint: string;
  /** False when no key or local server makes the endpoint callable yet (a preview); `needs` says what to set. */
  callable: boolean;
  needs?: string;
  task: Task;
  taskConfidence: number;
  estimatedCost: number;
  /** [low, high] USD: the output forecast's range and the token count's error. */
  costRange: [number, number];
  /** Output tokens the chosen model is expected to bill (answer + hidden reasoning). */
  outputTokens: number;
  outputForecast: { tokens: number; low: number; high: number; reasoningTokens: number; basis: string };
  estimate: CostEstimate;
  quality: QualitySummary;
  /** Predicted chance of a good answer on this request, and the request's difficulty (0..1). */
  success: number;
  difficulty: number;
  policy: string;
  score: number;
  alternatives: RouteChoice[];
  fallbacks: RouteChoice[];
  explanation: string[];
  warnings: string[];
  /** Models left after the hard filters. */
  candidates: number;
}
