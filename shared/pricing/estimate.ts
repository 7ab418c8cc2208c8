import type { Model } from '../catalog/model.js';
import { costOf } from './cost.js';
import { RequestTokenCounter } from './token-count.js';
import { tokenizerFamily } from './tokenizer-family.js';
import { compareText } from '../format.js';

export interface CostEstimate {
  model: string;
  inputTokens: number;
  outputTokens: number;
  inputCost: number;
  outputCost: number;
  totalCost: number;
  /** True when the input count comes from the model's own tokenizer. */
  exact: boolean;
  /** For estimates: the expected error of the token count. */
  note?: string;
}

/** Estimate a request's cost on each model, cheapest first (ties by id, so the order is stable). */
export function estimateCosts(models: readonly Model[], counter: RequestTokenCounter, outputTokens: number): CostEstimate[] {
  const estimates = models.map((model) => estimateOne(model, counter, outputTokens));
  return estimates.sort((a, b) => a.totalCost - b.totalCost || compareText(a.model, b.model));
}

export function estimateOne(model: Model, counter: RequestTokenCounter, outputTokens: number): CostEstimate {
  const count = counter.count(tokenizerFamily(model));
  const cost = costOf(model, { inputTokens: count.tokens, outputTokens });
  const estimate: CostEstimate = {
    model: model.id,
    inputTokens: count.tokens,
    outputTokens,
    ...cost,
    exact: count.exact,
  };
  if (count.note) estimate.note = count.note;
  return estimate;
}
