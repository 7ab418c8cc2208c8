import type { Exclusion } from '../../shared/catalog/classify.js';
import { classifyEntry, LOCAL_PROVIDERS } from '../../shared/catalog/classify.js';
import type { Capability, Modality, Pricing } from '../../shared/catalog/model.js';
import { CAPABILITIES } from '../../shared/catalog/model.js';
import type { LiteLLMEntry } from './litellm-types.js';
import { isIsoDate, isTokenCount } from './numbers.js';
import { extractPricing } from './pricing.js';
import { splitKey } from './providers.js';
import type { SkipCounter, SkipReason } from './skips.js';

/** LiteLLM flags behind each capability; any one of them being `true` grants it. */
const CAPABILITY_FLAGS: Readonly<Record<Capability, readonly string[]>> = {
  tools: ['supports_function_calling'],
  vision: ['supports_vision'],
  json: ['supports_response_schema', 'supports_native_structured_output'],
  reasoning: ['supports_reasoning'],
  pdf: ['supports_pdf_input'],
  audio: ['supports_audio_input'],
};

/** One LiteLLM entry as an endpoint, before it is grouped into a model. */
export interface SourceEndpoint {
  id: string;
  provider: string;
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  pricing: Pricing;
  capabilities: Capability[];
  /** What the endpoint takes besides text (LiteLLM's supports_vision, supports_pdf_input, …). */
  modalities: Modality[];
  deprecationDate?: string;
}

/** A classified entry: kept out of routing, with its reason. */
export interface ExcludedSource extends Exclusion {
  id: string;
}

/**
 * A cloud API listed at $0 in and $0 out is a placeholder in the source (unreleased previews, tiered prices with a
 * free first range, providers LiteLLM has no prices for), not a free model; routing on it would always pick it as
 * the cheapest. Only local providers and models whose name says they are free keep a zero price.
 */
export function isPlaceholderZeroPrice(provider: string, name: string, pricing: { inputPerMTok: number; outputPerMTok: number }): boolean {
  if (pricing.inputPerMTok !== 0 || pricing.outputPerMTok !== 0) return false;
  if (LOCAL_PROVIDERS.has(provider)) return false;
  return !/(:free$|(^|\/)free$)/.test(name);
}

const MODALITY_FLAGS: readonly [string, Modality][] = [
  ['supports_vision', 'image'],
  ['supports_pdf_input', 'pdf'],
  ['supports_audio_input', 'audio'],
  ['supports_video_input', 'video'],
];

/**
 * A LiteLLM `mode: "chat"` entry → an endpoint, an exclusion (not chat, a router, hosted-local, implausible data), or
 * why it was skipped (missing data). Optional fields that are unusable are counted and dropped.
 */
export function convertEntry(key: string, entry: LiteLLMEntry, skips: SkipCounter): SourceEndpoint | ExcludedSource | SkipReason {
  const litellmProvider = entry['litellm_provider'];
  if (typeof litellmProvider !== 'string' || litellmProvider === '') return 'badField:litellm_provider';
  const split = splitKey(key, litellmProvider);
  if (!split) return 'badField:key';

  const byName = classifyEntry(split.provider, split.name);
  if (byName) return { id: split.id, ...byName };
  const pricing = extractPricing(entry, skips);
  if (typeof pricing === 'string') return pricing;
  if (isPlaceholderZeroPrice(split.provider, split.name, pricing)) return 'zeroPriceNotLocal';
  const byPrice = classifyEntry(split.provider, split.name, pricing);
  if (byPrice) return { id: split.id, ...byPrice };

  const contextWindow = tokenLimit(entry, 'max_input_tokens', 'missingContextWindow');
  if (typeof contextWindow === 'string') return contextWindow;
  const maxOutputTokens = tokenLimit(entry, 'max_output_tokens', 'missingMaxOutputTokens');
  if (typeof maxOutputTokens === 'string') return maxOutputTokens;

  const capabilities: Capability[] = [];
  for (const capability of CAPABILITIES) {
    let granted = false;
    for (const flag of CAPABILITY_FLAGS[capability]) {
      const value = entry[flag];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'boolean') skips.add(`badField:${flag}`);
      else if (value) granted = true;
    }
    if (granted) capabilities.push(capability);
  }

  const modalities: Modality[] = ['text'];
  for (const [flag, modality] of MODALITY_FLAGS) if (entry[flag] === true) modalities.push(modality);
  const model: SourceEndpoint = {
    id: split.id,
    provider: split.provider,
    name: split.name,
    contextWindow,
    maxOutputTokens,
    pricing,
    capabilities,
    modalities,
  };
  const deprecation = entry['deprecation_date'];
  if (deprecation !== undefined && deprecation !== null) {
    if (isIsoDate(deprecation)) model.deprecationDate = deprecation;
    else skips.add('badField:deprecation_date');
  }
  return model;
}

/** `max_input_tokens`/`max_output_tokens`, falling back to `max_tokens` only when the specific field is absent. */
function tokenLimit(
  entry: LiteLLMEntry,
  field: 'max_input_tokens' | 'max_output_tokens',
  missing: SkipReason,
): number | SkipReason {
  const value = entry[field];
  if (value !== undefined && value !== null) return isTokenCount(value) ? value : `badField:${field}`;
  const legacy = entry['max_tokens'];
  if (legacy === undefined || legacy === null) return missing;
  return isTokenCount(legacy) ? legacy : 'badField:max_tokens';
}
