/**
 * Quality estimates for models the arena has not rated, with their provenance. Pure; used by the generator for the
 * bundled catalog and at run time for OpenRouter's new models and user-config models, so both follow one rule:
 *
 *  0. a versionless `-latest` name (`gemini-pro-latest`): the newest rated model of its family and tier;
 *  1. the rated models of the same family and tier that are not newer (of a stated size, when the model states one):
 *     the best of them per category, each moved for size (a successor is never below a rated predecessor of its
 *     size), named after the nearest, raised by the successor uplift per version step after it;
 *  2. else the same family and tier, newer only: the nearest successor's ratings, lowered by the predecessor
 *     decrement per version step (SNAPSHOT_DISCOUNT for an earlier snapshot of the same version);
 *  3. else the same family, another tier: its newest model not newer (else the oldest), preferring relatives of a
 *     stated size; moved for size when both state one, else TIER_STEP per tier step; then for age as above;
 *  4. else a conservative rating for the tier: the 25th percentile of the rated models of that tier, lowered for a
 *     stated size below that tier's typical one.
 *
 * Raises are capped: a successor's uplift, or a raise for tier or size, never takes an estimate more than
 * UPLIFT_CAP_MARGIN past the best rated model of the next tier up (in the family, else in the catalog; for a
 * flagship, the best of all); a tier guess also stays within one uplift step of its family's best rated model.
 * Whenever the model and the relative both state a size (`qwen3-0.6b`, `llama-3.1-70b`), the ratings move by the
 * per-doubling figure for the size ratio. The three figures are fitted on the rated models themselves (see
 * `calibrate`), so the bundled catalog and run-time estimates use the same numbers; `npm run catalog` prints them
 * (with `-- --verbose`, the pairs). Every estimate's `basis` says what it was derived from and by how much; every
 * estimate has `overall`, the text categories, and `vision` for vision models.
 */
import { compareVersions, effectiveSize, lineOf, parameterCount } from './lines.js';
import type { Model, ModelTier, Quality, QualityCategory, QualityEvidence } from './model.js';
import { QUALITY_CATEGORIES } from './model.js';

export const TEXT_CATEGORIES: readonly QualityCategory[] = ['overall', 'coding', 'math', 'creative', 'instructions', 'longContext', 'hardPrompts', 'multiTurn'];
const TIER_RANK: Readonly<Record<ModelTier, number>> = { flagship: 2, mid: 1, small: 0 };
export const TIER_STEP = 40;
/** Used only when the rated models give no pairs to fit on (a tiny run-time catalog). */
export const DEFAULT_CALIBRATION = { perDoubling: 20, predecessorDecrement: 40, successorUplift: 15 } as const;
/** How far an uplifted successor may go past the best rated model of the tier above (or of all, for a flagship). */
export const UPLIFT_CAP_MARGIN = 10;
/** An earlier snapshot of the same version (`qwen-plus-2025-01-25` beside a rated `qwen-plus`): a small, fixed step. */
export const SNAPSHOT_DISCOUNT = 15;
/** Version steps counted at most, so a far successor is not extrapolated without bound. */
export const MAX_STEPS = 3;

/** What an estimate needs to know about the model it is for. */
export interface EstimateTarget {
  id: string;
  family: string;
  version: readonly number[];
  tier: ModelTier;
  releaseDate?: string;
  vision: boolean;
  /** Effective size in billions of parameters, when the name states it (see `effectiveSize`). */
  size?: number;
  /** Total parameters in billions, when stated, and whether the name also states the active ones (a mixture of experts). */
  total?: number;
  moe?: boolean;
}

export interface RatedModel extends EstimateTarget {
  ratings: Quality;
}

export function targetOf(m: Omit<Model, 'quality' | 'endpoints' | 'aliases'>): EstimateTarget {
  const t: EstimateTarget = { id: m.id, family: m.family, version: lineOf(m.name).version, tier: m.tier, vision: isVisionModel(m) };
  if (m.releaseDate !== undefined) t.releaseDate = m.releaseDate;
  const size = effectiveSize(m.name);
  const params = parameterCount(m.name);
  if (size !== undefined && params) {
    t.size = size;
    t.total = params.total;
    if (params.active !== undefined) t.moe = true;
  }
  return t;
}

