/**
 * What a request asks of the models' thinking — OpenAI's `reasoning_effort`, Anthropic's `thinking.budget_tokens` —
 * as the router reads it. Without an ask each model thinks as it does by default (`model.reasoning`). An effort of
 * `low` or more, or a budget above 0, asks every candidate to think: only models that can are candidates, each is
 * forecast the hidden reasoning of a thinking model (scaled by the effort, capped by the budget) and predicted as one
 * that thinks. `none` and `minimal` turn thinking off or down where a model allows it: less (or no) hidden reasoning
 * on models that think by default, and no thinking bonus in the prediction.
 *
 * Pure: no node:*.
 */

/** OpenAI's reasoning efforts, the scale every provider adapter maps its thinking controls onto. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

/** The request's thinking controls, as a client sent them (a budget wins over an effort, as in the adapters). */
export interface ReasoningRequest {
  effort?: ReasoningEffort;
  /** Anthropic-style thinking budget in tokens; 0 turns thinking off. */
  budgetTokens?: number;
}

/** The request's thinking controls from a client's effort and budget (either may be absent); none given: undefined. */
export function reasoningRequest(effort: ReasoningEffort | undefined, budgetTokens: number | undefined): ReasoningRequest | undefined {
  if (effort === undefined && budgetTokens === undefined) return undefined;
  return { ...(effort !== undefined ? { effort } : {}), ...(budgetTokens !== undefined ? { budgetTokens } : {}) };
}

export interface ThinkingAsk {
  /** `on`: every candidate thinks (and must be able to); `off`: thinking is turned off or down where a model allows. */
  mode: 'on' | 'off';
  /** Hidden reasoning relative to the forecast at the default (medium) effort. */
  scale: number;
  /** At most this many hidden tokens: the thinking budget asked for. */
  budget?: number;
  /** For people: `reasoning_effort high`, `thinking budget 8,000 tokens`. */
  label: string;
}

/**
 * Hidden reasoning at each effort relative to `medium`: OpenAI documents effort as how many reasoning tokens a
 * model spends; about half as many at `low` and twice at `high` is the usual ratio (not a measurement here).
 */
const EFFORT_SCALE: Record<ReasoningEffort, number> = { none: 0, minimal: 0.1, low: 0.5, medium: 1, high: 2, xhigh: 3 };

/** A thinking budget (Anthropic's `budget_tokens`) as the nearest reasoning effort. */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  return budget <= 2048 ? 'low' : budget <= 12_000 ? 'medium' : 'high';
}

export function thinkingAsk(reasoning: ReasoningRequest | undefined): ThinkingAsk | undefined {
  if (!reasoning) return undefined;
  const { budgetTokens, effort } = reasoning;
  if (budgetTokens !== undefined) {
    const label = `thinking budget ${Math.round(budgetTokens).toLocaleString('en-US')} tokens`;
    if (budgetTokens <= 0) return { mode: 'off', scale: 0, label };
    return { mode: 'on', scale: EFFORT_SCALE[effortForBudget(budgetTokens)], budget: budgetTokens, label };
  }
  if (effort === undefined) return undefined;
  const scale = EFFORT_SCALE[effort];
  return { mode: effort === 'none' || effort === 'minimal' ? 'off' : 'on', scale, label: `reasoning_effort ${effort}` };
}
