/**
 * The policy trade-off, defined once: how a candidate's predicted success, cost and latency become one number the
 * router ranks by.
 *
 * Default form: expected success in percentage points against log10 of the cost, so the trade-off is scale-free —
 * a 10× dearer model must be worth `k` more points, whether it costs $0.0001 or $1, with
 * `k = POINTS_PER_DECADE · costPriority / intelligencePriority` (and likewise for latency with `speedPriority`).
 * Two alternatives replace it:
 * - `minSuccess` (0..1, a quality target): the cheapest candidate whose predicted success reaches it; if none
 *   does, the most likely one;
 * - `pricePerPoint` (USD per percentage point of expected success, linear): `100 · success · pricePerPoint − cost`.
 *
 * Pure: no node:*.
 */

/** MCP `ModelPreferences` priorities, plus the two explicit targets. */
export interface TradeOffPriorities {
  costPriority?: number;
  speedPriority?: number;
  intelligencePriority?: number;
  /** 0..1: the cheapest candidate predicted to succeed at least this often (else the most likely one). */
  minSuccess?: number;
  /** USD the user pays per percentage point of expected success (linear in cost). */
  pricePerPoint?: number;
}

export interface CandidateOutcome {
  /** Predicted probability of a good answer, 0..1. */
  success: number;
  /** Estimated cost of this request on this candidate, USD. */
  costUsd: number;
  /** Expected latency, when known; ignored when absent. */
  latencyMs?: number;
  /** The model's rating in the request's category (Elo-style), when known: see RATING_POINTS_PER_100. */
  rating?: number;
}

/** Points of success a 10× dearer candidate must add when cost and intelligence priorities are equal. */
export const POINTS_PER_DECADE = 10;
/**
 * Points of utility per 100 rating points. The predictor saturates for models far stronger than those it was trained
 * on (every 2026 flagship is predicted near-certain on most prompts), which would leave cost alone to decide between
 * them; a small term for the evidence itself keeps stronger models ahead at the same predicted success. At equal
 * priorities a 100-point stronger model is worth about 1.6× the cost; under `best` almost any price; under
 * `cheapest` next to nothing.
 */
export const RATING_POINTS_PER_100 = 2;
const RATING_REFERENCE = 1300;
/** Costs below this count as this (free local models, rounding): log10 needs a floor. */
export const COST_FLOOR_USD = 1e-7;
const DEFAULT_PRIORITY = 0.5;
const MIN_INTELLIGENCE = 0.05;
const TARGET_BAND = 1_000;

/** `k`: the percentage points of predicted success a 10× dearer candidate must add under these priorities. */
export function pointsPerCostDecade(p: TradeOffPriorities): number {
  const intelligence = Math.max(p.intelligencePriority ?? DEFAULT_PRIORITY, MIN_INTELLIGENCE);
  return (POINTS_PER_DECADE * (p.costPriority ?? DEFAULT_PRIORITY)) / intelligence;
}

/** Likewise for a 10× slower candidate. */
export function pointsPerLatencyDecade(p: TradeOffPriorities): number {
  const intelligence = Math.max(p.intelligencePriority ?? DEFAULT_PRIORITY, MIN_INTELLIGENCE);
  return (POINTS_PER_DECADE * (p.speedPriority ?? 0)) / intelligence;
}

/** The number candidates are ranked by: higher is better. */
export function utility(c: CandidateOutcome, p: TradeOffPriorities): number {
  const logLatency = c.latencyMs === undefined ? undefined : Math.log10(Math.max(c.latencyMs, 1));
  return utilityAt(p, pointsPerCostDecade(p), pointsPerLatencyDecade(p), c.success, c.costUsd, logLatency, c.rating);
}

/**
 * `utility` for many candidates under the same priorities, its constants worked out once, with the latency given as
 * its log10 (of at least 1 ms): a caller bounding many candidates adds that log from parts (`speed.ts`).
 */
