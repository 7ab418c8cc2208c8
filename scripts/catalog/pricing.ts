import type { PriceTier, Pricing } from '../../shared/catalog/model.js';
import type { LiteLLMEntry } from './litellm-types.js';
import { isEntry } from './litellm-types.js';
import { isNonNegativeNumber, perMillion } from './numbers.js';
import type { SkipCounter, SkipReason } from './skips.js';

const OPTIONAL_PRICES = [
  ['cache_read_input_token_cost', 'cachedInputPerMTok'],
  ['cache_creation_input_token_cost', 'cacheWritePerMTok'],
  ['output_cost_per_reasoning_token', 'reasoningPerMTok'],
] as const;

const THRESHOLD_FIELD = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost)_above_(\d+)k_tokens$/;

/**
 * LiteLLM prices (USD per token) → Switchyard pricing (USD per million tokens), or the reason there is none.
 * Flat `input_cost_per_token`/`output_cost_per_token` are required; models priced only by `tiered_pricing` ranges
 * (DashScope, Volcengine) take their first range as the base price and the others as tiers.
 */
export function extractPricing(entry: LiteLLMEntry, skips: SkipCounter): Pricing | SkipReason {
  const input = entry['input_cost_per_token'];
  const output = entry['output_cost_per_token'];
  if (input === undefined || output === undefined) {
    if (entry['tiered_pricing'] !== undefined) return fromRanges(entry['tiered_pricing']);
    return 'missingPrice';
  }
  if (!isNonNegativeNumber(input)) return 'badField:input_cost_per_token';
  if (!isNonNegativeNumber(output)) return 'badField:output_cost_per_token';

  const pricing: Pricing = { inputPerMTok: perMillion(input), outputPerMTok: perMillion(output) };
  for (const [field, key] of OPTIONAL_PRICES) {
    const value = entry[field];
    if (value === undefined) continue;
    if (isNonNegativeNumber(value)) pricing[key] = perMillion(value);
    else skips.add(`badField:${field}`);
  }
  const tiers = thresholdTiers(entry, input, output, skips);
  if (tiers.length > 0) pricing.tiers = tiers;
  return pricing;
}

/**
 * Tiers from `input_cost_per_token_above_200k_tokens`-style fields (128k, 200k, 256k, 272k, 512k…). As in LiteLLM's
 * own cost calculation, a side without an `_above_` price keeps the base price.
 */
function thresholdTiers(entry: LiteLLMEntry, baseInput: number, baseOutput: number, skips: SkipCounter): PriceTier[] {
  const byThreshold = new Map<number, Partial<Record<'input' | 'output' | 'cached', number>>>();
  const bad = new Set<number>();
  for (const [field, value] of Object.entries(entry)) {
    const m = THRESHOLD_FIELD.exec(field);
    if (!m) continue;
    const threshold = Number(m[2]) * 1000;
    if (!isNonNegativeNumber(value)) {
      skips.add(`badField:${field}`);
      bad.add(threshold);
      continue;
    }
    const tier = byThreshold.get(threshold) ?? {};
    const side = m[1] === 'input_cost_per_token' ? 'input' : m[1] === 'output_cost_per_token' ? 'output' : 'cached';
    tier[side] = value;
    byThreshold.set(threshold, tier);
  }
  const tiers: PriceTier[] = [];
  for (const [threshold, t] of byThreshold) {
    if (bad.has(threshold)) continue;
    // A tier with only a cached-read price changes nothing we can express on its own.
    if (t.input === undefined && t.output === undefined) continue;
    const tier: PriceTier = {
      aboveInputTokens: threshold,
      inputPerMTok: perMillion(t.input ?? baseInput),
      outputPerMTok: perMillion(t.output ?? baseOutput),
    };
    if (t.cached !== undefined) tier.cachedInputPerMTok = perMillion(t.cached);
    tiers.push(tier);
  }
  return tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
}

interface Range {
  from: number;
  to: number;
  input: number;
  output: number;
  cached?: number;
  reasoning?: number;
}

/** `tiered_pricing: [{input_cost_per_token, output_cost_per_token, range: [0, 32000]}, …]`: contiguous from 0. */
function fromRanges(value: unknown): Pricing | SkipReason {
  const bad = 'badField:tiered_pricing' as const;
  if (!Array.isArray(value) || value.length === 0) return bad;
  const ranges: Range[] = [];
  for (const item of value) {
    if (!isEntry(item)) return bad;
    const range = item['range'];
    const input = item['input_cost_per_token'];
    const output = item['output_cost_per_token'];
    if (!Array.isArray(range) || range.length !== 2) return bad;
    const [from, to] = range as unknown[];
    if (!isNonNegativeNumber(from) || !isNonNegativeNumber(to) || !Number.isInteger(from) || to <= from) return bad;
    if (!isNonNegativeNumber(input) || !isNonNegativeNumber(output)) return bad;
    const r: Range = { from, to, input, output };
    const cached = item['cache_read_input_token_cost'];
    const reasoning = item['output_cost_per_reasoning_token'];
    if (cached !== undefined) {
      if (!isNonNegativeNumber(cached)) return bad;
      r.cached = cached;
    }
    if (reasoning !== undefined) {
      if (!isNonNegativeNumber(reasoning)) return bad;
      r.reasoning = reasoning;
    }
    ranges.push(r);
  }
  ranges.sort((a, b) => a.from - b.from);
  const [base, ...rest] = ranges;
  if (base === undefined || base.from !== 0) return bad;
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i]?.from !== ranges[i - 1]?.to) return bad;
  }
  const pricing: Pricing = { inputPerMTok: perMillion(base.input), outputPerMTok: perMillion(base.output) };
  if (base.cached !== undefined) pricing.cachedInputPerMTok = perMillion(base.cached);
  if (base.reasoning !== undefined) pricing.reasoningPerMTok = perMillion(base.reasoning);
  if (rest.length > 0) {
    pricing.tiers = rest.map((r) => {
      const tier: PriceTier = {
        aboveInputTokens: r.from,
        inputPerMTok: perMillion(r.input),
        outputPerMTok: perMillion(r.output),
      };
      if (r.cached !== undefined) tier.cachedInputPerMTok = perMillion(r.cached);
      return tier;
    });
  }
  return pricing;
}
