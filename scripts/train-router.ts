/**
 * `npm run train:router`: trains the success predictor on every ZeroEval prompt and writes
 * `shared/routing/predict/weights.json`. Deterministic: two runs on the same data give byte-identical weights
 * (`--date YYYY-MM-DD` fixes `trainedAt`; default today, UTC).
 *
 *   node scripts/run-ts.mjs scripts/train-router.ts [--date YYYY-MM-DD] [--out FILE]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { PredictorWeights } from '../shared/routing/predict/predictor.js';
import { type TrainOptions, type TrainingSet, train } from '../shared/routing/predict/train.js';
import { type GradedPrompts, routingSelector } from '../shared/routing/predict/routing-selector.js';
import type { QualityCategory } from '../shared/catalog/model.js';
import { DATA_FILE, type ZeroEvalData, type ZeroEvalPrompt, loadCatalogData, predictorInput, loadZeroEval, zeroEvalModels } from './router-data.js';

/** Which category a prompt is trained under; the eval passes the same function it routes with. */
export type CategoryOf = (prompt: ZeroEvalPrompt) => QualityCategory;
const dataCategory: CategoryOf = (p) => p.category;

/** The training set over the given prompt indices (all prompts by default). */
export function trainingSet(data: ZeroEvalData, catalog: unknown, indices?: readonly number[], categoryOf: CategoryOf = dataCategory): TrainingSet {
  const idx = indices ?? data.prompts.map((_, i) => i);
  return {
    prompts: idx.map((i) => {
      const p = data.prompts[i]!;
      return { ...predictorInput(p), category: categoryOf(p) };
    }),
    models: zeroEvalModels(data, catalog),
    outcomes: data.models.map((m) => idx.map((i) => data.scores[m.name]![i]!)),
  };
}

export function trainZeroEval(
  data: ZeroEvalData,
  catalog: unknown,
  trainedAt: string,
  indices?: readonly number[],
  split = 'all prompts',
  categoryOf: CategoryOf = dataCategory,
  options: Partial<TrainOptions> = {},
): PredictorWeights {
  const set = trainingSet(data, catalog, indices, categoryOf);
  const meta = {
    source: 'ZeroEval per-prompt results (GSM8K, MATH level 5, CRUXEval-O × 21 models), graded 0/1',
    trainedAt,
    data: { file: DATA_FILE, repo: data.source.repo, commit: data.source.commit, prompts: set.prompts.length, models: set.models.length, split },
  };
  return train(set, meta, options, undefined, routingSelector(set, gradedPrompts(data, indices ?? data.prompts.map((_, i) => i))));
}

/** ZeroEval's grades, prices and output tokens over the given prompts, for the routing selector. */
function gradedPrompts(data: ZeroEvalData, indices: readonly number[]): GradedPrompts {
  return {
    inputTokens: indices.map((i) => data.prompts[i]!.inputTokens),
    prices: data.models,
    scores: data.models.map((zm) => indices.map((i) => data.scores[zm.name]![i]!)),
    outputTokens: data.models.map((zm) => indices.map((i) => data.outputTokens[zm.name]![i]!)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { date: { type: 'string' }, out: { type: 'string' } } });
  const trainedAt = values.date ?? new Date().toISOString().slice(0, 10);
  const out = values.out ?? 'shared/routing/predict/weights.json';
  const started = performance.now();
  const weights = trainZeroEval(loadZeroEval(), loadCatalogData(), trainedAt);
  writeFileSync(out, JSON.stringify(weights, null, 1) + '\n');
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`wrote ${out}: ${weights.data.prompts} prompts × ${weights.data.models} models, train log-loss ${weights.metrics?.trainLogLoss} (${s} s)`);
  console.log(`ability: ${JSON.stringify(weights.ability)}`);
}

if (process.argv[1]?.includes('train-router')) await main();