export function isVisionModel(m: Pick<Model, 'capabilities' | 'inputModalities'>): boolean {
  return m.capabilities.includes('vision') || m.inputModalities.includes('image');
}

/** Older first: by version, then release date (unknown dates last among equals). */
export function compareAge(a: Pick<EstimateTarget, 'version' | 'releaseDate'>, b: Pick<EstimateTarget, 'version' | 'releaseDate'>): number {
  return compareVersions(a.version, b.version) || (a.releaseDate ?? '9999').localeCompare(b.releaseDate ?? '9999');
}

/**
 * `a` is known to be older than `b`: an earlier version, or the same version with both release dates known and
 * `a`'s earlier. Unlike {@link compareAge}, which sorts unknown dates last, an unknown date proves nothing.
 */
export function isKnownOlder(a: Pick<EstimateTarget, 'version' | 'releaseDate'>, b: Pick<EstimateTarget, 'version' | 'releaseDate'>): boolean {
  const byVersion = compareVersions(a.version, b.version);
  if (byVersion !== 0) return byVersion < 0;
  return a.releaseDate !== undefined && b.releaseDate !== undefined && a.releaseDate < b.releaseDate;
}

/** The arena's typical gap between a category and `overall` (mean over the ratings that have both). */
export function typicalOffsets(ratings: readonly Quality[]): Partial<Record<QualityCategory, number>> {
  const out: Partial<Record<QualityCategory, number>> = {};
  for (const c of QUALITY_CATEGORIES) {
    if (c === 'overall') continue;
    const gaps = ratings.flatMap((q) => (q.overall !== undefined && q[c] !== undefined ? [q[c] - q.overall] : []));
    if (gaps.length > 0) out[c] = round(gaps.reduce((a, b) => a + b, 0) / gaps.length);
  }
  return out;
}

/** The categories a model must have: `overall`, the text ones, and `vision` for vision models. */
export function requiredCategories(vision: boolean): QualityCategory[] {
  return vision ? [...TEXT_CATEGORIES, 'vision'] : [...TEXT_CATEGORIES];
}

/**
 * `ratings` with every required category: missing ones are `overall` plus the typical offset. Returns the filled
 * ratings and the names of the categories filled. Without `overall`, it is derived from `vision` first.
 */
export function fillCategories(ratings: Quality, vision: boolean, offsets: Partial<Record<QualityCategory, number>>): { ratings: Quality; filled: QualityCategory[] } {
  const out: Quality = { ...ratings };
  const filled: QualityCategory[] = [];
  if (out.overall === undefined && out.vision !== undefined) {
    out.overall = round(out.vision - (offsets.vision ?? 0));
    filled.push('overall');
  }
  const overall = out.overall;
  if (overall === undefined) return { ratings: out, filled };
  for (const c of requiredCategories(vision)) {
    if (out[c] === undefined) {
      out[c] = round(overall + (offsets[c] ?? 0));
      filled.push(c);
    }
  }
  return { ratings: ordered(out), filled };
}

/** The 25th percentile per category of the rated models of each tier: a conservative rating for an unknown model. */
export function tierDefaults(rated: readonly RatedModel[]): Record<ModelTier, Quality> {
  const out = { flagship: {}, mid: {}, small: {} } as Record<ModelTier, Quality>;
  for (const tier of ['flagship', 'mid', 'small'] as const) {
    const pool = rated.filter((r) => r.tier === tier);
    for (const c of QUALITY_CATEGORIES) {
      const values = pool.flatMap((r) => (r.ratings[c] !== undefined ? [r.ratings[c]] : [])).sort((a, b) => a - b);
      if (values.length > 0) out[tier][c] = values[Math.floor((values.length - 1) * 0.25)] ?? 0;
    }
  }
  return out;
}

/** The figures estimates move by, fitted on rated models, with the pairs they came from (for the generator's output). */
export interface Calibration {
  /** Rating points per doubling of effective parameters, between rated models of one family and version. */
  perDoubling: number;
  sizePairs: string[];
  /** Points an older model is below its successor, per version step: the median gap of adjacent rated releases. */
  predecessorDecrement: number;
  /** Points a successor is above its predecessor, per version step: the 25th percentile of the same gaps (cautious). */
  successorUplift: number;
  versionPairs: string[];
}

