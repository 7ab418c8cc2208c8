import type { Endpoint, Model } from '../catalog/model.js';
import { costOf } from '../pricing/cost.js';
import type { TokenCount } from '../pricing/token-count.js';
import { modelOutputTokens, type OutputForecast } from './forecast.js';

export interface RequestCost {
  /** USD, expected. */
  cost: number;
  low: number;
  high: number;
  inputCost: number;
  outputCost: number;
  /** Output tokens billed (answer + hidden reasoning), expected and range. */
  output: ReturnType<typeof modelOutputTokens>;
}

/** An estimated token count may be off by this much either way (the tokenizer families' stated error). */
const ESTIMATED_COUNT_ERROR = 0.15;

type Output = RequestCost['output'];

function costAt(endpoint: Endpoint, output: Output, inputTokens: number, outputTokens: number) {
  return costOf(endpoint, { inputTokens: Math.round(inputTokens), outputTokens, reasoningTokens: Math.min(output.reasoning, outputTokens) });
}

/** The expected cost alone, without its range. */
export function expectedCost(endpoint: Endpoint, model: Pick<Model, 'reasoning'>, input: TokenCount, forecast: OutputForecast): { cost: number; output: Output } {
  const output = modelOutputTokens(forecast, model.reasoning, endpoint.maxOutputTokens);
  return { cost: costAt(endpoint, output, input.tokens, output.tokens).totalCost, output };
}

/** This request's cost at one endpoint: the forecast answer plus hidden reasoning for reasoning models, in a range. */
export function requestCost(endpoint: Endpoint, model: Pick<Model, 'reasoning'>, input: TokenCount, forecast: OutputForecast): RequestCost {
  const output = modelOutputTokens(forecast, model.reasoning, endpoint.maxOutputTokens);
  const error = input.exact ? 0 : ESTIMATED_COUNT_ERROR;
  const at = (inputTokens: number, outputTokens: number) => costAt(endpoint, output, inputTokens, outputTokens);
  const expected = at(input.tokens, output.tokens);
  return {
    cost: expected.totalCost,
    inputCost: expected.inputCost,
    outputCost: expected.outputCost,
    low: at(input.tokens * (1 - error), output.low).totalCost,
    high: at(input.tokens * (1 + error), output.high).totalCost,
    output,
  };
}

/** Input plus the forecast answer fit in the endpoint's context window. */
export function fitsContext(endpoint: Endpoint, model: Pick<Model, 'reasoning'>, input: TokenCount, forecast: OutputForecast): boolean {
  return input.tokens + modelOutputTokens(forecast, model.reasoning, endpoint.maxOutputTokens).tokens <= endpoint.contextWindow;
}
