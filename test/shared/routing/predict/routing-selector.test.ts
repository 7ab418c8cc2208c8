import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../shared/catalog/catalog.js';
import { routingSelector } from '../../../../shared/routing/predict/routing-selector.js';
import type { CalibrationCandidate, TrainingSet } from '../../../../shared/routing/predict/train.js';

const catalog = loadBundledCatalog();
const models = ['google/gemini-2.5-flash-lite', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini'].map((id) => catalog.get(id)!);
const N = Number.NaN;

// prompts 0–3 graded for flash-lite and sonnet only, 4–7 for sonnet and mini only: no prompt is graded by all three
const set: TrainingSet = {
  prompts: Array.from({ length: 8 }, () => ({ text: 'q', category: 'overall' as const, inputTokens: 100 })),
  models,
  outcomes: [],
};
const graded = {
  inputTokens: Array(8).fill(100),
  prices: [{ inputPerMTok: 0.1, outputPerMTok: 0.4 }, { inputPerMTok: 3, outputPerMTok: 15 }, { inputPerMTok: 0.15, outputPerMTok: 0.6 }],
  // the cheap model fails prompts 0, 1 (block A) and mini fails 4, 5 (block B); sonnet answers everything
  scores: [[0, 0, 1, 1, N, N, N, N], [1, 1, 1, 1, 1, 1, 1, 1], [N, N, N, N, 0, 0, 1, 1]],
  outputTokens: [[300, 300, 300, 300, N, N, N, N], Array(8).fill(300), [N, N, N, N, 300, 300, 300, 300]],
};
const candidate = (success: number[][], logLoss: number): CalibrationCandidate => ({ shrink: 0, discriminationScale: 1, logLoss, success: success.map((r) => Float64Array.from(r)) });

describe('the routing selector with models not graded everywhere', () => {
  it('routes each prompt among its graded models and prefers the calibration that routes better, not the lower log-loss', () => {
    const select = routingSelector(set, graded);
    // "knows": the cheap models fail exactly where they do; "flat": every model the same everywhere
    const knows = candidate([0, 1, 2, 3, 4, 5, 6, 7].map((t) => [t < 2 ? 0.05 : 0.95, 0.97, t === 4 || t === 5 ? 0.05 : 0.95]), 0.9);
    const flat = candidate(Array.from({ length: 8 }, () => [0.9, 0.95, 0.9]), 0.3);
    const prompts = [0, 1, 2, 3, 4, 5, 6, 7];
    expect(select('overall', prompts, [flat, knows])).toBe(1);
    // nothing graded for two models: nothing to route, so the lower log-loss
    const lone = { ...graded, scores: [[1, N, N, N, N, N, N, N], [N, 1, N, N, N, N, N, N], [N, N, 1, 1, 1, 1, 1, 1]] };
    expect(routingSelector(set, lone)('overall', prompts, [knows, flat])).toBe(1);
  });
});