const log2 = (x: number) => Math.log(x) / Math.LN2;

/**
 * The two sizes to compare, or undefined when either is unknown. A name that states only a total beside a mixture of
 * experts with that total (`qwen-3-235b` and `qwen3-235b-a22b`) is most likely the same weights: equal sizes.
 */
export function comparableSizes(a: Pick<EstimateTarget, 'size' | 'total' | 'moe'>, b: Pick<EstimateTarget, 'size' | 'total' | 'moe'>): [number, number] | undefined {
  if (a.size === undefined || b.size === undefined) return undefined;
  if (!!a.moe !== !!b.moe && a.total !== undefined && b.total !== undefined && Math.abs(log2(a.total / b.total)) < 0.15) return [a.size, a.size];
  return [a.size, b.size];
}

/**
 * Fits the figures on the rated models. Size: a least-squares slope through the origin of the `overall` gap against
 * log2 of the size ratio, over every pair of rated models of one family and version with different stated sizes
 * (llama-3.1 8B/70B/405B, gemma-3 4B/12B/27B, qwen3 32B/235B-A22B…). Versions: per family, tier and size, the best
 * `overall` of each rated version against the next rated version.
 */
export function calibrate(rated: readonly RatedModel[]): Calibration {
  // One entry per distinct rating (several catalog models can carry the same arena entry).
  const seen = new Set<string>();
  const unique = rated.filter((r) => {
    const k = `${r.family}|${r.version.join('.')}|${r.size ?? ''}|${r.ratings.overall ?? ''}`;
    if (r.ratings.overall === undefined || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const sized = unique.filter((r) => r.size !== undefined);
  let num = 0;
  let den = 0;
  const sizePairs: string[] = [];
  for (let i = 0; i < sized.length; i++) {
    for (let j = i + 1; j < sized.length; j++) {
      const [a, b] = [sized[i], sized[j]] as [RatedModel, RatedModel];
      if (a.family !== b.family || compareVersions(a.version, b.version) !== 0 || a.size === b.size) continue;
      const [small, large] = (a.size ?? 0) < (b.size ?? 0) ? [a, b] : [b, a];
      const dx = log2((large.size ?? 1) / (small.size ?? 1));
      const dy = (large.ratings.overall ?? 0) - (small.ratings.overall ?? 0);
      num += dx * dy;
      den += dx * dx;
      sizePairs.push(`${small.id} ${small.ratings.overall} → ${large.id} ${large.ratings.overall} (${round(dy)} over ${round(dx)} doublings)`);
    }
  }
  const groups = new Map<string, RatedModel[]>();
  for (const r of unique) {
    if (r.version.length === 0) continue;
    const k = `${r.family}|${r.tier}|${r.size ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const gaps: number[] = [];
  const versionPairs: string[] = [];
  for (const list of groups.values()) {
    const best = new Map<string, RatedModel>();
    for (const r of list) {
      const v = r.version.join('.');
      const b = best.get(v);
      if (!b || (r.ratings.overall ?? 0) > (b.ratings.overall ?? 0)) best.set(v, r);
    }
    const versions = [...best.values()].sort((a, b) => compareVersions(a.version, b.version));
    for (let i = 1; i < versions.length; i++) {
      const [older, newer] = [versions[i - 1], versions[i]] as [RatedModel, RatedModel];
      const gap = round((newer.ratings.overall ?? 0) - (older.ratings.overall ?? 0));
      gaps.push(gap);
      versionPairs.push(`${older.id} ${older.ratings.overall} → ${newer.id} ${newer.ratings.overall} (${gap >= 0 ? '+' : ''}${gap})`);
    }
  }
  gaps.sort((a, b) => a - b);
  const quantile = (q: number) => gaps[Math.floor((gaps.length - 1) * q)] ?? 0;
  return {
    perDoubling: den > 0 ? clamp(round(num / den), 0, 60) : DEFAULT_CALIBRATION.perDoubling,
    sizePairs,
    predecessorDecrement: gaps.length > 0 ? clamp(quantile(0.5), 0, 150) : DEFAULT_CALIBRATION.predecessorDecrement,
    successorUplift: gaps.length > 0 ? clamp(quantile(0.25), 0, 50) : DEFAULT_CALIBRATION.successorUplift,
    versionPairs,
  };
}

export interface Estimator {
  estimate(target: EstimateTarget): QualityEvidence;
  calibration: Calibration;
}

export interface EstimatorOptions {
  /**
   * Every model the estimates are for (rated or not), to count version steps: claude-opus-4-6, 4-7 and 5 after a
   * rated 4-5 are 1, 2 and 3 steps on. Without it, any newer version is one step.
   */
  lineup?: readonly EstimateTarget[];
}

/** An estimator over a set of rated models (those with arena evidence). */
export function makeEstimator(rated: readonly RatedModel[], offsets: Partial<Record<QualityCategory, number>>, options: EstimatorOptions = {}): Estimator {
  const byFamily = new Map<string, RatedModel[]>();
  for (const r of rated) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  const defaults = tierDefaults(rated);
  const calibration = calibrate(rated);
  const { perDoubling, predecessorDecrement, successorUplift } = calibration;
  const bestOverall = (pool: readonly RatedModel[]) => Math.max(...pool.map((r) => r.ratings.overall ?? -Infinity));
  const versionsOf = new Map<string, (readonly number[])[]>();
  for (const t of options.lineup ?? []) {
    const k = `${t.family}|${t.tier}`;
    const list = versionsOf.get(k) ?? [];
    if (!list.some((v) => compareVersions(v, t.version) === 0)) list.push(t.version);
    versionsOf.set(k, list);
  }
  /** Version steps from `a` (older) to `b` (newer) in this family and tier: the distinct versions in (a, b]. */
  const steps = (family: string, tier: ModelTier, a: readonly number[], b: readonly number[]): number => {
    if (compareVersions(a, b) >= 0) return 0;
    const known = versionsOf.get(`${family}|${tier}`);
    const n = known ? known.filter((v) => compareVersions(v, a) > 0 && compareVersions(v, b) <= 0).length : 1;
    return Math.min(MAX_STEPS, Math.max(1, n));
  };
  /** The shift for the size ratio and its words, when both sizes are stated. */
  const sizeShift = (target: EstimateTarget, from: RatedModel): { delta: number; note: string; known: boolean } => {
    const sizes = comparableSizes(target, from);
    if (!sizes) return { delta: 0, note: '', known: false };
    const [t, f] = sizes;
    if (t === f) return { delta: 0, note: target.size === from.size ? '' : `, the same size (${target.total}B total)`, known: true };
    const doublings = log2(t / f);
    const delta = round(doublings * perDoubling);
    const dir = delta >= 0 ? 'raised' : 'lowered';
    return { delta, note: `, ${dir} by ${Math.abs(delta)} for ${t}B against ${f}B (${round(Math.abs(doublings))} ${doublings >= 0 ? 'doublings' : 'halvings'} × ${perDoubling} per doubling)`, known: true };
  };
  const finish = (target: EstimateTarget, ratings: Quality, basis: string, from?: string): QualityEvidence => {
    const { ratings: full } = fillCategories(pick(ratings, requiredCategories(target.vision)), target.vision, offsets);
    const e: QualityEvidence = { ratings: full, source: 'estimated', basis };
    if (from !== undefined) e.from = from;
    return e;
  };
  /** Not much past the best rated model of the tier above: in the family, else in the catalog (for a flagship: the best of all). */
  const ceilingFor = (target: EstimateTarget, family: readonly RatedModel[]): { ceiling: number; what: string } => {
    const upTier = TIER_ORDER[TIER_RANK[target.tier] + 1];
    const inFamily = family.filter((r) => r.tier === upTier);
    const anywhere = rated.filter((r) => r.tier === upTier);
    const [pool, what] =
      inFamily.length > 0 ? [inFamily, `the best rated ${upTier}-tier model of its family`] : anywhere.length > 0 ? [anywhere, `the best rated ${upTier}-tier model`] : [rated, 'the best rated model'];
    return { ceiling: round(bestOverall(pool) + UPLIFT_CAP_MARGIN), what };
  };
  /**
   * The shift for the target's age against the relative's: down by the predecessor decrement per version step when
   * the relative is newer (an earlier snapshot of the same version: SNAPSHOT_DISCOUNT), up by the successor uplift
   * per step when it is older (capped), nothing for a later snapshot of the same version.
   */
  const ageShift = (target: EstimateTarget, from: RatedModel, family: readonly RatedModel[], overall: number | undefined): { delta: number; note: string } => {
    const order = compareAge(from, target);
    if (order === 0) return { delta: 0, note: '' };
    if (order > 0) {
      if (compareVersions(from.version, target.version) === 0) return { delta: -SNAPSHOT_DISCOUNT, note: `; lowered by ${SNAPSHOT_DISCOUNT} as an earlier snapshot of the same version` };
      const n = Math.max(1, steps(target.family, target.tier, target.version, from.version));
      const down = round(n * predecessorDecrement);
      return { delta: -down, note: `; lowered by ${down} for ${n} version step${n > 1 ? 's' : ''} before it (${predecessorDecrement} per step)` };
    }
    const n = steps(target.family, target.tier, from.version, target.version);
    if (n === 0 || successorUplift === 0) return { delta: 0, note: '' };
    const { ceiling, what } = ceilingFor(target, family);
    const wanted = round(n * successorUplift);
    const up = round(Math.min(wanted, Math.max(0, ceiling - (overall ?? ceiling))));
    const after = `${n} version step${n > 1 ? 's' : ''} after it`;
    if (up <= 0) return { delta: 0, note: `; not raised for ${after}: already at the cap of ${ceiling}, ${UPLIFT_CAP_MARGIN} above ${what}` };
    const capped = up < wanted ? `, capped at an overall ${ceiling}: ${UPLIFT_CAP_MARGIN} above ${what}` : '';
    return { delta: up, note: `; raised by ${up} for ${after} (${successorUplift} per step${capped})` };
  };
  return {
    calibration,
    estimate(target) {
      const family = (byFamily.get(target.family) ?? []).filter((r) => r.id !== target.id);
      const sameTier = family.filter((r) => r.tier === target.tier);
      // A `-latest` name without a version (`gemini-pro-latest`) points at the maker's newest release of the line.
      if (/(^|[-/])latest$/.test(target.id) && target.version.length === 0 && sameTier.length > 0) {
        const newest = [...sameTier].sort((x, y) => compareVersions(x.version, y.version) || (x.releaseDate ?? '').localeCompare(y.releaseDate ?? '')).at(-1) as RatedModel;
        return finish(target, newest.ratings, `estimated from ${newest.id} (the newest rated model of its family and tier: a -latest name points at the newest release)`, newest.id);
      }
      const notNewer = sameTier.filter((r) => compareAge(r, target) <= 0).sort(compareAge);
      // A model of a stated size is estimated from relatives of a stated size, when there are any.
      const sizedOlder = target.size !== undefined ? notNewer.filter((r) => r.size !== undefined) : [];
      const older = sizedOlder.length > 0 ? sizedOlder : notNewer;
      const nearest = older.at(-1);
      if (nearest) {
        const best = maxPerCategory(older.map((r) => shift(r.ratings, sizeShift(target, r).delta)));
        const others = older.length > 1 ? `; the best of ${older.length} rated predecessors per category` : '';
        const age = ageShift(target, nearest, family, best.overall);
        return finish(target, shift(best, age.delta), `estimated from ${nearest.id} (predecessor, same family and tier${others})${sizeShift(target, nearest).note}${age.note}`, nearest.id);
      }
      const successor = [...sameTier].sort(compareAge)[0];
      if (successor) {
        const size = sizeShift(target, successor);
        const age = ageShift(target, successor, family, undefined);
        return finish(target, shift(successor.ratings, size.delta + age.delta), `estimated from ${successor.id} (successor, same family and tier)${size.note}${age.note}`, successor.id);
      }
      // Another tier: the newest that is not newer, else the oldest successor; relatives of a stated size first.
      const withSize = target.size !== undefined ? family.filter((r) => r.size !== undefined) : [];
      const pool = withSize.length > 0 ? withSize : family;
      const byAge = [...pool].sort((a, b) => compareAge(a, b) || nearerSize(target, a) - nearerSize(target, b));
      const other = byAge.filter((r) => compareAge(r, target) <= 0).at(-1) ?? byAge[0];
      if (other) {
        const size = sizeShift(target, other);
        const tierDelta = size.known ? 0 : (TIER_RANK[target.tier] - TIER_RANK[other.tier]) * TIER_STEP;
        const tierNote = size.known ? '' : `, ${tierDelta >= 0 ? 'raised' : 'lowered'} by ${Math.abs(tierDelta)} for the ${target.tier} tier`;
        const age = ageShift(target, other, family, (other.ratings.overall ?? 0) + size.delta + tierDelta);
        // Raised for size or tier, an estimate still stays under the uplift cap.
        let total = size.delta + tierDelta + age.delta;
        let capNote = '';
        // …and a guess by tier (no sizes to go by) not above the best rated model of its family plus the uplift for
        // the version steps after it (one at least: a higher tier earns one step).
        const top = [...family].sort((x, y) => (y.ratings.overall ?? 0) - (x.ratings.overall ?? 0))[0] as RatedModel;
        const topSteps = Math.max(1, steps(target.family, target.tier, top.version, target.version));
        const familyCeiling = size.known ? Infinity : round((top.ratings.overall ?? 0) + topSteps * successorUplift);
        const global = ceilingFor(target, family);
        const what = `${top.id}, the best rated model of its family, plus ${topSteps} step${topSteps > 1 ? 's' : ''} of ${successorUplift}`;
        const { ceiling } = familyCeiling < global.ceiling ? { ceiling: familyCeiling } : global;
        const from = other.ratings.overall;
        if (total > 0 && from !== undefined && from + total > ceiling) {
          total = round(Math.max(0, ceiling - from));
          capNote = ceiling === global.ceiling ? `; capped at an overall ${ceiling}, ${UPLIFT_CAP_MARGIN} above ${global.what}` : `; capped at an overall ${ceiling}: ${what}`;
        }
        const ageNote = capNote !== '' && age.delta === 0 ? '' : age.note;
        return finish(target, shift(other.ratings, total), `estimated from ${other.id} (same family, ${other.tier} tier)${size.note}${tierNote}${ageNote}${capNote}`, other.id);
      }
      const typical = TYPICAL_SIZE[target.tier];
      if (target.size !== undefined && target.size < typical) {
        const doublings = log2(target.size / typical);
        const delta = round(doublings * perDoubling);
        return finish(
          target,
          shift(defaults[target.tier], delta),
          `no rated model in its family "${target.family}": a conservative rating for a ${target.tier}-tier model (the 25th percentile of rated ${target.tier} models), lowered by ${Math.abs(delta)} for ${target.size}B against a typical ${typical}B (${perDoubling} per doubling)`,
        );
      }
      return finish(target, defaults[target.tier], `no rated model in its family "${target.family}": a conservative rating for a ${target.tier}-tier model (the 25th percentile of rated ${target.tier} models)`);
    },
  };
}

const TIER_ORDER: readonly ModelTier[] = ['small', 'mid', 'flagship'];
/** The size a tier's conservative default stands for (its small end): a smaller stated size is lowered from it. */
const TYPICAL_SIZE: Readonly<Record<ModelTier, number>> = { small: 8, mid: 30, flagship: 200 };

/** Larger when `r` is nearer the target's size (log scale); 0 when either is unknown. */
function nearerSize(target: EstimateTarget, r: RatedModel): number {
  const sizes = comparableSizes(target, r);
  return sizes ? -Math.abs(log2(sizes[0] / sizes[1])) : 0;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

export function maxPerCategory(list: readonly Quality[]): Quality {
  const out: Quality = {};
  for (const q of list) for (const c of QUALITY_CATEGORIES) if (q[c] !== undefined && (out[c] === undefined || q[c] > out[c])) out[c] = q[c];
  return out;
}

function shift(q: Quality, delta: number): Quality {
  const out: Quality = {};
  for (const c of QUALITY_CATEGORIES) if (q[c] !== undefined) out[c] = round(q[c] + delta);
  return out;
}

function pick(q: Quality, categories: readonly QualityCategory[]): Quality {
  const out: Quality = {};
  for (const c of categories) if (q[c] !== undefined) out[c] = q[c];
  return out;
}

/** Categories in QUALITY_CATEGORIES order, so the JSON is the same on every run. */
export function ordered(q: Quality): Quality {
  const out: Quality = {};
  for (const c of QUALITY_CATEGORIES) if (q[c] !== undefined) out[c] = q[c];
  return out;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
