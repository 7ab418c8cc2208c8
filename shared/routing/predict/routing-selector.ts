/**
 * Choosing the predictor's calibration by routing rather than by log-loss: for each calibration group, the shrink
 * under which `balanced` (its built-in priorities, the rating term, no latency) routes the group's held-out
 * inner-fold prompts furthest above those prompts' own single-model frontier; ties go to the lower log-loss.
 *
 * Costs for ranking use each model's mean output tokens on the training prompts of the same category (never the
 * prompt's own); the quality and cost scored are the data's. Where not every model was graded on every prompt, each
 * prompt is routed among the models that were, and prompts graded for the same models are scored together.
 *
 * Log-loss alone keeps the features (shrink ≈ 1) when they separate one task from another well, even where within a
 * task they mislead routing — this asks what routing asks.
 *
 * Pure: no node:*. Used by `npm run train:router` and by `switchyard train` on a user's own graded prompts.
 */
import { BUILTIN_POLICIES } from '../../policy/builtins.js';
import { frontier, frontierAt } from './frontier.js';
import type { CalibrationSelector, TrainingSet } from './train.js';
import { utility } from './utility.js';

/** What was graded, in the training set's order: prompts `t`, models `m`. */
export interface GradedPrompts {
  /** Prompt tokens billed, per prompt. */
  inputTokens: ArrayLike<number>;
  /** Price per million tokens, per model. */
  prices: readonly { inputPerMTok: number; outputPerMTok: number }[];
  /** `scores[m][t]`: the grade, 0..1; NaN: not graded. */
  scores: readonly ArrayLike<number>[];
  /** `outputTokens[m][t]`: the tokens the model wrote (NaN where not graded). */
  outputTokens: readonly ArrayLike<number>[];
}

export function routingSelector(set: TrainingSet, graded: GradedPrompts): CalibrationSelector {
  const priorities = BUILTIN_POLICIES.balanced!.preferences ?? {};
  const M = graded.prices.length;
  const isGraded = (t: number, m: number): boolean => !Number.isNaN(graded.scores[m]![t]!);
  // per category (and `*`), each model's output tokens summed over the prompts it was graded on, and their count
  const meanOut = new Map<string, { sum: Float64Array; n: Float64Array }>();
  set.prompts.forEach((p, t) => {
    for (const key of [p.category, '*']) {
      let sums = meanOut.get(key);
      if (!sums) meanOut.set(key, (sums = { sum: new Float64Array(M), n: new Float64Array(M) }));
      for (let m = 0; m < M; m++) {
        if (!isGraded(t, m)) continue;
        sums.sum[m] = sums.sum[m]! + graded.outputTokens[m]![t]!;
        sums.n[m] = sums.n[m]! + 1;
      }
    }
  });
  const costOf = (t: number, m: number, outputTokens: number): number =>
    (graded.inputTokens[t]! * graded.prices[m]!.inputPerMTok + outputTokens * graded.prices[m]!.outputPerMTok) / 1e6;

  /**
   * The prompts of a group that were graded for the same models, block by block: each prompt is routed among its
   * graded models and each block scored against its own models' frontier (with every model graded everywhere, as in
   * ZeroEval, the group is one block).
   */
  const blocksOf = (prompts: readonly number[]): { models: number[]; at: number[] }[] => {
    const blocks = new Map<string, { models: number[]; at: number[] }>();
    prompts.forEach((t, k) => {
      const models = Array.from({ length: M }, (_, m) => m).filter((m) => isGraded(t, m));
      if (models.length < 2) return;
      const key = models.join(',');
      let block = blocks.get(key);
      if (!block) blocks.set(key, (block = { models, at: [] }));
      block.at.push(k);
    });
    return [...blocks.values()];
  };

  return (_group, prompts, candidates) => {
    const blocks = blocksOf(prompts);
    // nothing to route (no prompt graded for two models): the lowest log-loss
    if (blocks.length === 0) return candidates.reduce((b, c, i) => (c.logLoss < candidates[b]!.logLoss - 1e-12 ? i : b), 0);
    const scored = blocks.map(({ models, at }) => {
      const rankCost = at.map((k) => {
        const t = prompts[k]!;
        const sums = meanOut.get(set.prompts[t]!.category) ?? meanOut.get('*')!;
        return models.map((m) => costOf(t, m, sums.sum[m]! / sums.n[m]!));
      });
      const actual = at.map((k) => models.map((m) => costOf(prompts[k]!, m, graded.outputTokens[m]![prompts[k]!]!)));
      const score = at.map((k) => models.map((m) => graded.scores[m]![prompts[k]!]!));
      const rating = at.map((k) => models.map((m) => set.models[m]!.quality.ratings[set.prompts[prompts[k]!]!.category] ?? set.models[m]!.quality.ratings.overall ?? 1200));
      const singles = models.map((_, j) => ({ cost: actual.reduce((s, c) => s + c[j]!, 0), quality: score.reduce((s, y) => s + y[j]!, 0) }));
      return { models, at, rankCost, actual, score, rating, hull: frontier(singles) };
    });
    let best = 0;
    let bestGain = -Infinity;
    candidates.forEach((c, n) => {
      let gain = 0;
      for (const b of scored) {
        let cost = 0;
        let ok = 0;
        b.at.forEach((k, r) => {
          const row = c.success[k]!;
          let j = 0;
          let u = -Infinity;
          b.models.forEach((m, i) => {
            const v = utility({ success: row[m]!, costUsd: b.rankCost[r]![i]!, rating: b.rating[r]![i]! }, priorities);
            if (v > u) [j, u] = [i, v];
          });
          cost += b.actual[r]![j]!;
          ok += b.score[r]![j]!;
        });
        gain += ok - frontierAt(b.hull, cost);
      }
      if (gain > bestGain + 1e-9 || (Math.abs(gain - bestGain) <= 1e-9 && c.logLoss < candidates[best]!.logLoss)) [best, bestGain] = [n, gain];
    });
    return best;
  };
}
