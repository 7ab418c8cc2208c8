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
import { type CalibrationSelector, type TrainOptions, type TrainingSet, train } from '../shared/routing/predict/train.js';
import { utility } from '../shared/routing/predict/utility.js';
import { BUILTIN_POLICIES } from '../shared/policy/builtins.js';
import type { QualityCategory } from '../shared/catalog/model.js';
import { DATA_FILE, type ZeroEvalData, type ZeroEvalPrompt, loadCatalogData, predictorInput, loadZeroEval, zeroEvalModels } from './router-data.js';
import { frontier, frontierAt } from './frontier.js';

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
  return train(set, meta, options, undefined, routingSelector(data, indices ?? data.prompts.map((_, i) => i), set));
}

/**
 * The calibration chosen by routing, on the training split only: for each calibration group, the shrink under
 * which `balanced` (its built-in priorities, the rating term, no latency) routes the group's held-out inner-fold
 * prompts furthest above those prompts' own single-model frontier; ties go to the lower log-loss. Costs for
 * ranking use each model's mean output tokens on the training prompts of the same category (never the prompt's
 * own); the quality and cost scored are the data's. Log-loss alone keeps the features (shrink ≈ 1) because they
 * separate GSM from MATH well, yet within a task they mislead routing — this asks the question routing asks.
 */
function routingSelector(data: ZeroEvalData, indices: readonly number[], set: TrainingSet): CalibrationSelector {
  const priorities = BUILTIN_POLICIES.balanced!.preferences ?? {};
  const M = data.models.length;
  const meanOut = new Map<string, Float64Array>();
  set.prompts.forEach((p, t) => {
    const i = indices[t]!;
    for (const key of [p.category, '*']) {
      let sums = meanOut.get(key);
      if (!sums) meanOut.set(key, (sums = new Float64Array(M + 1)));
      data.models.forEach((zm, m) => (sums![m] = sums![m]! + data.outputTokens[zm.name]![i]!));
      sums[M] = sums[M]! + 1;
    }
  });
  return (_group, prompts, candidates) => {
    const rankCost = prompts.map((t) => {
      const p = set.prompts[t]!;
      const sums = meanOut.get(p.category) ?? meanOut.get('*')!;
      const q = data.prompts[indices[t]!]!;
      return Float64Array.from(data.models, (zm, m) => (q.inputTokens * zm.inputPerMTok + (sums[m]! / sums[M]!) * zm.outputPerMTok) / 1e6);
    });
    const actual = prompts.map((t) => {
      const i = indices[t]!;
      const q = data.prompts[i]!;
      return Float64Array.from(data.models, (zm) => (q.inputTokens * zm.inputPerMTok + data.outputTokens[zm.name]![i]! * zm.outputPerMTok) / 1e6);
    });
    const score = prompts.map((t) => Uint8Array.from(data.models, (zm) => data.scores[zm.name]![indices[t]!]!));
    const rating = prompts.map((t) => Float64Array.from(set.models, (m) => m.quality.ratings[set.prompts[t]!.category] ?? m.quality.ratings.overall ?? 1200));
    const singles = data.models.map((_, m) => ({ cost: actual.reduce((s, c) => s + c[m]!, 0), quality: score.reduce((s, y) => s + y[m]!, 0) }));
    const hull = frontier(singles);
    let best = 0;
    let bestGain = -Infinity;
    candidates.forEach((c, n) => {
      let cost = 0;
      let ok = 0;
      c.success.forEach((row, k) => {
        let j = 0;
        let u = -Infinity;
        for (let m = 0; m < M; m++) {
          const v = utility({ success: row[m]!, costUsd: rankCost[k]![m]!, rating: rating[k]![m]! }, priorities);
          if (v > u) [j, u] = [m, v];
        }
        cost += actual[k]![j]!;
        ok += score[k]![j]!;
      });
      const gain = ok - frontierAt(hull, cost);
      if (gain > bestGain + 1e-9 || (Math.abs(gain - bestGain) <= 1e-9 && c.logLoss < candidates[best]!.logLoss)) [best, bestGain] = [n, gain];
    });
    return best;
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
