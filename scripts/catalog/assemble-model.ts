/** A grouped model draft → the model's fields (all but quality) and its endpoints. */
import { lineOf, reasonsByName, thinksByDefault, tierOf } from '../../shared/catalog/lines.js';
import type { Capability, Endpoint, Modality, Model } from '../../shared/catalog/model.js';
import { CAPABILITIES, MODALITIES } from '../../shared/catalog/model.js';
import type { ModelDraft } from './group-models.js';
import { MAKER_OF_PROVIDER } from './providers.js';

export type UnratedModel = Omit<Model, 'quality'>;

/** YYYYMMDD (day 00: month only) → YYYY-MM-DD or YYYY-MM. */
export function formatDate(sort: number): string {
  const s = String(sort);
  const ym = `${s.slice(0, 4)}-${s.slice(4, 6)}`;
  return s.slice(6) === '00' ? ym : `${ym}-${s.slice(6)}`;
}

export function assembleModel(d: ModelDraft): UnratedModel {
  const srcs = d.endpoints.map((e) => e.src);
  const firstParty = srcs.filter((e) => MAKER_OF_PROVIDER[e.provider] === d.maker);
  const deprecated = firstParty.length > 0 && firstParty.every((e) => e.deprecationDate !== undefined);
  const modelDeprecation = deprecated ? firstParty.map((e) => e.deprecationDate ?? '').sort().at(-1) : undefined;
  const priceHint = (firstParty[0] ?? srcs[0])?.pricing.outputPerMTok;
  const capabilities = CAPABILITIES.filter((c) => srcs.some((e) => e.capabilities.includes(c)));
  const inputModalities = MODALITIES.filter((m) => srcs.some((e) => e.modalities.includes(m)));
  const endpoints: Endpoint[] = d.endpoints.map(({ src, folded }) => {
    const e: Endpoint = {
      id: src.id,
      model: d.id,
      provider: src.provider,
      name: src.name,
      contextWindow: src.contextWindow,
      maxOutputTokens: src.maxOutputTokens,
      pricing: src.pricing,
      capabilities: src.capabilities,
    };
    // The model's retirement covers every endpoint: a reseller that lists no date stops with the maker.
    const dates = [src.deprecationDate, modelDeprecation].filter((x): x is string => x !== undefined).sort();
    if (dates[0] !== undefined) e.deprecationDate = dates[0];
    if (folded.length > 0) e.aliases = [...folded];
    return e;
  });
  const model: UnratedModel = {
    id: d.id,
    maker: d.maker,
    name: d.id.slice(d.maker.length + 1),
    family: lineOf(d.core).family,
    tier: tierOf(d.core, priceHint),
    capabilities: capabilities as Capability[],
    inputModalities: inputModalities as Modality[],
    // the catalog's own name (`gemini-2.5-flash-lite`): the core joins version digits with dashes
    reasoning: reasonsByName(d.core) || thinksByDefault(d.id.slice(d.maker.length + 1), capabilities.includes('reasoning')),
    contextWindow: Math.max(...srcs.map((e) => e.contextWindow)),
    maxOutputTokens: Math.max(...srcs.map((e) => e.maxOutputTokens)),
    // Serving variants folded in (`google/gemini-3.1-pro-preview-customtools`) keep their ids as aliases.
    aliases: [...(d.variantIds ?? [])],
    endpoints,
  };
  const date = d.snapshot?.sort ?? (d.dates.length > 0 ? Math.min(...d.dates) : undefined);
  if (date) model.releaseDate = formatDate(date);
  if (modelDeprecation !== undefined) model.deprecationDate = modelDeprecation;
  return model;
}
