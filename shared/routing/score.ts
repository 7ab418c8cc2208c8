/**
 * Scoring: each candidate in 0..1 as the priority-weighted mean of three normalized signals over the pool —
 * cost (log scale on this request's estimate, cheapest = 1), speed, and arena quality for the task:
 *
 *     score = (wc × cost + ws × speed + wq × quality) / (wc + ws + wq)
 *     cost = (maxLog − log(max(estimate, 1e-6))) / (maxLog − minLog)      (1 when all costs are equal)
 *     quality = (q − minQ) / (maxQ − minQ)                                  (1 when all equal; 0.25 unrated)
 *
 * Ranking: highest score first; equal scores by cost, then id, so decisions are deterministic.
 *
 * Only the top of the ranking is ever needed (the choice, five alternatives, a few fallbacks), and `Math.log` and
 * divisions are the costly part of a score, so `rankPool` ranks in two steps: an approximate score for every model
 * (from the cost proxy `t × in + o × out`, a table-based logarithm with a proven error bound, and no division), then
 * exact scores — the formula above, operation for operation — for the models that can still be in the top K given
 * that bound, sorted exactly. The result is the exact top K of the full ranking; see `rankPool` for why.
 */
import type { Model, QualityCategory } from '../catalog/model.js';
import type { Priorities } from '../policy/resolve.js';
import { costOf } from '../pricing/cost.js';
import { survivorHulls, survivorQuality, type CatalogIndex, type PricePoint, type QualityColumn, type StaticSurvivors } from './catalog-index.js';

/** Costs below a millionth of a dollar count as equal: free and near-free models tie on cost. */
export const COST_FLOOR = 1e-6;
/** Where unrated models sit on the quality scale: below most rated models, above the weakest. */
export const UNRATED_QUALITY = 0.25;

export function qualityOf(model: Model, category: QualityCategory): number | undefined {
  return model.quality?.[category] ?? model.quality?.overall;
}

export interface Weights {
  wc: number;
  ws: number;
  wq: number;
  total: number;
}

/** Priorities as weights; all zero means all equal. */
export function weightsOf(priorities: Priorities): Weights {
  let { costPriority: wc, speedPriority: ws, intelligencePriority: wq } = priorities;
  if (wc + ws + wq === 0) [wc, ws, wq] = [1, 1, 1];
  return { wc, ws, wq, total: wc + ws + wq };
}

/** What a request's costs depend on: the index, token counts per tokenizer family, output tokens. */
export interface Costing {
  index: CatalogIndex;
  /** Input tokens per tokenizer family id (filled in for every family the filters let through). */
  tokens: Float64Array;
  outputTokens: number;
  /** `outputTokens` is a finite number ≥ 0 (else every cost goes through costOf). */
  plainOutput: boolean;
}

/**
 * The cost of this request on model i, exactly as `costOf` computes it: with no cached or reasoning tokens, costOf
 * is `((t − 0) × in + 0 × cached) / 1e6 + ((o − 0) × out + 0 × reasoning) / 1e6`, which for finite, non-negative
 * prices is `t × in / 1e6 + o × out / 1e6`; anything unusual goes through costOf itself.
 */
export function exactCost(c: Costing, i: number): number {
  const ix = c.index;
  const t = c.tokens[ix.family[i]!]!;
  const o = c.outputTokens;
  if (ix.plainPrice[i] !== 1 || !c.plainOutput) return costOf(ix.models[i]!, { inputTokens: t, outputTokens: o }).totalCost;
  let pin = ix.inputPrice[i]!;
  let pout = ix.outputPrice[i]!;
  for (let j = ix.tierStart[i]!, end = ix.tierStart[i + 1]!; j < end; j++) {
    if (t > ix.tierAbove[j]!) {
      pin = ix.tierInput[j]!;
      pout = ix.tierOutput[j]!;
    }
  }
  return (t * pin) / 1e6 + (o * pout) / 1e6;
}

/**
 * A proxy for `cost × 1e6` within a few ulps (`t × in + o × out` with the tier's prices); for models whose prices
 * are not plain, from their exact cost `cost` (ignored otherwise).
 */
