import type { Model, QualityCategory } from '../../../../shared/catalog/model.js';
import type { Priorities } from '../../../../shared/policy/resolve.js';
import type { Candidate } from './filters.js';
import { heuristicSpeed, observedSpeed } from './speed.js';

export interface ScoredCandidate extends Candidate {
  score: number;
  parts: { cost: number; speed: number; quality: number; rated: boolean };
}

/** Costs below a millionth of a dollar count as equal: free and near-free models tie on cost. */
const COST_FLOOR = 1e-6;
/** Where unrated models sit on the quality scale: below most rated models, above the weakest. */
const UNRATED_QUALITY = 0.25;

export function qualityOf(model: Model, category: QualityCategory): number | undefined {
  return model.quality?.[category] ?? model.quality?.overall;
}

/**
 * Score each candidate in 0..1 as the priority-weighted mean of three normalized signals over the pool:
 * cost (log scale on this request's estimate, cheapest = 1), speed, and arena quality for the task.
 */
export function scoreCandidates(
  pool: Candidate[],
  priorities: Priorities,
  category: QualityCategory,
  observedLatencyMs?: ReadonlyMap<string, number>,
): ScoredCandidate[] {
  let minLog = Infinity;
  let maxLog = -Infinity;
  let minQ = Infinity;
  let maxQ = -Infinity;
  for (const c of pool) {
    const l = Math.log(Math.max(c.estimate.totalCost, COST_FLOOR));
    if (l < minLog) minLog = l;
    if (l > maxLog) maxLog = l;
    const q = qualityOf(c.model, category);
    if (q !== undefined) {
      if (q < minQ) minQ = q;
      if (q > maxQ) maxQ = q;
    }
  }
  const costRange = maxLog - minLog;
  const qRange = maxQ - minQ;
  let { costPriority: wc, speedPriority: ws, intelligencePriority: wq } = priorities;
  if (wc + ws + wq === 0) [wc, ws, wq] = [1, 1, 1];
  const total = wc + ws + wq;
  return pool.map((c) => {
    const l = Math.log(Math.max(c.estimate.totalCost, COST_FLOOR));
    const cost = costRange > 0 ? (maxLog - l) / costRange : 1;
    const observed = observedLatencyMs?.get(c.model.id);
    const speed = observed !== undefined ? observedSpeed(observed) : heuristicSpeed(c.model);
    const q = qualityOf(c.model, category);
    const quality = q === undefined ? UNRATED_QUALITY : qRange > 0 ? (q - minQ) / qRange : 1;
    const score = (wc * cost + ws * speed + wq * quality) / total;
    return { ...c, score, parts: { cost, speed, quality, rated: q !== undefined } };
  });
}

/** Highest score first; equal scores by cost, then id, so decisions are deterministic. */
export function compareScored(a: ScoredCandidate, b: ScoredCandidate): number {
  return b.score - a.score || a.estimate.totalCost - b.estimate.totalCost || (a.model.id < b.model.id ? -1 : a.model.id > b.model.id ? 1 : 0);
}