export function utilityOfLogLatency(p: TradeOffPriorities): (success: number, costUsd: number, log10LatencyMs: number, rating: number) => number {
  const kCost = pointsPerCostDecade(p);
  const kLatency = pointsPerLatencyDecade(p);
  return (success, costUsd, log10LatencyMs, rating) => utilityAt(p, kCost, kLatency, success, costUsd, log10LatencyMs, rating);
}

function utilityAt(p: TradeOffPriorities, kCost: number, kLatency: number, success: number, costUsd: number, logLatency: number | undefined, rating: number | undefined): number {
  const logCost = Math.log10(Math.max(costUsd, COST_FLOOR_USD));
  if (p.minSuccess !== undefined) {
    // meeting the target: cheapest first (success breaks ties); missing it: most likely first, always below
    return success >= p.minSuccess ? TARGET_BAND - logCost + 1e-6 * success : -TARGET_BAND + success;
  }
  const evidence = rating === undefined ? 0 : (RATING_POINTS_PER_100 * (rating - RATING_REFERENCE)) / 100;
  if (p.pricePerPoint !== undefined) return (100 * success + evidence) * p.pricePerPoint - costUsd;
  let u = 100 * success + evidence - kCost * logCost;
  if (logLatency !== undefined) u -= kLatency * logLatency;
  return u;
}

/** Candidate indices, best first: by utility, then lower cost, then input order. */
export function rankByUtility(candidates: readonly CandidateOutcome[], p: TradeOffPriorities): number[] {
  const u = candidates.map((c) => utility(c, p));
  return candidates
    .map((_, i) => i)
    .sort((a, b) => (u[b] as number) - (u[a] as number) || (candidates[a] as CandidateOutcome).costUsd - (candidates[b] as CandidateOutcome).costUsd || a - b);
}

export interface NamedOutcome extends CandidateOutcome {
  /** Model id or display name. */
  id: string;
}

export function difficultyLabel(difficulty: number): string {
  return difficulty < 0.3 ? 'easy' : difficulty < 0.6 ? 'moderate' : 'hard';
}

/** Dollars with two significant digits below $1 (`$0.004`, `$0.00013`), cents above. */
function usd(x: number): string {
  if (x >= 1) return `$${x.toFixed(2)}`;
  return `$${Number(x.toPrecision(2)).toString()}`;
}

/**
 * One line explaining the choice against the alternative that matters: when the chosen candidate is not the most
 * likely to succeed, against the most likely one ("not worth $x more"); otherwise against the cheapest ("worth $x
 * more"). E.g. `predicted hard (difficulty 0.71): success 0.58 on gpt-4o-mini, 0.86 on claude-sonnet-4-5 — worth
 * $0.004 more under balanced`.
 */
export function describeTradeOff(difficulty: number, chosen: NamedOutcome, candidates: readonly NamedOutcome[], policy = 'these priorities'): string {
  const head = `predicted ${difficultyLabel(difficulty)} (difficulty ${difficulty.toFixed(2)})`;
  const mostLikely = candidates.reduce((b, c) => (c.success > b.success || (c.success === b.success && c.costUsd < b.costUsd) ? c : b), chosen);
  const cheapest = candidates.reduce((b, c) => (c.costUsd < b.costUsd ? c : b), chosen);
  const s = (c: NamedOutcome): string => `${c.success.toFixed(2)} on ${c.id}`;
  if (mostLikely !== chosen && mostLikely.success > chosen.success) {
    // a more likely and no dearer candidate lost on the rest of the trade-off: the rating term or the latency
    if (mostLikely.costUsd <= chosen.costUsd) return `${head}: success ${s(chosen)}, ${s(mostLikely)} — ranked higher under ${policy} on its rating or speed`;
    return `${head}: success ${s(chosen)}, ${s(mostLikely)} — not worth ${usd(mostLikely.costUsd - chosen.costUsd)} more under ${policy}`;
  }
  if (cheapest !== chosen && cheapest.costUsd < chosen.costUsd) {
    return `${head}: success ${s(cheapest)}, ${s(chosen)} — worth ${usd(chosen.costUsd - cheapest.costUsd)} more under ${policy}`;
  }
  return `${head}: success ${s(chosen)}, the cheapest and the most likely candidate`;
}
