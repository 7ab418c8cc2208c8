/**
 * Models from the user config (`providers.<name>.models[]`): each becomes one model with one endpoint,
 * `local/llama3`, with estimated quality evidence — the ratings the user gave, else those of the catalog model of
 * the same name, else the catalog's estimate for its family and size (a conservative rating for its tier when the
 * catalog knows no model of its family).
 */
import { loadBundledCatalog, type Catalog } from '../../shared/catalog/catalog.js';
import type { RatedModel } from '../../shared/catalog/estimate.js';
import { fillCategories, makeEstimator, targetOf, typicalOffsets } from '../../shared/catalog/estimate.js';
import { lineOf, thinksByDefault, tierOf } from '../../shared/catalog/lines.js';
import type { Modality, Model, Quality, QualityEvidence } from '../../shared/catalog/model.js';
import { QUALITY_CATEGORIES } from '../../shared/catalog/model.js';
import type { UserConfigFile } from '../../shared/policy/schema.js';

/** `catalog`: the catalog the models join, whose rated models the estimates come from (default: the bundled one). */
/** How a model's evidence basis names where the model came from: its ratings' source, and a model of one's own. */
export interface EvidenceWording {
  /** `ratings given in <given> for <id>`. */
  given: string;
  /** `<own>: the ratings of …`, `<own>: <the estimate's basis>`. */
  own: string;
}
const USER_CONFIG_WORDING: EvidenceWording = { given: 'the user config', own: 'user model' };

export function userModels(userConfig: UserConfigFile, catalog: Catalog = loadBundledCatalog(), wording: EvidenceWording = USER_CONFIG_WORDING): Model[] {
  const entries = Object.entries(userConfig.providers ?? {}).flatMap(([provider, config]) => (config.models ?? []).map((m) => ({ provider, m })));
  if (entries.length === 0) return [];
  const rated: RatedModel[] = catalog.all().flatMap((m) => (m.quality.source === 'arena' ? [{ ...targetOf(m), ratings: m.quality.ratings }] : []));
  const offsets = typicalOffsets(rated.map((r) => r.ratings));
  const estimator = makeEstimator(rated, offsets);
  return entries.map(({ provider, m }) => {
    const id = `${provider}/${m.id}`;
    const name = m.name ?? m.id;
    const capabilities = [...(m.capabilities ?? [])];
    const inputModalities: Modality[] = ['text'];
    if (capabilities.includes('vision')) inputModalities.push('image');
    if (capabilities.includes('pdf')) inputModalities.push('pdf');
    if (capabilities.includes('audio')) inputModalities.push('audio');
    const contextWindow = m.contextWindow;
    const maxOutputTokens = m.maxOutputTokens ?? Math.min(m.contextWindow, 8192);
    const pricing: Model['endpoints'][number]['pricing'] = { inputPerMTok: m.pricing.inputPerMTok, outputPerMTok: m.pricing.outputPerMTok };
    if (m.pricing.cachedInputPerMTok !== undefined) pricing.cachedInputPerMTok = m.pricing.cachedInputPerMTok;
    const model: Model = {
      id,
      maker: provider,
      name: m.id,
      family: lineOf(m.id.replace(/:/g, '-')).family,
      tier: tierOf(m.id.replace(/:/g, '-'), m.pricing.outputPerMTok > 0 ? m.pricing.outputPerMTok : undefined),
      capabilities,
      inputModalities,
      reasoning: thinksByDefault(m.id.replace(/:/g, '-'), capabilities.includes('reasoning')),
      contextWindow,
      maxOutputTokens,
      quality: { ratings: {}, source: 'estimated', basis: '' },
      aliases: [],
      endpoints: [{ id, model: id, provider, name, contextWindow, maxOutputTokens, pricing, capabilities }],
    };
    model.quality = evidenceFor(model, m.quality, catalog, estimator, offsets, wording);
    return model;
  });
}

function evidenceFor(
  model: Model,
  given: Record<string, number> | undefined,
  catalog: Catalog,
  estimator: ReturnType<typeof makeEstimator>,
  offsets: ReturnType<typeof typicalOffsets>,
  wording: EvidenceWording,
): QualityEvidence {
  const vision = model.capabilities.includes('vision');
  const known: Quality = {};
  for (const c of QUALITY_CATEGORIES) if (typeof given?.[c] === 'number') known[c] = given[c];
  if (known.overall !== undefined || known.vision !== undefined) {
    return { ratings: fillCategories(known, vision, offsets).ratings, source: 'estimated', basis: `ratings given in ${wording.given} for ${model.id}` };
  }
  // `llama3.1:8b` at Ollama is the catalog's `llama3.1:8b` or `llama-3.1-8b` spelled another way.
  const names = [model.name, model.name.replace(/:/g, '-')].map((n) => n.toLowerCase());
  const same = catalog.get(names[0] ?? '') ?? catalog.get(names[1] ?? '') ?? catalog.all().find((m) => names.includes(m.name.toLowerCase()));
  if (same && same.id !== model.id) {
    return { ratings: fillCategories(same.quality.ratings, vision, offsets).ratings, source: 'estimated', basis: `${wording.own}: the ratings of ${same.id} (the catalog model of that name)`, from: same.id };
  }
  const estimate = estimator.estimate(targetOf(model));
  return { ...estimate, basis: `${wording.own}: ${estimate.basis}` };
}
