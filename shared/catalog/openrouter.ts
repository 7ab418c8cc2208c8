/**
 * OpenRouter's `GET /api/v1/models` (prices in USD per token, as strings) → endpoints `openrouter/<slug>`. Each joins
 * the catalog model it serves (found by its endpoint id, or its slug, which the generator puts into model aliases:
 * `anthropic/claude-sonnet-4.5`); `:free` and other `:tag` variants are endpoints of the same model; slugs the
 * catalog does not know become new models with estimated evidence. Routers and non-chat entries are excluded.
 */
import type { Catalog } from './catalog.js';
import { classifyEntry } from './classify.js';
import type { RatedModel } from './estimate.js';
import { isVisionModel, makeEstimator, targetOf, typicalOffsets } from './estimate.js';
import { lineOf, thinksByDefault, tierOf } from './lines.js';
import type { Capability, Endpoint, ExcludedEntry, Modality, Model } from './model.js';
import { CAPABILITIES, MODALITIES } from './model.js';

export interface OpenRouterEntry {
  endpoint: Endpoint;
  /** The slug without its `:tag`: the model it serves. */
  modelSlug: string;
  /** Unix seconds. */
  created?: number;
  modalities: Modality[];
}

export interface OpenRouterListing {
  entries: OpenRouterEntry[];
  excluded: ExcludedEntry[];
  /** Entries without usable prices or limits, or listed at $0 without being free. */
  skipped: number;
}

type Raw = {
  id?: unknown;
  created?: unknown;
  context_length?: unknown;
  pricing?: Record<string, unknown>;
  top_provider?: { max_completion_tokens?: unknown; context_length?: unknown };
  architecture?: { input_modalities?: unknown; output_modalities?: unknown };
  supported_parameters?: unknown;
};

