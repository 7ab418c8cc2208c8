import type { Capability, Model } from '../../shared/catalog/model.js';
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

/** A catalog model before quality and aliases are joined in. */
export type BaseModel = Omit<Model, 'quality' | 'arenaName' | 'aliases'>;

/** Providers that run on the user's machine: a price of zero is the truth there. */
const LOCAL_PROVIDERS = new Set(['ollama', 'ollama_chat', 'lemonade', 'lm_studio', 'vllm', 'llamafile']);

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

/**
 * Image-generation and speech models that the source files under `mode: "chat"` (Fireworks' FLUX, Gemini's TTS
 * previews): they cannot answer a chat request, and their token prices would make them the "cheapest" answer.
 */
export function isMisfiledNonChat(name: string): boolean {
  return /(^|\/)flux-|-tts$/i.test(name);
}

/**
 * Prices beyond any real chat model's (the dearest, o1-pro, is $150 in / $600 out per million tokens) are unit
 * errors in the source: W&B's entries are per-token prices entered as per-million ($135,000 per million for
 * DeepSeek-R1). Kept, they would set the top of every cost scale, so they are skipped and counted.
 */
export function isImplausiblePrice(pricing: { inputPerMTok: number; outputPerMTok: number }): boolean {
  return pricing.inputPerMTok > 200 || pricing.outputPerMTok > 1000;
}

/** A LiteLLM `mode: "chat"` entry → a model, or why it was skipped. Optional fields that are unusable are counted and dropped. */
export function convertEntry(key: string, entry: LiteLLMEntry, skips: SkipCounter): BaseModel | SkipReason {
  const litellmProvider = entry['litellm_provider'];
  if (typeof litellmProvider !== 'string' || litellmProvider === '') return 'badField:litellm_provider';
  const split = splitKey(key, litellmProvider);
  if (!split) return 'badField:key';

  const pricing = extractPricing(entry, skips);
  if (typeof pricing === 'string') return pricing;
  if (isPlaceholderZeroPrice(split.provider, split.name, pricing)) return 'zeroPriceNotLocal';
  if (isMisfiledNonChat(split.name)) return 'notAChatModel';
  if (isImplausiblePrice(pricing)) return 'implausiblePrice';

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

  const model: BaseModel = {
    id: split.id,
    provider: split.provider,
    name: split.name,
    contextWindow,
    maxOutputTokens,
    pricing,
    capabilities,
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
