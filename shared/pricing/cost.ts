import type { Endpoint, Pricing } from '../catalog/model.js';

export interface CostBreakdown {
  inputCost: number;
  outputCost: number;
  totalCost: number;
}

export interface UsageForCost {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (a subset of inputTokens). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (a subset of inputTokens; Anthropic bills them extra). */
  cacheWriteInputTokens?: number;
  /** Reasoning tokens (a subset of outputTokens) where the model prices them separately. */
  reasoningTokens?: number;
}

/** The prices that apply at this input size: the highest tier whose threshold the input exceeds. */
export function pricesFor(pricing: Pricing, inputTokens: number): { input: number; output: number; cachedInput?: number } {
  let input = pricing.inputPerMTok;
  let output = pricing.outputPerMTok;
  let cachedInput = pricing.cachedInputPerMTok;
  for (const tier of pricing.tiers ?? []) {
    if (inputTokens > tier.aboveInputTokens) {
      input = tier.inputPerMTok;
      output = tier.outputPerMTok;
      cachedInput = tier.cachedInputPerMTok ?? cachedInput;
    }
  }
  return cachedInput === undefined ? { input, output } : { input, output, cachedInput };
}

/** USD cost of a call: tokens × the right tier's per-million prices. */
export function costOf(model: Pick<Endpoint, 'pricing'>, usage: UsageForCost): CostBreakdown {
  const prices = pricesFor(model.pricing, usage.inputTokens);
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const written = Math.min(usage.cacheWriteInputTokens ?? 0, usage.inputTokens - cached);
  const cachedPrice = prices.cachedInput ?? prices.input;
  const writePrice = model.pricing.cacheWritePerMTok ?? prices.input;
  const inputCost = ((usage.inputTokens - cached - written) * prices.input + cached * cachedPrice + written * writePrice) / 1e6;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const reasoningPrice = model.pricing.reasoningPerMTok ?? prices.output;
  const outputCost = ((usage.outputTokens - reasoning) * prices.output + reasoning * reasoningPrice) / 1e6;
  return { inputCost, outputCost, totalCost: inputCost + outputCost };
}