function perMillion(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Math.round(n * 1e6 * 1e6) / 1e6;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function parseOpenRouter(json: unknown): OpenRouterListing {
  const data = (json as { data?: unknown } | null)?.data;
  const out: OpenRouterListing = { entries: [], excluded: [], skipped: 0 };
  if (!Array.isArray(data)) return out;
  for (const raw of data as Raw[]) {
    const result = convert(raw);
    if (result === undefined) out.skipped++;
    else if ('reason' in result) out.excluded.push(result);
    else out.entries.push(result);
  }
  return out;
}

function convert(e: Raw): OpenRouterEntry | ExcludedEntry | undefined {
  if (typeof e?.id !== 'string' || e.id === '' || !e.pricing) return undefined;
  const id = `openrouter/${e.id}`;
  const outputs = strings(e.architecture?.output_modalities);
  if (outputs.length > 0 && !outputs.includes('text')) return { id, reason: 'notChat', detail: `a ${outputs.join('/')} generation model, not a chat model` };
  // "-1": a variable price, which only routers have.
  if (e.pricing.prompt === '-1' || e.pricing.completion === '-1') return { id, reason: 'router', detail: 'a router, not a model: Switchyard does the routing' };
  const input = perMillion(e.pricing.prompt);
  const output = perMillion(e.pricing.completion);
  const byName = classifyEntry('openrouter', e.id, input !== undefined && output !== undefined ? { inputPerMTok: input, outputPerMTok: output } : undefined);
  if (byName) return { id, ...byName };
  if (input === undefined || output === undefined) return undefined;
  if (input === 0 && output === 0 && !/:free$/.test(e.id)) return undefined;
  const contextWindow = positiveInt(e.context_length) ?? positiveInt(e.top_provider?.context_length);
  if (contextWindow === undefined) return undefined;
  const maxOutputTokens = positiveInt(e.top_provider?.max_completion_tokens) ?? contextWindow;
  const params = strings(e.supported_parameters);
  const inputs = strings(e.architecture?.input_modalities);
  const has: Record<Capability, boolean> = {
    tools: params.includes('tools'),
    vision: inputs.includes('image'),
    json: params.includes('response_format') || params.includes('structured_outputs'),
    reasoning: params.includes('reasoning') || params.includes('include_reasoning'),
    pdf: inputs.includes('file'),
    audio: inputs.includes('audio'),
  };
  const endpoint: Endpoint = {
    id,
    model: '',
    provider: 'openrouter',
    name: e.id,
    contextWindow,
    maxOutputTokens,
    pricing: { inputPerMTok: input, outputPerMTok: output },
    capabilities: CAPABILITIES.filter((c) => has[c]),
  };
  const cached = perMillion(e.pricing.input_cache_read);
  if (cached !== undefined && cached > 0) endpoint.pricing.cachedInputPerMTok = cached;
  const write = perMillion(e.pricing.input_cache_write);
  if (write !== undefined && write > 0) endpoint.pricing.cacheWritePerMTok = write;
  const modalities = MODALITIES.filter((m) => m === 'text' || inputs.includes(m === 'pdf' ? 'file' : m));
  const entry: OpenRouterEntry = { endpoint, modelSlug: e.id.replace(/:[\w-]+$/, '').toLowerCase(), modalities };
  if (typeof e.created === 'number' && Number.isFinite(e.created) && e.created > 0) entry.created = e.created;
  return entry;
}

export interface Overlay {
  /** Known models carrying only their OpenRouter endpoints, and new models: pass to `catalog.withModels`. */
  models: Model[];
  excluded: ExcludedEntry[];
  attached: number;
  added: number;
  skipped: number;
}

/** The listing laid over a catalog. A known endpoint with unchanged base prices keeps the catalog's fuller pricing. */
export function overlayOpenRouter(listing: OpenRouterListing, catalog: Catalog): Overlay {
  const known = new Map<string, { model: Model; endpoints: Endpoint[] }>();
  const fresh = new Map<string, OpenRouterEntry[]>();
  for (const entry of listing.entries) {
    const slug = entry.modelSlug;
    const model = catalog.get(entry.endpoint.id) ?? catalog.get(slug) ?? catalog.get(`openrouter/${slug}`);
    if (!model) {
      fresh.set(slug, [...(fresh.get(slug) ?? []), entry]);
      continue;
    }
    const old = catalog.endpoint(entry.endpoint.id);
    const samePrices = old !== undefined && old.pricing.inputPerMTok === entry.endpoint.pricing.inputPerMTok && old.pricing.outputPerMTok === entry.endpoint.pricing.outputPerMTok;
    const endpoint: Endpoint = { ...(old ?? {}), ...entry.endpoint, model: model.id, pricing: samePrices && old ? old.pricing : entry.endpoint.pricing };
    const slot = known.get(model.id) ?? { model, endpoints: [] };
    slot.endpoints.push(endpoint);
    known.set(model.id, slot);
  }
  const models: Model[] = [...known.values()].map(({ model, endpoints }) => ({ ...model, aliases: [], endpoints }));
  const attached = models.reduce((n, m) => n + m.endpoints.length, 0);
  if (fresh.size > 0) models.push(...newModels(fresh, catalog));
  return { models, excluded: listing.excluded, attached, added: fresh.size, skipped: listing.skipped };
}

/** `parseOpenRouter` then `overlayOpenRouter`. */
export function openRouterOverlay(json: unknown, catalog: Catalog): Overlay {
  return overlayOpenRouter(parseOpenRouter(json), catalog);
}

function newModels(fresh: ReadonlyMap<string, OpenRouterEntry[]>, catalog: Catalog): Model[] {
  const rated: RatedModel[] = catalog.all().flatMap((m) => (m.quality.source === 'arena' ? [{ ...targetOf(m), ratings: m.quality.ratings }] : []));
  const estimator = makeEstimator(rated, typicalOffsets(rated.map((r) => r.ratings)));
  const out: Model[] = [];
  for (const [slug, entries] of [...fresh].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const endpoints = entries.map((e) => ({ ...e.endpoint, model: slug })).sort((a, b) => (a.id < b.id ? -1 : 1));
    const maker = slug.includes('/') ? slug.slice(0, slug.indexOf('/')) : 'openrouter';
    const name = slug.slice(maker.length + 1) || slug;
    const capabilities = CAPABILITIES.filter((c) => endpoints.some((e) => e.capabilities.includes(c)));
    const paid = endpoints.find((e) => e.pricing.outputPerMTok > 0) ?? endpoints[0];
    const created = Math.min(...entries.map((e) => e.created ?? Infinity));
    const model: Model = {
      id: slug,
      maker,
      name,
      family: lineOf(name).family,
      tier: tierOf(name, paid?.pricing.outputPerMTok),
      capabilities,
      inputModalities: MODALITIES.filter((m) => entries.some((e) => e.modalities.includes(m))),
      reasoning: thinksByDefault(name, capabilities.includes('reasoning')),
      contextWindow: Math.max(...endpoints.map((e) => e.contextWindow)),
      maxOutputTokens: Math.max(...endpoints.map((e) => e.maxOutputTokens)),
      quality: { ratings: {}, source: 'estimated', basis: '' },
      aliases: [],
      endpoints,
    };
    if (Number.isFinite(created)) model.releaseDate = new Date(created * 1000).toISOString().slice(0, 10);
    const estimate = estimator.estimate({ ...targetOf(model), vision: isVisionModel(model) });
    model.quality = { ...estimate, basis: `new on OpenRouter: ${estimate.basis}` };
    out.push(model);
  }
  return out;
}