export function costProxy(c: Costing, i: number, cost: number): number {
  const ix = c.index;
  if (ix.plainPrice[i] !== 1 || !c.plainOutput) return cost * 1e6;
  const t = c.tokens[ix.family[i]!]!;
  let pin = ix.inputPrice[i]!;
  let pout = ix.outputPrice[i]!;
  for (let j = ix.tierStart[i]!, end = ix.tierStart[i + 1]!; j < end; j++) {
    if (t > ix.tierAbove[j]!) {
      pin = ix.tierInput[j]!;
      pout = ix.tierOutput[j]!;
    }
  }
  return t * pin + c.outputTokens * pout;
}

/**
 * A set of candidates: model indexes with a cost proxy `u ≈ cost × 1e6` (within a few ulps), and bounds gathered
 * while building it.
 */
export interface Pool {
  idx: Int32Array;
  proxy: Float64Array;
  len: number;
  /** Positions of the lowest and highest proxy. */
  argMin: number;
  argMax: number;
  minU: number;
  maxU: number;
  /** Lowest and highest rated quality (±∞ when none is rated). */
  minQ: number;
  maxQ: number;
  /** A cost or quality that is not a finite number: rank with exact arithmetic only. */
  irregular: boolean;
}

/** Everything a score depends on besides the pool. */
export interface Signals {
  ids: readonly string[];
  /**
   * Where each model stands in the request's starting list (its `models`), or undefined for catalog order. The exact
   * path sorts in that order, like the reference, so even an inconsistent comparison (a NaN score) sorts the same.
   */
  startOrder: Map<number, number> | undefined;
  speed: Float64Array;
  quality: QualityColumn;
  weights: Weights;
  costing: Costing;
}

/** The pool's normalization. */
export interface Stats {
  minLog: number;
  maxLog: number;
  minQ: number;
  maxQ: number;
}

/** A ranked model: its catalog index, its cost for this request and its score. */
export interface Ranked {
  i: number;
  cost: number;
  score: number;
}

export interface Parts {
  cost: number;
  speed: number;
  quality: number;
  rated: boolean;
}

export interface Ranking {
  /** The first `ranked.length` entries of the full ranking, exactly. */
  ranked: Ranked[];
  /** True when `ranked` is the whole pool. */
  complete: boolean;
  stats: Stats;
}

/** The exact score and its parts. */
export function partsOf(s: Signals, stats: Stats, i: number, cost: number): Parts & { score: number } {
  const l = Math.log(Math.max(cost, COST_FLOOR));
  const costRange = stats.maxLog - stats.minLog;
  const qRange = stats.maxQ - stats.minQ;
  const costPart = costRange > 0 ? (stats.maxLog - l) / costRange : 1;
  const speed = s.speed[i]!;
  const rated = s.quality.rated[i] === 1;
  const quality = !rated ? UNRATED_QUALITY : qRange > 0 ? (s.quality.value[i]! - stats.minQ) / qRange : 1;
  const { wc, ws, wq, total } = s.weights;
  return { score: (wc * costPart + ws * speed + wq * quality) / total, cost: costPart, speed, quality, rated };
}

/** Exact normalization over the whole pool (an exact cost and a log per model). */
export function exactStats(s: Signals, pool: Pool): Stats {
  let minLog = Number.POSITIVE_INFINITY;
  let maxLog = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < pool.len; p++) {
    const l = Math.log(Math.max(exactCost(s.costing, pool.idx[p]!), COST_FLOOR));
    if (l < minLog) minLog = l;
    if (l > maxLog) maxLog = l;
  }
  return { minLog, maxLog, minQ: pool.minQ, maxQ: pool.maxQ };
}

export function rankedComparator(ids: readonly string[]): (a: Ranked, b: Ranked) => number {
  return (a, b) => {
    const x = ids[a.i] as string;
    const y = ids[b.i] as string;
    return b.score - a.score || a.cost - b.cost || (x < y ? -1 : x > y ? 1 : 0);
  };
}

// The approximate logarithm (inlined in rankPool) comes from the exponent and a 1,024-entry table on the top
// mantissa bits: |la − ln x| ≤ ln(1 + 1/2049) + rounding < 4.9e-4 for positive normal x (the table holds ln at each
// bucket's midpoint). Scores use the bound below, with a wide margin.
const APPROX_LOG_ERROR = 1e-3;
const LOG_TABLE = Float64Array.from({ length: 1024 }, (_, k) => Math.log(1 + (k + 0.5) / 1024));
const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);
F64[0] = 1;
const LITTLE_ENDIAN = I32[1] === 0x3ff00000;
const LN_1E6 = Math.log(1e6);
const LN2 = Math.LN2;

