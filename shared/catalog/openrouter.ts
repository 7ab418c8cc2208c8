import type { Capability, Model } from './model.js';

/**
 * OpenRouter's `GET /api/v1/models` (prices in USD per token, as strings) → catalog models `openrouter/<id>`.
 * Entries without usable prices or limits are skipped and counted; "-1" (variable-price routers) and $0 prices on
 * anything not named free are skipped, as in the bundled catalog.
 */
export function modelsFromOpenRouter(json: unknown): { models: Model[]; skipped: number } {
  const data = (json as { data?: unknown })?.data;
  if (!Array.isArray(data)) return { models: [], skipped: 0 };
  const models: Model[] = [];
  let skipped = 0;
  for (const entry of data) {
    const model = convert(entry);
    if (model) models.push(model);
    else skipped++;
  }
  return { models, skipped };
}

type Entry = {
  id?: unknown;
  context_length?: unknown;
  pricing?: Record<string, unknown>;
  top_provider?: { max_completion_tokens?: unknown; context_length?: unknown };
  architecture?: { input_modalities?: unknown };
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

function convert(raw: unknown): Model | undefined {
  const e = raw as Entry;
  if (typeof e?.id !== 'string' || e.id === '' || !e.pricing) return undefined;
  const input = perMillion(e.pricing.prompt);
  const output = perMillion(e.pricing.completion);
  if (input === undefined || output === undefined) return undefined;
  if (input === 0 && output === 0 && !/:free$/.test(e.id)) return undefined;
  if (input > 200 || output > 1000) return undefined;
  const contextWindow = positiveInt(e.context_length) ?? positiveInt(e.top_provider?.context_length);
  if (contextWindow === undefined) return undefined;
  const maxOutputTokens = positiveInt(e.top_provider?.max_completion_tokens) ?? contextWindow;
  const params = Array.isArray(e.supported_parameters) ? (e.supported_parameters as unknown[]) : [];
  const inputs = Array.isArray(e.architecture?.input_modalities) ? (e.architecture?.input_modalities as unknown[]) : [];
  const capabilities: Capability[] = [];
  if (params.includes('tools')) capabilities.push('tools');
  if (inputs.includes('image')) capabilities.push('vision');
  if (params.includes('response_format') || params.includes('structured_outputs')) capabilities.push('json');
  if (params.includes('reasoning') || params.includes('include_reasoning')) capabilities.push('reasoning');
  if (inputs.includes('file')) capabilities.push('pdf');
  if (inputs.includes('audio')) capabilities.push('audio');
  const model: Model = { id: `openrouter/${e.id}`, provider: 'openrouter', name: e.id, contextWindow, maxOutputTokens, pricing: { inputPerMTok: input, outputPerMTok: output }, capabilities };
  const cached = perMillion(e.pricing.input_cache_read);
  if (cached !== undefined && cached > 0) model.pricing.cachedInputPerMTok = cached;
  const write = perMillion(e.pricing.input_cache_write);
  if (write !== undefined && write > 0) model.pricing.cacheWritePerMTok = write;
  return model;
}

/**
 * Live OpenRouter models merged over the bundled catalog: a model the catalog has keeps its quality ratings and
 * aliases and takes the live prices and limits; a new one borrows ratings from the first-party model of the same name
 * (`openrouter/openai/gpt-5` ← `openai/gpt-5`) when the catalog knows it.
 */
export function mergeLiveModels(live: readonly Model[], lookup: (id: string) => Model | undefined): Model[] {
  return live.map((m) => {
    const known = lookup(m.id);
    if (known) {
      // Same base prices: keep the catalog's fuller pricing (tiers, reasoning); changed: the live prices win.
      const samePrices = known.pricing.inputPerMTok === m.pricing.inputPerMTok && known.pricing.outputPerMTok === m.pricing.outputPerMTok;
      return { ...known, contextWindow: m.contextWindow, maxOutputTokens: m.maxOutputTokens, pricing: samePrices ? known.pricing : m.pricing, capabilities: m.capabilities };
    }
    const sibling = lookup(m.name);
    return sibling?.quality ? { ...m, quality: sibling.quality, ...(sibling.arenaName ? { arenaName: sibling.arenaName } : {}) } : m;
  });
}
