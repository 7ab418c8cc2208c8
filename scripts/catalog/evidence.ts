/**
 * Quality evidence for every model: LMArena ratings where the arena has the model (missing categories filled from
 * `overall` with the arena's typical offsets), otherwise an estimate (shared/catalog/estimate.ts). Last, no estimate
 * stays below an older model of its family that costs no more: a model never looks worse only because the arena has
 * not rated it.
 */
import type { Calibration, EstimateTarget, RatedModel } from '../../shared/catalog/estimate.js';
import { compareAge, comparableSizes, isKnownOlder, fillCategories, isVisionModel, makeEstimator, maxPerCategory, ordered, targetOf, typicalOffsets } from '../../shared/catalog/estimate.js';
import type { Model, Quality, QualityEvidence } from '../../shared/catalog/model.js';
import type { ArenaEntry } from './arena.js';
import type { ArenaIndex, JoinTier } from './arena-join.js';
import { formatDate, type UnratedModel } from './assemble-model.js';
import { splitSnapshot, tokenize } from './model-names.js';
import { MAKER_OF_PROVIDER } from './providers.js';

export interface ArenaChoice {
  entry: ArenaEntry;
  tier: JoinTier;
}

/** The arena entry for a model: its maker's endpoint's match first, then the closest join step, then the endpoint id. */
export function chooseArena(model: UnratedModel, index: ArenaIndex, baseModels: ReadonlySet<string>): ArenaChoice | undefined {
  const tries = model.endpoints.flatMap((e) =>
    [e.id, ...(e.aliases ?? [])].map((id) => ({ id, provider: e.provider, name: id.slice(e.provider.length + 1) })),
  );
  const matches = tries.flatMap((t) => {
    const m = index.match(t.provider, t.name, { baseModel: baseModels.has(t.id) });
    return m ? [{ ...m, firstParty: MAKER_OF_PROVIDER[t.provider] === model.maker ? 0 : 1, id: t.id }] : [];
  });
  matches.sort((a, b) => a.firstParty - b.firstParty || a.tier - b.tier || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const best = matches[0];
  return best ? { entry: best.entry, tier: best.tier } : undefined;
}

/** The blended price people pay at the model's cheapest endpoint (3 input tokens per output token). */
export function blendedPrice(m: Pick<Model, 'endpoints'>): number {
  return Math.min(...m.endpoints.map((e) => (3 * e.pricing.inputPerMTok + e.pricing.outputPerMTok) / 4));
}

export function attachEvidence(
  models: readonly UnratedModel[],
  arenaOf: ReadonlyMap<string, ArenaEntry>,
  arenaEntries: readonly ArenaEntry[],
): { models: Model[]; calibration: Calibration } {
  const offsets = typicalOffsets(arenaEntries.map((e) => e.quality));
  const rated: RatedModel[] = [];
  const out = new Map<string, Model>();
  for (const m of models) {
    const entry = arenaOf.get(m.id);
    if (!entry) continue;
    const vision = isVisionModel(m) || entry.quality.vision !== undefined;
    const { ratings, filled } = fillCategories(entry.quality, vision, offsets);
    const note = filled.length > 0 ? `; ${filled.join(', ')} filled from overall with the arena's typical offset` : '';
    const quality: QualityEvidence = { ratings, source: 'arena', basis: `LMArena "${entry.name}"${note}`, arenaName: entry.name };
    const model: Model = { ...m, quality };
    if (model.releaseDate === undefined) {
      const sort = splitSnapshot(tokenize(entry.name)).snapshot?.sort;
      if (sort) model.releaseDate = formatDate(sort);
    }
    out.set(m.id, model);
    rated.push({ ...targetOf(model), ratings });
  }
  const estimator = makeEstimator(rated, offsets, { lineup: models.map(targetOf) });
  for (const m of models) {
    if (out.has(m.id)) continue;
    out.set(m.id, { ...m, quality: estimator.estimate(targetOf(m)) });
  }
  floorByFamily([...out.values()]);
  return { models: models.map((m) => out.get(m.id) as Model), calibration: estimator.calibration };
}

/** `o` states a larger size than `m`: a smaller model below it is so for its size, not for lacking a rating. */
export function isLarger(o: EstimateTarget, m: EstimateTarget): boolean {
  const sizes = comparableSizes(o, m);
  return sizes !== undefined && sizes[0] > sizes[1];
}

/**
 * Raise each estimate to the ratings of every older, no dearer, not larger model of its family (oldest first, so it
 * chains). Older must be known: an undated model is not taken for newer than a dated sibling (Qwen3-4B, undated, was
 * raised to its dated July successor's estimate, above the arena-rated 235B in coding).
 */
function floorByFamily(models: Model[]): void {
  const byFamily = new Map<string, { m: Model; t: EstimateTarget; price: number }[]>();
  for (const m of models) byFamily.set(m.family, [...(byFamily.get(m.family) ?? []), { m, t: targetOf(m), price: blendedPrice(m) }]);
  for (const list of byFamily.values()) {
    list.sort((a, b) => compareAge(a.t, b.t));
    for (const cur of list) {
      if (cur.m.quality.source !== 'estimated') continue;
      const floors = list.filter((o) => o !== cur && isKnownOlder(o.t, cur.t) && o.price <= cur.price && !isLarger(o.t, cur.t));
      if (floors.length === 0) continue;
      const before = cur.m.quality.ratings;
      const raised = ordered(maxPerCategory([before, ...floors.map((f) => pickKnown(f.m.quality.ratings, before))]));
      if (JSON.stringify(raised) === JSON.stringify(before)) continue;
      const top = [...floors].sort((a, b) => (b.m.quality.ratings.overall ?? 0) - (a.m.quality.ratings.overall ?? 0))[0];
      cur.m.quality = { ...cur.m.quality, ratings: raised, basis: `${cur.m.quality.basis}; raised to at least ${top?.m.id ?? 'an older model'} (older and no dearer, same family)` };
    }
  }
}

/** Only the categories the model has (a text model does not take a vision rating from a vision sibling). */
function pickKnown(q: Quality, like: Quality): Quality {
  const out: Quality = {};
  for (const c of Object.keys(like) as (keyof Quality)[]) if (q[c] !== undefined) out[c] = q[c];
  return out;
}