/** Work space for `rankPool`, sized to the catalog. */
export interface RankScratch {
  collected: Int32Array;
  collectedScore: Float64Array;
  near: Int32Array;
  /** Small per-pass state (see fusedRank). */
  state: Float64Array;
}

/**
 * The exact top `k` of the pool's ranking (or all of it, when the pool is small or anything is irregular).
 *
 * Why it is exact: every approximate score `a` is within `E` of the exact score `s` (the log error bound scaled by
 * wc / (costRange × total), plus a rounding allowance). With θ the k-th highest approximate score, at least k models
 * have `s ≥ θ − E`, and any model with `a < θ − 2E` has `s < θ − E`: it is below at least k others and cannot be in
 * the top k. The others are scored exactly and sorted with the exact comparator.
 *
 * The normalization must be exact too: min and max log cost come from the exact costs of the lowest and highest
 * proxies, and — since neither the proxy nor a computed `Math.log` is guaranteed monotonic between costs a few ulps
 * apart — every cost within 1e-6 of either end is costed and logged exactly as well (the pass is redone if one of
 * them moves an end, which needs two costs within ulps of each other at the extreme).
 */
export function rankPool(s: Signals, pool: Pool, k: number, work: RankScratch): Ranking {
  const { wc, ws, wq, total } = s.weights;
  const regular = !pool.irregular && LITTLE_ENDIAN && Number.isFinite(wc) && Number.isFinite(ws) && Number.isFinite(wq) && Math.abs(total) > 1e-6;
  if (pool.len <= k || !regular) return rankAll(s, pool);

  const { idx, proxy, len, argMin, argMax } = pool;
  const speed = s.speed;
  const { value, unrated } = s.quality;
  const minQ = pool.minQ;
  const qRange = pool.maxQ - pool.minQ;
  let minLog = Math.log(Math.max(exactCost(s.costing, idx[argMin]!), COST_FLOOR));
  let maxLog = Math.log(Math.max(exactCost(s.costing, idx[argMax]!), COST_FLOOR));
  // At the floor the minimum cannot move; otherwise check everything near the lowest proxy. Likewise the maximum
  // needs no check when every proxy is clearly under the floor (all costs count as equal).
  const checkMin = minLog > Math.log(COST_FLOOR);
  const checkMax = pool.maxU >= 0.999;
  const nearMinU = pool.minU * (1 + 1e-6);
  const nearMaxU = pool.maxU * (1 - 1e-6);
  const top = new Float64Array(k);
  const { collected, collectedScore, near } = work;
  let count = 0;
  let threshold = 0;
  let margin = 0;
  for (let pass = 0; ; pass++) {
    const costRange = maxLog - minLog;
    // a = (wc × (maxLog − la) / costRange + ws × speed + wq × quality) / total, expanded into constants, with
    // la = log≈(max(u, 1)) − ln 1e6 and quality = qScale × q + qShift for rated models, 0.25 for the others.
    const a1 = costRange > 0 ? wc / costRange / total : 0;
    const a0 = costRange > 0 ? (wc * (maxLog + LN_1E6)) / costRange / total : wc / total;
    const qScale = qRange > 0 ? 1 / qRange : 0;
    const qShift = qRange > 0 ? -minQ / qRange : 1;
    const b = ws / total;
    const cq = (wq * qScale) / total;
    const c0 = a0 + (wq * qShift) / total;
    const cu = (wq * (UNRATED_QUALITY - qShift)) / total;
    const qMagnitude = qRange > 0 ? Math.max(Math.abs(pool.minQ), Math.abs(pool.maxQ)) : 0;
    const magnitude = Math.abs(a0) + Math.abs(a1) * 60 + Math.abs(b) + Math.abs(cq) * qMagnitude + Math.abs(c0) + Math.abs(cu);
    margin = Math.abs(a1) * APPROX_LOG_ERROR + 1e-12 * magnitude + 1e-9;
    top.fill(Number.NEGATIVE_INFINITY);
    let best = Number.NEGATIVE_INFINITY;
    let floor = Number.NEGATIVE_INFINITY;
    let dirty = false;
    count = 0;
    let nearCount = 0;
    for (let p = 0; p < len; p++) {
      const u = proxy[p]!;
      // Costs near either end are checked exactly after the loop (no call in here: it would make every array be
      // reloaded on each iteration).
      if ((checkMin && u <= nearMinU && p !== argMin) || (checkMax && u >= nearMaxU && p !== argMax)) near[nearCount++] = p;
      const i = idx[p]!;
      F64[0] = u > 1 ? u : 1;
      const hiBits = I32[1]!;
      const la = ((hiBits >> 20) - 1023) * LN2 + LOG_TABLE[(hiBits >>> 10) & 1023]!;
      const a = c0 - a1 * la + b * speed[i]! + cq * value[i]! + cu * unrated[i]!;
      if (a >= floor) {
        collected[count] = p;
        collectedScore[count] = a;
        count++;
        if (a > best) {
          let j = 0;
          while (j + 1 < k && top[j + 1]! < a) {
            top[j] = top[j + 1]!;
            j++;
          }
          top[j] = a;
          best = top[0]!;
          floor = best - 2 * margin;
        }
      }
    }
    for (let m = 0; m < nearCount; m++) {
      const l = Math.log(Math.max(exactCost(s.costing, idx[near[m]!]!), COST_FLOOR));
      if (l < minLog) {
        minLog = l;
        dirty = true;
      }
      if (l > maxLog) {
        maxLog = l;
        dirty = true;
      }
    }
    threshold = best;
    if (!dirty) break;
    if (pass >= 3) return rankAll(s, pool);
  }

  const stats: Stats = { minLog, maxLog, minQ: pool.minQ, maxQ: pool.maxQ };
  const costRange = maxLog - minLog;
  const floor = threshold - 2 * margin;
  const { rated } = s.quality;
  const ranked: Ranked[] = [];
  let lastV = Number.NaN;
  let lastL = 0;
  for (let c = 0; c < count; c++) {
    if (!(collectedScore[c]! >= floor)) continue;
    const p = collected[c]!;
    const i = idx[p]!;
    const cost = exactCost(s.costing, i);
    const v = Math.max(cost, COST_FLOOR);
    const l = v === lastV ? lastL : Math.log(v);
    lastV = v;
    lastL = l;
    // The reference arithmetic, as in partsOf.
    const costPart = costRange > 0 ? (maxLog - l) / costRange : 1;
    const quality = rated[i] !== 1 ? UNRATED_QUALITY : qRange > 0 ? (value[i]! - minQ) / qRange : 1;
    ranked.push({ i, cost, score: (wc * costPart + ws * speed[i]! + wq * quality) / total });
  }
  ranked.sort(rankedComparator(s.ids));
  if (ranked.length > k) ranked.length = k;
  return { ranked, complete: false, stats };
}

