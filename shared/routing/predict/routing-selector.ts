/**
 * Choosing the predictor's calibration by routing rather than by log-loss: for each calibration group, the shrink
 * under which `balanced` (its built-in priorities, the rating term, no latency) routes the group's held-out
 * inner-fold prompts furthest above those prompts' own single-model frontier; ties go to the lower log-loss.
 *
 * Costs for ranking use each model's mean output tokens on the training prompts of the same category (never the
 * prompt's own); the quality and cost scored are the data's. Log-loss alone keeps the features (shrink ≈ 1) when they
 * separate one task from another well, even where within a task they mislead routing — this asks what routing asks.
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
  // only prompts every model was graded on can be routed and scored against the single models
  const complete = (t: number): boolean => graded.scores.every((ys) => !Number.isNaN(ys[t]!));
  const meanOut = new Map<string, Float64Array>();
  set.prompts.forEach((p, t) => {
    for (const key of [p.category, '*']) {
      let sums = meanOut.get(key);
      if (!sums) meanOut.set(key, (sums = new Float64Array(M + 1)));
      if (!complete(t)) continue;
      for (let m = 0; m < M; m++) sums[m] = sums[m]! + graded.outputTokens[m]![t]!;
      sums[M] = sums[M]! + 1;
    }
  });
  const costOf = (t: number, m: number, outputTokens: number): number =>
    (graded.inputTokens[t]! * graded.prices[m]!.inputPerMTok + outputTokens * graded.prices[m]!.outputPerMTok) / 1e6;
  return (_group, groupPrompts, all) => {
    const routable = groupPrompts.flatMap((t, k) => (complete(t) ? [k] : []));
    if (routable.length === 0) return all.reduce((b, c, i) => (c.logLoss < all[b]!.logLoss - 1e-12 ? i : b), 0);
    const prompts = routable.map((k) => groupPrompts[k]!);
    const candidates = all.map((c) => ({ ...c, success: routable.map((k) => c.success[k]!) }));
    const rankCost = prompts.map((t) => {
      const sums = meanOut.get(set.prompts[t]!.category) ?? meanOut.get('*')!;
      return Float64Array.from({ length: M }, (_, m) => costOf(t, m, sums[m]! / sums[M]!));
    });
    const actual = prompts.map((t) => Float64Array.from({ length: M }, (_, m) => costOf(t, m, graded.outputTokens[m]![t]!)));
    const score = prompts.map((t) => Float64Array.from({ length: M }, (_, m) => graded.scores[m]![t]!));
    const rating = prompts.map((t) => Float64Array.from(set.models, (m) => m.quality.ratings[set.prompts[t]!.category] ?? m.quality.ratings.overall ?? 1200));
    const singles = Array.from({ length: M }, (_, m) => ({ cost: actual.reduce((s, c) => s + c[m]!, 0), quality: score.reduce((s, y) => s + y[m]!, 0) }));
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
