/**
 * Quality estimates for models the arena has not rated, with their provenance. Pure; used by the generator for the
 * bundled catalog and at run time for OpenRouter's new models and user-config models, so both follow one rule:
 *
 *  1. the rated models of the same family and tier that are not newer: the best of them per category (a successor is
 *     never below a rated predecessor), named after the nearest;
 *  2. else the same family and tier, newer only: the nearest successor's ratings, lowered by SUCCESSOR_DISCOUNT;
 *  3. else the same family, another tier: its newest model not newer (else the oldest), TIER_STEP per tier step;
 *  4. else a conservative rating for the tier: the 25th percentile of the rated models of that tier.
 *
 * Every estimate has `overall`, the text categories, and `vision` for vision models.
 */
import { compareVersions, lineOf } from './lines.js';
import type { Model, ModelTier, Quality, QualityCategory, QualityEvidence } from './model.js';
import { QUALITY_CATEGORIES } from './model.js';

export const TEXT_CATEGORIES: readonly QualityCategory[] = ['overall', 'coding', 'math', 'creative', 'instructions', 'longContext', 'hardPrompts', 'multiTurn'];
const TIER_RANK: Readonly<Record<ModelTier, number>> = { flagship: 2, mid: 1, small: 0 };
export const TIER_STEP = 40;
export const SUCCESSOR_DISCOUNT = 15;

/** What an estimate needs to know about the model it is for. */
export interface EstimateTarget {
  id: string;
  family: string;
  version: readonly number[];
  tier: ModelTier;
  releaseDate?: string;
  vision: boolean;
}

export interface RatedModel extends EstimateTarget {
  ratings: Quality;
}

export function targetOf(m: Omit<Model, 'quality' | 'endpoints' | 'aliases'>): EstimateTarget {
  const t: EstimateTarget = { id: m.id, family: m.family, version: lineOf(m.name).version, tier: m.tier, vision: isVisionModel(m) };
  if (m.releaseDate !== undefined) t.releaseDate = m.releaseDate;
  return t;
}

export function isVisionModel(m: Pick<Model, 'capabilities' | 'inputModalities'>): boolean {
  return m.capabilities.includes('vision') || m.inputModalities.includes('image');
}

/** Older first: by version, then release date (unknown dates last among equals). */
export function compareAge(a: Pick<EstimateTarget, 'version' | 'releaseDate'>, b: Pick<EstimateTarget, 'version' | 'releaseDate'>): number {
  return compareVersions(a.version, b.version) || (a.releaseDate ?? '9999').localeCompare(b.releaseDate ?? '9999');
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

export interface Estimator {
  estimate(target: EstimateTarget): QualityEvidence;
}

/** An estimator over a set of rated models (those with arena evidence). */
export function makeEstimator(rated: readonly RatedModel[], offsets: Partial<Record<QualityCategory, number>>): Estimator {
  const byFamily = new Map<string, RatedModel[]>();
  for (const r of rated) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  const defaults = tierDefaults(rated);
  const finish = (target: EstimateTarget, ratings: Quality, basis: string, from?: string): QualityEvidence => {
    const { ratings: full } = fillCategories(pick(ratings, requiredCategories(target.vision)), target.vision, offsets);
    const e: QualityEvidence = { ratings: full, source: 'estimated', basis };
    if (from !== undefined) e.from = from;
    return e;
  };
  return {
    estimate(target) {
      const family = (byFamily.get(target.family) ?? []).filter((r) => r.id !== target.id);
      const sameTier = family.filter((r) => r.tier === target.tier);
      const older = sameTier.filter((r) => compareAge(r, target) <= 0).sort(compareAge);
      const nearest = older.at(-1);
      if (nearest) {
        const best = maxPerCategory(older.map((r) => r.ratings));
        const others = older.length > 1 ? `; the best of ${older.length} rated predecessors per category` : '';
        return finish(target, best, `estimated from ${nearest.id} (predecessor, same family and tier${others})`, nearest.id);
      }
      const successor = [...sameTier].sort(compareAge)[0];
      if (successor) {
        return finish(target, shift(successor.ratings, -SUCCESSOR_DISCOUNT), `estimated from ${successor.id} (successor, same family and tier), lowered by ${SUCCESSOR_DISCOUNT}`, successor.id);
      }
      // Another tier: the newest that is not newer, else the oldest successor.
      const byAge = [...family].sort(compareAge);
      const other = byAge.filter((r) => compareAge(r, target) <= 0).at(-1) ?? byAge[0];
      if (other) {
        const steps = TIER_RANK[target.tier] - TIER_RANK[other.tier];
        const delta = steps * TIER_STEP;
        return finish(target, shift(other.ratings, delta), `estimated from ${other.id} (same family, ${other.tier} tier), ${delta >= 0 ? 'raised' : 'lowered'} by ${Math.abs(delta)} for the ${target.tier} tier`, other.id);
      }
      return finish(target, defaults[target.tier], `no rated model in its family "${target.family}": a conservative rating for a ${target.tier}-tier model (the 25th percentile of rated ${target.tier} models)`);
    },
  };
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