/** Score every model exactly and sort: the reference algorithm, also the fallback for anything unusual. */
function rankAll(s: Signals, pool: Pool): Ranking {
  const stats = exactStats(s, pool);
  const order = Array.from(pool.idx.subarray(0, pool.len));
  const start = s.startOrder;
  order.sort(start ? (a, b) => start.get(a)! - start.get(b)! : (a, b) => a - b);
  const ranked: Ranked[] = order.map((i) => {
    const cost = exactCost(s.costing, i);
    return { i, cost, score: partsOf(s, stats, i, cost).score };
  });
  ranked.sort(rankedComparator(s.ids));
  return { ranked, complete: true, stats };
}

/** What the one-pass ranking needs besides the signals. */
export interface FusedInput {
  survivors: StaticSurvivors;
  category: QualityCategory;
  k: number;
  work: RankScratch;
}

export interface FusedRanking {
  /** Candidates: static survivors that pass the context-window filter. */
  count: number;
  removedByContext: number;
  ranking: Ranking;
}

/**
 * The context-window filter and the ranking in one pass over the static survivors, for the usual request (whole
 * catalog, no price cap or budget, no hint). The pool's normalization is known before the pass: the extreme costs
 * from the price hulls (catalog-index.ts), the extreme qualities cached per category — each checked to belong to a
 * model that passes the filter. Then the pass is `rankPool`'s, with the same error bound and the same exact check
 * of costs near either end. Undefined whenever something cannot be settled up front (an extreme model filtered out,
 * an end moved by the exact check): the caller then takes the two-pass path, which gives the same result.
 */
