import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { costOf, pricesFor } from '../../../shared/pricing/cost.js';
import { RequestTokenCounter } from '../../../shared/pricing/token-count.js';
import { Catalog } from '../../../shared/catalog/catalog.js';
import { estimateRequest } from '../../../shared/routing/estimate-request.js';
import { tokenizerFamily } from '../../../shared/pricing/tokenizer-family.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';

beforeAll(() => loadTokenizers());
import type { Endpoint, Model } from '../../../shared/catalog/model.js';

function model(id: string, input: number, output: number, extra: Partial<Endpoint> = {}): Endpoint {
  const [provider = '', ...rest] = id.split('/');
  return { id, model: id, provider, name: rest.join('/'), contextWindow: 128_000, maxOutputTokens: 16_000, pricing: { inputPerMTok: input, outputPerMTok: output }, capabilities: [], ...extra };
}

function asModel(e: Endpoint): Model {
  const quality = { ratings: { overall: 1200 }, source: 'estimated' as const, basis: 'test' };
  return { id: e.id, maker: e.provider, name: e.name, family: e.name, tier: 'mid', capabilities: [], inputModalities: ['text'], reasoning: false, contextWindow: e.contextWindow, maxOutputTokens: e.maxOutputTokens, quality, aliases: [], endpoints: [e] };
}

describe('tokenizer families', () => {
  it('uses o200k for GPT-4o, 4.1, 5 and the o-series, cl100k for GPT-4 and 3.5, estimates otherwise', () => {
    expect(tokenizerFamily({ name: 'gpt-4o' })).toBe('o200k');
    expect(tokenizerFamily({ name: 'gpt-4.1-mini' })).toBe('o200k');
    expect(tokenizerFamily({ name: 'gpt-5' })).toBe('o200k');
    expect(tokenizerFamily({ name: 'o3-mini' })).toBe('o200k');
    expect(tokenizerFamily({ name: 'openai/gpt-4o-mini' })).toBe('o200k');
    expect(tokenizerFamily({ name: 'gpt-4-turbo' })).toBe('cl100k');
    expect(tokenizerFamily({ name: 'gpt-3.5-turbo' })).toBe('cl100k');
    expect(tokenizerFamily({ name: 'claude-sonnet-4-5' })).toBe('claude');
    expect(tokenizerFamily({ name: 'us.anthropic.claude-3-haiku-20240307-v1:0' })).toBe('claude');
    expect(tokenizerFamily({ name: 'gemini-2.5-pro' })).toBe('gemini');
    expect(tokenizerFamily({ name: 'deepseek-chat' })).toBe('other');
  });
});

describe('RequestTokenCounter', () => {
  const text = 'Refactor this function so it handles empty arrays: function f(a) { return a[0] * 2; } <|endoftext|> ünïcødé 🚀';

  it('counts a prompt exactly with o200k and cl100k', () => {
    const counter = new RequestTokenCounter({ texts: [text], images: 0 });
    expect(counter.count('o200k')).toEqual({ tokens: encode(text, { disallowedSpecial: new Set() }).length, exact: true, family: 'o200k' });
    expect(counter.count('cl100k').tokens).toBe(encodeCl100k(text, { disallowedSpecial: new Set() }).length);
  });

  it('labels other families as estimates with their expected error', () => {
    const counter = new RequestTokenCounter({ texts: [text], images: 0 });
    const claude = counter.count('claude');
    expect(claude.exact).toBe(false);
    expect(claude.note).toMatch(/±15%/);
    expect(claude.tokens).toBeGreaterThan(counter.count('o200k').tokens);
  });

  it('adds chat framing per message and counts images as estimates', () => {
    const counter = new RequestTokenCounter({ texts: ['hi', 'hello'], images: 1 });
    const o = counter.count('o200k');
    expect(o.tokens).toBe(encode('hi').length + encode('hello').length + 2 * 3 + 3 + 1000);
    expect(o.exact).toBe(false);
  });
});

describe('cost', () => {
  const sonnet = model('anthropic/claude-sonnet-4-5', 3, 15, {
    pricing: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6 }] },
  });

  it('is tokens × per-million prices', () => {
    const gpt4o = model('openai/gpt-4o', 2.5, 10);
    expect(costOf(gpt4o, { inputTokens: 1000, outputTokens: 500 })).toEqual({ inputCost: 0.0025, outputCost: 0.005, totalCost: 0.0075 });
  });

  it('switches to the long-context tier above its threshold, for every token', () => {
    expect(pricesFor(sonnet.pricing, 200_000)).toEqual({ input: 3, output: 15, cachedInput: 0.3 });
    expect(pricesFor(sonnet.pricing, 200_001)).toEqual({ input: 6, output: 22.5, cachedInput: 0.6 });
    const c = costOf(sonnet, { inputTokens: 300_000, outputTokens: 1000 });
    expect(c.inputCost).toBeCloseTo(1.8, 10);
    expect(c.outputCost).toBeCloseTo(0.0225, 10);
  });

  it('prices cached input at the cache-read rate', () => {
    const c = costOf(sonnet, { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 8_000 });
    expect(c.inputCost).toBeCloseTo((2_000 * 3 + 8_000 * 0.3) / 1e6, 12);
  });

  it('prices prompt-cache writes at the cache-write rate', () => {
    const m = { pricing: { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 } };
    const c = costOf(m, { inputTokens: 10_000, outputTokens: 0, cachedInputTokens: 2_000, cacheWriteInputTokens: 5_000 });
    expect(c.inputCost).toBeCloseTo((3_000 * 3 + 2_000 * 0.3 + 5_000 * 3.75) / 1e6, 12);
  });

  it('sorts estimates cheapest first, ties by id', () => {
    const models = [model('b/x', 1, 1), model('a/y', 1, 1), model('c/z', 0.1, 0.1), model('openai/gpt-4o', 5, 5)].map(asModel);
    const out = estimateRequest({ prompt: 'hello world' }, new Catalog(models), { outputTokens: 100 }).estimates;
    expect(out.map((e) => e.model)).toEqual(['c/z', 'a/y', 'b/x', 'openai/gpt-4o']);
    expect(out[3]?.exact).toBe(true);
    expect(out[0]?.exact).toBe(false);
  });
});
