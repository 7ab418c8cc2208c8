import type { CostEstimate } from '../pricing/estimate.js';
import type { Preferences, RequireCaps } from '../policy/schema.js';
import type { RequestInput } from './messages.js';
import type { Task } from './detect-task.js';
import type { SuccessPredictor } from './predict/types.js';

export interface RouteRequest {
  input: RequestInput;
  /** A policy name; the active policy when absent. */
  policy?: string;
  preferences?: Preferences;
  require?: RequireCaps;
  /** Expected output tokens (default 500). */
  outputTokens?: number;
  /** Restrict candidates to these ids (or aliases). */
  models?: string[];
  /** Tags the request carries, for policy rules with `when.tag`. */
  tags?: string[];
}

/** What the router knows about providers: which can be called and which run locally. */
export interface ProviderStatus {
  /** True once any provider has a key or is configured; then only available providers are candidates. */
  anyConfigured: boolean;
  isAvailable(provider: string): boolean;
  isLocal(provider: string): boolean;
}

export interface RouteContext {
  /** Money left under the tightest budget, in USD; candidates whose estimate exceeds it are filtered out. */
  budgetLeft?: number;
  /** Median observed latency per model id, in ms. */
  observedLatencyMs?: ReadonlyMap<string, number>;
  /** Today's date (YYYY-MM-DD) for deprecation checks; without it, deprecation is not checked. */
  today?: string;
  providers?: ProviderStatus;
  /** The success predictor (default: the bundled one trained on public per-prompt data). */
  predictor?: SuccessPredictor;
  /** Warnings from loading the policy files, carried on every decision. */
  warnings?: string[];
}

export interface Alternative {
  model: string;
  score: number;
  estimatedCost: number;
}

export interface RouteDecision {
  model: string;
  provider: string;
  task: Task;
  taskConfidence: number;
  estimatedCost: number;
  estimate: CostEstimate;
  policy: string;
  score: number;
  alternatives: Alternative[];
  fallbacks: string[];
  explanation: string[];
  warnings: string[];
  /** Candidates left after the hard filters. */
  candidates: number;
}