export function fusedRank(s: Signals, input: FusedInput): FusedRanking | undefined {
  const { wc, ws, wq, total } = s.weights;
  if (!LITTLE_ENDIAN || !Number.isFinite(wc) || !Number.isFinite(ws) || !Number.isFinite(wq) || !(Math.abs(total) > 1e-6)) return undefined;
  const costing = s.costing;
  if (!costing.plainOutput) return undefined;
  const ix = costing.index;
  const { simple, special } = input.survivors;
  const { family, contextWindow, maxOutputTokens, inputPrice, outputPrice } = ix;
  const tokens = costing.tokens;
  const o = costing.outputTokens;
  // (No closure over the hot loop's variables: captured variables live in a heap context, and the compiled loop
  // would reload them on every iteration.)
  const passes = passesContext.bind(null, ix, costing);

  // The extremes, before the pass: special models (tiers, unusual prices) directly, simple ones from the hulls.
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let minAt = -1;
  let maxAt = -1;
  let removedByContext = 0;
  const specialU = new Float64Array(special.length);
  const specialOk = new Uint8Array(special.length);
  const special2 = new Int32Array(special.length);
  for (let p = 0; p < special.length; p++) {
    const i = special[p]!;
    if (!passes(i)) {
      removedByContext++;
      continue;
    }
    const u = costProxy(costing, i, ix.plainPrice[i] === 1 ? 0 : exactCost(costing, i));
    if (!(u < Number.POSITIVE_INFINITY)) return undefined;
    specialU[p] = u;
    specialOk[p] = 1;
    if (u < minU) {
      minU = u;
      minAt = i;
    }
    if (u > maxU) {
      maxU = u;
      maxAt = i;
    }
  }
  const hulls = survivorHulls(ix, input.survivors);
  let hullMin = Number.POSITIVE_INFINITY;
  let hullMax = Number.NEGATIVE_INFINITY;
  for (let f = 0; f < hulls.length; f++) {
    const hull = hulls[f];
    if (!hull) continue;
    const t = tokens[f]!;
    for (const v of hull) {
      const u = t * v.pin + o * v.pout;
      if (u < hullMin) hullMin = u;
      if (u > hullMax) hullMax = u;
    }
  }
  if (hullMin < minU) {
    minAt = passingAt(hulls, tokens, o, hullMin, passes);
    if (minAt < 0) return undefined;
    minU = hullMin;
  }
  if (hullMax > maxU) {
    maxAt = passingAt(hulls, tokens, o, hullMax, passes);
    if (maxAt < 0) return undefined;
    maxU = hullMax;
  }
  if (minAt < 0 || maxAt < 0) return undefined;
  const q = survivorQuality(ix, input.survivors, input.category);
  if (q.atMin.length > 0 && !q.atMin.some(passes)) return undefined;
  if (q.atMax.length > 0 && !q.atMax.some(passes)) return undefined;
  const minQ = q.minQ;
  const qRange = q.maxQ - q.minQ;
  const minLog = Math.log(Math.max(exactCost(costing, minAt), COST_FLOOR));
  const maxLog = Math.log(Math.max(exactCost(costing, maxAt), COST_FLOOR));
  const checkMin = minLog > Math.log(COST_FLOOR);
  const checkMax = maxU >= 0.999;
  const nearMinU = minU * (1 + 1e-6);
  const nearMaxU = maxU * (1 - 1e-6);

  const costRange = maxLog - minLog;
  const a1 = costRange > 0 ? wc / costRange / total : 0;
  const a0 = costRange > 0 ? (wc * (maxLog + LN_1E6)) / costRange / total : wc / total;
  const qScale = qRange > 0 ? 1 / qRange : 0;
  const qShift = qRange > 0 ? -minQ / qRange : 1;
  const b = ws / total;
  const cq = (wq * qScale) / total;
  const c0 = a0 + (wq * qShift) / total;
  const cu = (wq * (UNRATED_QUALITY - qShift)) / total;
  const qMagnitude = qRange > 0 ? Math.max(Math.abs(q.minQ), Math.abs(q.maxQ)) : 0;
  const magnitude = Math.abs(a0) + Math.abs(a1) * 60 + Math.abs(b) + Math.abs(cq) * qMagnitude + Math.abs(c0) + Math.abs(cu);
  const margin = Math.abs(a1) * APPROX_LOG_ERROR + 1e-12 * magnitude + 1e-9;

  const k = input.k;
  const st = input.work.state;
  st[0] = Number.NEGATIVE_INFINITY; // best (the k-th highest approximate score so far)
  st[1] = 0; // collected
  st[2] = 0; // near
  const top = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const coefficients = Float64Array.of(c0, a1, b, cq, cu, margin, checkMin ? nearMinU : Number.NEGATIVE_INFINITY, checkMax ? nearMaxU : Number.POSITIVE_INFINITY, minAt, maxAt);
  const simpleScan = scanSimpleFused(ix, simple, tokens, o, s.speed, s.quality, coefficients, top, input.work, st);
  removedByContext += simpleScan;
  let count = simple.length - simpleScan;
  // The special models' proxies are known: same scoring, in a short loop.
  let passing = 0;
  for (let p = 0; p < special.length; p++) {
    if (specialOk[p] !== 1) continue;
    special2[passing] = special[p]!;
    specialU[passing] = specialU[p]!;
    passing++;
  }
  count += passing;
  scoreListed(special2.subarray(0, passing), specialU.subarray(0, passing), s.speed, s.quality, coefficients, top, input.work, st);
  const best = st[0]!;
  const collectedCount = st[1]!;
  const nearCount = st[2]!;
  const { collected, collectedScore, near } = input.work;
  const speed = s.speed;
  const { value } = s.quality;

  // An end that moves (two costs within ulps at the extreme) voids the normalization: take the two-pass path.
  for (let m = 0; m < nearCount; m++) {
    const l = Math.log(Math.max(exactCost(costing, near[m]!), COST_FLOOR));
    if (l < minLog || l > maxLog) return undefined;
  }
  if (count === 0) return { count, removedByContext, ranking: { ranked: [], complete: true, stats: { minLog, maxLog, minQ: q.minQ, maxQ: q.maxQ } } };

  const stats: Stats = { minLog, maxLog, minQ: q.minQ, maxQ: q.maxQ };
  const cut = best - 2 * margin;
  const rated = s.quality.rated;
  const ranked: Ranked[] = [];
  let lastV = Number.NaN;
  let lastL = 0;
  for (let c = 0; c < collectedCount; c++) {
    if (!(collectedScore[c]! >= cut)) continue;
    const i = collected[c]!;
    const cost = exactCost(costing, i);
    const v = Math.max(cost, COST_FLOOR);
    const l = v === lastV ? lastL : Math.log(v);
    lastV = v;
    lastL = l;
    // The reference arithmetic, as in partsOf.
    const costPart = costRange > 0 ? (maxLog - l) / costRange : 1;
    const quality = rated[i] !== 1 ? UNRATED_QUALITY : qRange > 0 ? (value[i]! - minQ) / qRange : 1;
    ranked.push({ i, cost, score: (wc * costPart + ws * speed[i]! + wq * quality) / total });
  }
  ranked.sort(rankedComparator(s.ids));
  const complete = count <= k;
  if (ranked.length > k) ranked.length = k;
  return { count, removedByContext, ranking: { ranked, complete, stats } };
}

