import type { Model } from '../catalog/model.js';
import { RequestTokenCounter, type TokenCount } from '../pricing/token-count.js';
import { tokenizable } from '../pricing/tokenizable.js';
import { tokenizerFamily } from '../pricing/tokenizer-family.js';
import { detectTask, type TaskDetection } from './detect-task.js';
import { codeTokensIn, forecastOutput, type OutputForecast } from './forecast.js';
import { lastUserText, textOf, type RequestInput } from './messages.js';
import { defaultPredictor } from './predict/index.js';
import type { PromptProfile, SuccessPredictor } from './predict/types.js';
import { type ReasoningRequest, type ThinkingAsk, thinkingAsk } from './thinking.js';

/** What a request asks, worked out once: its size, task, difficulty and how long the answer will be. */
export interface RequestAnalysis {
  counter: RequestTokenCounter;
  /** o200k tokens of the input. */
  inputTokens: number;
  detection: TaskDetection;
  /** The last user message: what is asked now. */
  asked: string;
  profile: PromptProfile;
  forecast: OutputForecast;
  /** What the request asks of thinking (`reasoning_effort`, a budget); absent: each model's default. */
  thinking?: ThinkingAsk;
  /** Input tokens in a model's own tokenizer (counted once per tokenizer family). */
  tokensFor(model: Pick<Model, 'name'>): TokenCount;
}

export function analyzeRequest(input: RequestInput, options: { outputTokens?: number; predictor?: SuccessPredictor; reasoning?: ReasoningRequest } = {}): RequestAnalysis {
  const counter = new RequestTokenCounter(tokenizable(input));
  const inputTokens = counter.count('o200k').tokens;
  const detection = detectTask(input, { inputTokens });
  const asked = lastUserText(input);
  const thinking = thinkingAsk(options.reasoning);
  const predicted = (options.predictor ?? defaultPredictor).profile(asked, detection.task, inputTokens);
  const profile = thinking ? { ...predicted, thinking: thinking.mode } : predicted;
  const forecast = forecastOutput({
    request: asked,
    task: detection.task,
    inputTokens,
    codeTokens: codeTokensIn(textOf(input)),
    difficulty: profile.difficulty,
    ...(options.outputTokens !== undefined ? { given: options.outputTokens } : {}),
    ...(thinking ? { thinking } : {}),
  });
  return { counter, inputTokens, detection, asked, profile, forecast, ...(thinking ? { thinking } : {}), tokensFor: (model) => counter.count(tokenizerFamily(model)) };
}
