import { describe, expect, it } from 'vitest';
import { Catalog, bundledCatalogInfo, loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import type { Model } from '../../../shared/catalog/model.js';
import { CAPABILITIES, QUALITY_CATEGORIES } from '../../../shared/catalog/model.js';

const catalog = loadBundledCatalog();

function must(idOrAlias: string): Model {
  const m = catalog.get(idOrAlias);
  if (!m) throw new Error(`expected ${idOrAlias} in the catalog`);
  return m;
}

describe('bundled catalog: known facts', () => {
  it('openai/gpt-4o: $2.50 in / $10 out per Mtok, 1.25 cached, 128k context, vision and tools', () => {
    const m = must('openai/gpt-4o');
    expect(m.provider).toBe('openai');
    expect(m.name).toBe('gpt-4o');
    expect(m.pricing.inputPerMTok).toBe(2.5);
    expect(m.pricing.outputPerMTok).toBe(10);
    expect(m.pricing.cachedInputPerMTok).toBe(1.25);
    expect(m.contextWindow).toBe(128_000);
    expect(m.maxOutputTokens).toBe(16_384);
    expect(m.capabilities).toEqual(expect.arrayContaining(['vision', 'tools', 'json']));
  });

  it('anthropic/claude-sonnet-4-5: $3/$15, cache write 3.75, and a tier above 200k input tokens', () => {
    const m = must('anthropic/claude-sonnet-4-5');
    expect(m.pricing).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 });
    expect(m.pricing.tiers).toEqual([
      { aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6 },
    ]);
    expect(m.contextWindow).toBe(200_000);
    expect(m.capabilities).toEqual(expect.arrayContaining(['tools', 'vision', 'reasoning', 'pdf']));
  });

  it('gemini/gemini-2.5-pro: a 1M context with a 200k tier', () => {
    const m = must('gemini/gemini-2.5-pro');
    expect(m.contextWindow).toBe(1_048_576);
    expect(m.pricing.tiers?.[0]).toMatchObject({ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 });
  });

  it('has about 2,100 models over 60+ providers, with LiteLLM integrations collapsed', () => {
    // 2,285 LiteLLM chat entries minus what is skipped (see the `skipped` counts); 83 LiteLLM provider names, of
    // which the vertex_ai-* and bedrock_* integrations collapse into vertex_ai and bedrock.
    expect(catalog.size).toBeGreaterThan(2_000);
    expect(catalog.size).toBeLessThanOrEqual(2_285);
    const providers = catalog.providers();
    expect(providers.length).toBeGreaterThanOrEqual(60);
    for (const p of ['openai', 'anthropic', 'gemini', 'vertex_ai', 'bedrock', 'azure', 'openrouter', 'groq', 'deepseek',
      'mistral', 'xai', 'together_ai', 'fireworks_ai', 'ollama']) {
      expect(providers).toContain(p);
    }
    expect(providers.filter((p) => p.startsWith('vertex_ai-') || p.startsWith('bedrock_'))).toEqual([]);
  });

  it('has unique ids of the form provider/name', () => {
    const seen = new Set<string>();
    for (const m of catalog.all()) {
      expect(m.id).toBe(`${m.provider}/${m.name}`);
      expect(seen.has(m.id.toLowerCase())).toBe(false);
      seen.add(m.id.toLowerCase());
    }
  });

  it('has sane fields: positive limits, clean prices, tiers ascending, known capabilities, valid dates', () => {
    const clean = (n: number | undefined) => n === undefined || (Number(n.toPrecision(12)) === n && n >= 0);
    const problems: string[] = [];
    for (const m of catalog.all()) {
      const p = m.pricing;
      const thresholds = (p.tiers ?? []).map((t) => t.aboveInputTokens);
      const checks: [boolean, string][] = [
        [m.contextWindow > 0 && m.maxOutputTokens > 0, 'limits'],
        [[p.inputPerMTok, p.outputPerMTok, p.cachedInputPerMTok, p.cacheWritePerMTok, p.reasoningPerMTok].every(clean), 'prices'],
        [thresholds.every((t, i) => i === 0 || t > (thresholds[i - 1] ?? 0)), 'tier order'],
        [m.capabilities.every((c) => CAPABILITIES.includes(c)), 'capabilities'],
        [m.deprecationDate === undefined || /^\d{4}-\d{2}-\d{2}$/.test(m.deprecationDate), 'deprecation date'],
        [Object.keys(m.quality ?? {}).every((k) => (QUALITY_CATEGORIES as readonly string[]).includes(k)), 'quality keys'],
        [Object.values(m.quality ?? {}).every((r) => Math.round(r * 10) / 10 === r), 'rating rounding'],
        [(m.quality === undefined) === (m.arenaName === undefined), 'arenaName'],
      ];
      for (const [ok, what] of checks) if (!ok) problems.push(`${m.id}: ${what}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('bundled catalog: aliases', () => {
  it.each([
    ['gpt-4o', 'openai/gpt-4o'],
    ['GPT-4o', 'openai/gpt-4o'],
    ['openai/GPT-4O', 'openai/gpt-4o'],
    ['claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5'],
    ['claude-sonnet-4-5', 'anthropic/claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4.5', 'anthropic/claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5-20250929'],
    ['claude-sonnet-4.5-20250929', 'anthropic/claude-sonnet-4-5-20250929'],
    ['claude-3-haiku', 'anthropic/claude-3-haiku-20240307'],
    ['anthropic/claude-3-7-sonnet', 'anthropic/claude-3-7-sonnet-20250219'],
    ['gemini-2.5-pro', 'gemini/gemini-2.5-pro'],
    ['gemini-2.0-flash', 'gemini/gemini-2.0-flash'],
    ['deepseek-chat', 'deepseek/deepseek-chat'],
    ['gpt-4.1', 'openai/gpt-4.1'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0'],
    ['amazon-nova/nova-pro-v1', 'amazon_nova/nova-pro-v1'],
  ])('%s → %s', (alias, id) => {
    expect(catalog.get(alias)?.id).toBe(id);
  });

  it('never points one alias at two models, and never shadows an id', () => {
    const ids = new Set(catalog.all().map((m) => m.id.toLowerCase()));
    const owner = new Map<string, string>();
    for (const m of catalog.all()) {
      for (const a of m.aliases ?? []) {
        const key = a.toLowerCase();
        expect(ids.has(key), a).toBe(false);
        expect(owner.get(key) ?? m.id, a).toBe(m.id);
        owner.set(key, m.id);
      }
    }
    expect(owner.size).toBeGreaterThan(1_000);
  });
});

describe('bundled catalog: arena quality', () => {
  it('gives a model the same ratings under every provider that serves it', () => {
    const direct = must('openai/gpt-4o');
    expect(direct.arenaName).toBe('gpt-4o-2024-08-06');
    expect(direct.quality?.overall).toBeGreaterThan(1000);
    for (const id of ['azure/gpt-4o', 'openrouter/openai/gpt-4o']) {
      expect(must(id).quality).toEqual(direct.quality);
      expect(must(id).arenaName).toBe(direct.arenaName);
    }
  });

  it('does not give gpt-4o-mini the rating of gpt-4o', () => {
    const mini = must('openai/gpt-4o-mini');
    expect(mini.arenaName).toBe('gpt-4o-mini-2024-07-18');
    expect(mini.quality).not.toEqual(must('openai/gpt-4o').quality);
  });

  it('joins dated, dotted and Bedrock/Vertex spellings to the same arena entry', () => {
    for (const id of [
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-sonnet-4-5-20250929',
      'bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0',
      'vertex_ai/claude-sonnet-4-5@20250929',
      'openrouter/anthropic/claude-sonnet-4.5',
    ]) {
      expect(must(id).arenaName, id).toBe('claude-sonnet-4-5-20250929');
    }
    expect(must('anthropic/claude-sonnet-4-5').quality?.coding).toBeTypeOf('number');
  });

  it('takes vision ratings from the vision leaderboard', () => {
    expect(must('openai/gpt-4o').quality?.vision).toBeTypeOf('number');
  });
});

describe('Catalog: resolve and suggestions', () => {
  it('resolves ids and aliases', () => {
    expect(catalog.resolve('claude-sonnet-4.5')).toEqual({ model: must('anthropic/claude-sonnet-4-5') });
  });

  it('suggests up to three close ids for a typo', () => {
    const r = catalog.resolve('gpt-4o-mnii');
    expect('error' in r).toBe(true);
    if (!('error' in r)) return;
    expect(r.error).toContain('gpt-4o-mnii');
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.suggestions.length).toBeLessThanOrEqual(3);
    expect(r.suggestions[0]).toBe('openai/gpt-4o-mini');
  });

  it('suggests with the provider prefix too', () => {
    const r = catalog.resolve('anthropic/claude-sonet-4-5');
    expect('error' in r && r.suggestions[0]).toBe('anthropic/claude-sonnet-4-5');
  });

  it('suggests models with the same words in another order', () => {
    const r = catalog.resolve('gemini-pro-2.5');
    expect('error' in r && r.suggestions[0]).toBe('gemini/gemini-2.5-pro');
  });

  it('suggests nothing for text that is nowhere near a model', () => {
    const r = catalog.resolve('zzzzzzzzzzzzzzzzzzzzzzzz');
    expect('error' in r && r.suggestions).toEqual([]);
  });
});

describe('Catalog: filter, providers, withModels', () => {
  it('filters by provider, capabilities, context, price and text', () => {
    const found = catalog.filter({ provider: 'anthropic', capabilities: ['pdf', 'tools'], minContext: 200_000, maxInputPrice: 5 });
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) {
      expect(m.provider).toBe('anthropic');
      expect(m.capabilities).toEqual(expect.arrayContaining(['pdf', 'tools']));
      expect(m.contextWindow).toBeGreaterThanOrEqual(200_000);
      expect(m.pricing.inputPerMTok).toBeLessThanOrEqual(5);
    }
    const text = catalog.filter({ query: 'Sonnet 4.5', provider: 'anthropic' }).map((m) => m.id);
    expect(text).toContain('anthropic/claude-sonnet-4-5');
    expect(text.every((id) => id.includes('sonnet'))).toBe(true);
    expect(catalog.filter().length).toBe(catalog.size);
  });

  it('lists providers sorted and unique', () => {
    const providers = catalog.providers();
    expect([...providers]).toEqual([...new Set(providers)].sort());
  });

  it('adds and overrides models without touching the original', () => {
    const local: Model = {
      id: 'ollama/my-llama',
      provider: 'ollama',
      name: 'my-llama',
      contextWindow: 8192,
      maxOutputTokens: 4096,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      capabilities: [],
      aliases: ['my-llama', 'gpt-4o-mini'],
    };
    const cheaper: Model = { ...must('openai/gpt-4o'), pricing: { inputPerMTok: 1, outputPerMTok: 2 } };
    const next = catalog.withModels([local, cheaper]);
    expect(next.size).toBe(catalog.size + 1);
    expect(next.get('my-llama')?.id).toBe('ollama/my-llama');
    expect(next.get('gpt-4o')?.pricing.inputPerMTok).toBe(1);
    // A user's alias wins over a bundled alias, never over an id.
    expect(next.get('gpt-4o-mini')?.id).toBe('ollama/my-llama');
    expect(next.get('openai/gpt-4o-mini')?.id).toBe('openai/gpt-4o-mini');
    expect(catalog.get('gpt-4o')?.pricing.inputPerMTok).toBe(2.5);
    expect(catalog.get('my-llama')).toBeUndefined();
  });

  it('works on a hand-made list', () => {
    const m: Model = {
      id: 'x/a',
      provider: 'x',
      name: 'a',
      contextWindow: 1,
      maxOutputTokens: 1,
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      capabilities: ['tools'],
    };
    const small = new Catalog([m, { ...m, id: 'X/A', name: 'A' }]);
    expect(small.size).toBe(1);
    expect(small.get('x/a')?.name).toBe('A');
    expect(small.providers()).toEqual(['x']);
  });
});

describe('bundledCatalogInfo', () => {
  it('says where the data came from, when, and what was skipped', () => {
    const info = bundledCatalogInfo();
    expect(info.generatedAt).toBe('2026-07-24T18:23:43Z');
    expect(info.sources.map((s) => s.revision)).toEqual([
      '8442b939a6ead479f7995b5d74d8dce488bd0966',
      'c9558b60647217fafa878cb7ee14f8f43c355594',
    ]);
    for (const s of info.sources) expect(s.url).toMatch(/^https:\/\/github\.com\//);
    expect(info.skipped['missingPrice']).toBeGreaterThan(0);
    expect(info.skipped['missingContextWindow']).toBeGreaterThan(0);
    expect(info.skipped['duplicateId']).toBeGreaterThan(0);
  });
});