function passesContext(ix: CatalogIndex, costing: Costing, i: number): boolean {
  const t = costing.tokens[ix.family[i]!]!;
  const o = costing.outputTokens;
  return t + o <= ix.contextWindow[i]! && o <= ix.maxOutputTokens[i]!;
}

/**
 * The one-pass hot loop over simple survivors: context filter, cost proxy, approximate score, top-k threshold,
 * collection (see rankPool). `c`: c0, a1, b, cq, cu, margin, nearMinU, nearMaxU, minAt, maxAt; `st`: best,
 * collected, near (in and out). Returns how many the context filter removed.
 */
function scanSimpleFused(
  ix: CatalogIndex,
  simple: Int32Array,
  tokens: Float64Array,
  o: number,
  speed: Float64Array,
  quality: QualityColumn,
  c: Float64Array,
  top: Float64Array,
  work: RankScratch,
  st: Float64Array,
): number {
  const { family, contextWindow, maxOutputTokens, inputPrice, outputPrice } = ix;
  const { value, unrated } = quality;
  const { collected, collectedScore, near } = work;
  const f64 = F64;
  const i32 = I32;
  const table = LOG_TABLE;
  const c0 = c[0]!;
  const a1 = c[1]!;
  const b = c[2]!;
  const cq = c[3]!;
  const cu = c[4]!;
  const margin2 = 2 * c[5]!;
  const nearMinU = c[6]!;
  const nearMaxU = c[7]!;
  const minAt = c[8]!;
  const maxAt = c[9]!;
  const k = top.length;
  let best = st[0]!;
  let floor = best - margin2;
  let collectedCount = st[1]!;
  let nearCount = st[2]!;
  let removed = 0;
  const n = simple.length;
  for (let p = 0; p < n; p++) {
    const i = simple[p]!;
    const t = tokens[family[i]!]!;
    if (!(t + o <= contextWindow[i]! && o <= maxOutputTokens[i]!)) {
      removed++;
      continue;
    }
    const u = t * inputPrice[i]! + o * outputPrice[i]!;
    if ((u <= nearMinU && i !== minAt) || (u >= nearMaxU && i !== maxAt)) near[nearCount++] = i;
    f64[0] = u > 1 ? u : 1;
    const hiBits = i32[1]!;
    const la = ((hiBits >> 20) - 1023) * LN2 + table[(hiBits >>> 10) & 1023]!;
    const a = c0 - a1 * la + b * speed[i]! + cq * value[i]! + cu * unrated[i]!;
    if (a >= floor) {
      collected[collectedCount] = i;
      collectedScore[collectedCount] = a;
      collectedCount++;
      if (a > best) {
        let j = 0;
        while (j + 1 < k && top[j + 1]! < a) {
          top[j] = top[j + 1]!;
          j++;
        }
        top[j] = a;
        best = top[0]!;
        floor = best - margin2;
      }
    }
  }
  st[0] = best;
  st[1] = collectedCount;
  st[2] = nearCount;
  return removed;
}

/** The same scoring for models whose proxies are known already. */
function scoreListed(
  idx: Int32Array,
  proxy: Float64Array,
  speed: Float64Array,
  quality: QualityColumn,
  c: Float64Array,
  top: Float64Array,
  work: RankScratch,
  st: Float64Array,
): void {
  const { value, unrated } = quality;
  const { collected, collectedScore, near } = work;
  const [c0, a1, b, cq, cu, margin, nearMinU, nearMaxU, minAt, maxAt] = c as unknown as number[];
  const k = top.length;
  let best = st[0]!;
  let floor = best - 2 * margin!;
  let collectedCount = st[1]!;
  let nearCount = st[2]!;
  for (let p = 0; p < idx.length; p++) {
    const i = idx[p]!;
    const u = proxy[p]!;
    if ((u <= nearMinU! && i !== minAt) || (u >= nearMaxU! && i !== maxAt)) near[nearCount++] = i;
    F64[0] = u > 1 ? u : 1;
    const hiBits = I32[1]!;
    const la = ((hiBits >> 20) - 1023) * LN2 + LOG_TABLE[(hiBits >>> 10) & 1023]!;
    const a = c0! - a1! * la + b! * speed[i]! + cq! * value[i]! + cu! * unrated[i]!;
    if (a >= floor) {
      collected[collectedCount] = i;
      collectedScore[collectedCount] = a;
      collectedCount++;
      if (a > best) {
        let j = 0;
        while (j + 1 < k && top[j + 1]! < a) {
          top[j] = top[j + 1]!;
          j++;
        }
        top[j] = a;
        best = top[0]!;
        floor = best - 2 * margin!;
      }
    }
  }
  st[0] = best;
  st[1] = collectedCount;
  st[2] = nearCount;
}

/** A model that passes the filters among the hull vertices whose proxy is `u`; -1 when none does. */
function passingAt(hulls: (PricePoint[] | undefined)[], tokens: Float64Array, o: number, u: number, passes: (i: number) => boolean): number {
  for (let f = 0; f < hulls.length; f++) {
    const hull = hulls[f];
    if (!hull) continue;
    const t = tokens[f]!;
    for (const v of hull) {
      if (t * v.pin + o * v.pout !== u) continue;
      for (const i of v.members) if (passes(i)) return i;
    }
  }
  return -1;
}
