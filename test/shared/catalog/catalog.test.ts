import { describe, expect, it } from 'vitest';
import { Catalog, bundledCatalogInfo, loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import type { Endpoint, Model } from '../../../shared/catalog/model.js';
import { CAPABILITIES, QUALITY_CATEGORIES } from '../../../shared/catalog/model.js';

const catalog = loadBundledCatalog();

function must(idOrAlias: string): Model {
  const m = catalog.get(idOrAlias);
  if (!m) throw new Error(`expected ${idOrAlias} in the catalog`);
  return m;
}

function endpoint(id: string): Endpoint {
  const e = catalog.endpoint(id);
  if (!e) throw new Error(`expected endpoint ${id}`);
  return e;
}

describe('bundled catalog: known facts', () => {
  it('openai/gpt-4o at OpenAI: $2.50 in / $10 out per Mtok, 1.25 cached, 128k context, vision and tools', () => {
    const m = must('openai/gpt-4o');
    expect(m).toMatchObject({ maker: 'openai', name: 'gpt-4o', family: 'gpt-4o' });
    const e = endpoint('openai/gpt-4o');
    expect(e).toMatchObject({ provider: 'openai', name: 'gpt-4o', model: 'openai/gpt-4o', contextWindow: 128_000, maxOutputTokens: 16_384 });
    expect(e.pricing).toMatchObject({ inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 });
    expect(e.capabilities).toEqual(expect.arrayContaining(['vision', 'tools', 'json']));
  });

  it('anthropic/claude-sonnet-4-5 at Anthropic: $3/$15, cache write 3.75, and a tier above 200k input tokens', () => {
    const e = endpoint('anthropic/claude-sonnet-4-5');
    expect(e.pricing).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 });
    expect(e.pricing.tiers).toEqual([{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6 }]);
    expect(e.contextWindow).toBe(200_000);
    expect(must('anthropic/claude-sonnet-4-5').capabilities).toEqual(expect.arrayContaining(['tools', 'vision', 'reasoning', 'pdf']));
  });

  it('google/gemini-2.5-pro: served by gemini/gemini-2.5-pro with a 1M context and a 200k tier', () => {
    const m = must('gemini/gemini-2.5-pro');
    expect(m.id).toBe('google/gemini-2.5-pro');
    expect(m.contextWindow).toBe(1_048_576);
    expect(endpoint('gemini/gemini-2.5-pro').pricing.tiers?.[0]).toMatchObject({ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 });
  });

  it('has several hundred models over 60 providers, with LiteLLM integrations collapsed', () => {
    expect(catalog.size).toBeGreaterThan(500);
    expect(catalog.size).toBeLessThan(1_000);
    expect(catalog.endpoints().length).toBeGreaterThan(1_800);
    const providers = catalog.providers();
    expect(providers.length).toBeGreaterThanOrEqual(60);
    for (const p of ['openai', 'anthropic', 'gemini', 'vertex_ai', 'bedrock', 'azure', 'openrouter', 'groq', 'deepseek', 'mistral', 'xai', 'together_ai', 'fireworks_ai', 'ollama']) {
      expect(providers).toContain(p);
    }
    expect(providers.filter((p) => p.startsWith('vertex_ai-') || p.startsWith('bedrock_'))).toEqual([]);
  });

  it('has unique model ids (maker/name) and endpoint ids (provider/name), each endpoint naming its model', () => {
    const seen = new Set<string>();
    for (const m of catalog.all()) {
      expect(m.id).toBe(`${m.maker}/${m.name}`);
      expect(seen.has(m.id.toLowerCase())).toBe(false);
      seen.add(m.id.toLowerCase());
      expect(m.endpoints.length).toBeGreaterThan(0);
      expect(m.endpoints.map((e) => e.id)).toEqual(m.endpoints.map((e) => e.id).sort());
      for (const e of m.endpoints) {
        expect(e.id).toBe(`${e.provider}/${e.name}`);
        expect(e.model).toBe(m.id);
      }
    }
    const endpointIds = catalog.endpoints().map((e) => e.id.toLowerCase());
    expect(new Set(endpointIds).size).toBe(endpointIds.length);
  });

  it('has sane fields: positive limits, clean prices, tiers ascending, known capabilities, valid dates, model limits the max of its endpoints', () => {
    const clean = (n: number | undefined) => n === undefined || (Number(n.toPrecision(12)) === n && n >= 0);
    const problems: string[] = [];
    for (const m of catalog.all()) {
      const checks: [boolean, string][] = [
        [m.contextWindow === Math.max(...m.endpoints.map((e) => e.contextWindow)), 'context window'],
        [m.maxOutputTokens === Math.max(...m.endpoints.map((e) => e.maxOutputTokens)), 'max output'],
        [m.capabilities.every((c) => m.endpoints.some((e) => e.capabilities.includes(c))), 'capabilities union'],
        [m.deprecationDate === undefined || /^\d{4}-\d{2}-\d{2}$/.test(m.deprecationDate), 'deprecation date'],
        [m.releaseDate === undefined || /^\d{4}-\d{2}(-\d{2})?$/.test(m.releaseDate), 'release date'],
        [Object.keys(m.quality.ratings).every((k) => (QUALITY_CATEGORIES as readonly string[]).includes(k)), 'quality keys'],
        [Object.values(m.quality.ratings).every((r) => Math.round(r * 10) / 10 === r), 'rating rounding'],
        [(m.quality.source === 'arena') === (m.quality.arenaName !== undefined), 'arenaName'],
      ];
      for (const e of m.endpoints) {
        const p = e.pricing;
        const thresholds = (p.tiers ?? []).map((t) => t.aboveInputTokens);
        checks.push(
          [e.contextWindow > 0 && e.maxOutputTokens > 0, `${e.id} limits`],
          [[p.inputPerMTok, p.outputPerMTok, p.cachedInputPerMTok, p.cacheWritePerMTok, p.reasoningPerMTok].every(clean), `${e.id} prices`],
          [thresholds.every((t, i) => i === 0 || t > (thresholds[i - 1] ?? 0)), `${e.id} tier order`],
          [e.capabilities.every((c) => CAPABILITIES.includes(c)), `${e.id} capabilities`],
        );
      }
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
    ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5'],
    ['claude-sonnet-4.5-20250929', 'anthropic/claude-sonnet-4-5'],
    ['claude-3-haiku', 'anthropic/claude-3-haiku-20240307'],
    ['anthropic/claude-3-7-sonnet', 'anthropic/claude-3-7-sonnet-20250219'],
    ['gemini-2.5-pro', 'google/gemini-2.5-pro'],
    ['gemini-2.0-flash', 'google/gemini-2.0-flash'],
    ['deepseek-chat', 'deepseek/deepseek-chat'],
    ['gpt-4.1', 'openai/gpt-4.1'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic/claude-3.5-haiku'],
  ])('%s → %s', (alias, id) => {
    expect(catalog.get(alias)?.id).toBe(id);
  });

  it('a bare Bedrock key names that endpoint, not just the model', () => {
    expect(catalog.lookup('us.anthropic.claude-3-5-haiku-20241022-v1:0')?.endpoint?.id).toBe('bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(catalog.lookup('amazon-nova/nova-pro-v1')?.endpoint?.id).toBe('amazon_nova/nova-pro-v1');
  });

  it('never points one alias at two things, and never shadows an id', () => {
    const ids = new Set([...catalog.all().map((m) => m.id), ...catalog.endpoints().map((e) => e.id)].map((s) => s.toLowerCase()));
    const owner = new Map<string, string>();
    const claim = (alias: string, who: string) => {
      const key = alias.toLowerCase();
      expect(ids.has(key), alias).toBe(false);
      expect(owner.get(key) ?? who, alias).toBe(who);
      owner.set(key, who);
    };
    for (const m of catalog.all()) {
      for (const a of m.aliases) claim(a, m.id);
      for (const e of m.endpoints) for (const a of e.aliases ?? []) claim(a, e.id);
    }
    expect(owner.size).toBeGreaterThan(1_000);
  });
});

describe('bundled catalog: arena quality', () => {
  it('gpt-4o has the arena ratings of gpt-4o-2024-08-06, with a vision rating from the vision leaderboard', () => {
    const m = must('openai/gpt-4o');
    expect(m.quality).toMatchObject({ source: 'arena', arenaName: 'gpt-4o-2024-08-06' });
    expect(m.quality.ratings.overall).toBeGreaterThan(1000);
    expect(m.quality.basis).toContain('gpt-4o-2024-08-06');
    expect(m.quality.basis).not.toContain('vision filled');
    // Resellers are endpoints of the same model: the same evidence by construction.
    for (const id of ['azure/gpt-4o', 'openrouter/openai/gpt-4o']) expect(must(id)).toBe(m);
  });

  it('does not give gpt-4o-mini the rating of gpt-4o', () => {
    const mini = must('openai/gpt-4o-mini');
    expect(mini.quality.arenaName).toBe('gpt-4o-mini-2024-07-18');
    expect(mini.quality.ratings).not.toEqual(must('openai/gpt-4o').quality.ratings);
  });

  it('fills categories the arena lacks from overall, and says so', () => {
    const m = must('anthropic/claude-sonnet-4-5');
    expect(m.quality.arenaName).toBe('claude-sonnet-4-5-20250929');
    expect(m.quality.ratings.coding).toBeTypeOf('number');
    expect(m.quality.ratings.vision).toBeTypeOf('number');
    expect(m.quality.basis).toMatch(/vision filled from overall/);
  });
});

describe('Catalog: lookup and resolve', () => {
  it('a model id that is also its maker endpoint id names the model; an endpoint id names the endpoint', () => {
    expect(catalog.lookup('openai/gpt-4o')).toEqual({ model: must('openai/gpt-4o') });
    const bedrock = catalog.lookup('bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(bedrock?.model.id).toBe('anthropic/claude-sonnet-4-5');
    expect(bedrock?.endpoint?.provider).toBe('bedrock');
    expect(catalog.lookup('gemini/gemini-2.5-pro')?.endpoint?.id).toBe('gemini/gemini-2.5-pro');
  });

  it('resolves ids and aliases', () => {
    expect(catalog.resolve('claude-sonnet-4.5')).toEqual({ model: must('anthropic/claude-sonnet-4-5') });
  });

  it('says why an excluded id is not routable', () => {
    const r = catalog.resolve('openrouter/free');
    expect(r).toMatchObject({ error: '"openrouter/free" is a router, not a model: Switchyard does the routing.' });
    expect(catalog.excluded('openrouter/auto')?.reason).toBe('router');
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
    expect('error' in r && r.suggestions[0]).toBe('google/gemini-2.5-pro');
  });

  it('suggests nothing for text that is nowhere near a model', () => {
    const r = catalog.resolve('zzzzzzzzzzzzzzzzzzzzzzzz');
    expect('error' in r && r.suggestions).toEqual([]);
  });
});

const tiny = (id: string, endpoints: Partial<Endpoint>[], extra: Partial<Model> = {}): Model => {
  const [maker = '', name = ''] = [id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)];
  return {
    id,
    maker,
    name,
    family: name,
    tier: 'mid',
    capabilities: [],
    inputModalities: ['text'],
    reasoning: false,
    contextWindow: 8192,
    maxOutputTokens: 4096,
    quality: { ratings: { overall: 1200 }, source: 'estimated', basis: 'test' },
    aliases: [],
    endpoints: endpoints.map((e) => ({
      id: `${e.provider}/${e.name}`,
      model: id,
      provider: e.provider ?? 'x',
      name: e.name ?? name,
      contextWindow: 8192,
      maxOutputTokens: 4096,
      pricing: { inputPerMTok: 1, outputPerMTok: 2 },
      capabilities: [],
      ...e,
    })),
    ...extra,
  };
};

describe('Catalog: filter, providers, withModels', () => {
  it('filters by provider, capabilities, context and price at one endpoint, and by text', () => {
    const found = catalog.filter({ provider: 'anthropic', capabilities: ['pdf', 'tools'], minContext: 200_000, maxInputPrice: 5 });
    expect(found.length).toBeGreaterThan(0);
    for (const m of found) {
      const ok = Catalog.matchingEndpoints(m, { provider: 'anthropic', capabilities: ['pdf', 'tools'], minContext: 200_000, maxInputPrice: 5 });
      expect(ok.length, m.id).toBeGreaterThan(0);
    }
    const bedrock = catalog.filter({ provider: 'bedrock' }).map((m) => m.id);
    expect(bedrock).toContain('anthropic/claude-sonnet-4-5');
    const text = catalog.filter({ query: 'Sonnet 4.5', provider: 'anthropic' }).map((m) => m.id);
    expect(text).toContain('anthropic/claude-sonnet-4-5');
    expect(text.every((id) => id.includes('sonnet'))).toBe(true);
    expect(catalog.filter().length).toBe(catalog.size);
  });

  it('a cheap reseller endpoint does not make a model pass a price filter at another provider', () => {
    const c = new Catalog([tiny('m/a', [{ provider: 'dear', pricing: { inputPerMTok: 10, outputPerMTok: 20 } }, { provider: 'cheap', pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 } }])]);
    expect(c.filter({ maxInputPrice: 1 }).map((m) => m.id)).toEqual(['m/a']);
    expect(c.filter({ maxInputPrice: 1, provider: 'dear' })).toEqual([]);
  });

  it('lists providers sorted and unique', () => {
    const providers = catalog.providers();
    expect([...providers]).toEqual([...new Set(providers)].sort());
  });

  it('adds models, merges endpoints into a known model and replaces a known endpoint, without touching the original', () => {
    const local = tiny('local/my-llama', [{ provider: 'local', name: 'my-llama' }], { aliases: ['my-llama', 'gpt-4o-mini'] });
    const cheaperOpenAI = tiny('openai/gpt-4o', [{ provider: 'openai', name: 'gpt-4o', pricing: { inputPerMTok: 1, outputPerMTok: 2 } }, { provider: 'myproxy', name: 'gpt-4o' }]);
    const next = catalog.withModels([local, cheaperOpenAI]);
    expect(next.size).toBe(catalog.size + 1);
    expect(next.get('my-llama')?.id).toBe('local/my-llama');
    const gpt4o = next.get('gpt-4o');
    expect(gpt4o?.quality).toEqual(must('openai/gpt-4o').quality);
    expect(gpt4o?.endpoints.length).toBe(must('openai/gpt-4o').endpoints.length + 1);
    expect(next.endpoint('openai/gpt-4o')?.pricing.inputPerMTok).toBe(1);
    expect(next.lookup('myproxy/gpt-4o')?.endpoint?.model).toBe('openai/gpt-4o');
    // Aliases never shadow ids or earlier aliases.
    expect(next.get('gpt-4o-mini')?.id).toBe('openai/gpt-4o-mini');
    expect(catalog.endpoint('openai/gpt-4o')?.pricing.inputPerMTok).toBe(2.5);
    expect(catalog.get('my-llama')).toBeUndefined();
    expect(next.excludedEntries()).toEqual(catalog.excludedEntries());
  });

  it('works on a hand-made list', () => {
    const m = tiny('x/a', [{ provider: 'p', name: 'a' }]);
    const small = new Catalog([m, { ...m, id: 'X/A', name: 'A' }], [{ id: 'p/router', reason: 'router', detail: 'a router, not a model' }]);
    expect(small.size).toBe(1);
    expect(small.get('x/a')?.name).toBe('A');
    expect(small.providers()).toEqual(['p']);
    expect(small.endpoints().map((e) => e.id)).toEqual(['p/a']);
    expect(small.resolve('p/router')).toEqual({ error: '"p/router" is a router, not a model.', suggestions: [] });
  });
});

describe('bundledCatalogInfo', () => {
  it('says where the data came from, when, how much, and what was skipped or excluded', () => {
    const info = bundledCatalogInfo();
    expect(info.generatedAt).toBe('2026-07-24T18:23:43Z');
    expect(info.sources.map((s) => s.revision)).toEqual(['8442b939a6ead479f7995b5d74d8dce488bd0966', 'c9558b60647217fafa878cb7ee14f8f43c355594']);
    for (const s of info.sources) expect(s.url).toMatch(/^https:\/\/github\.com\//);
    expect(info.skipped['missingPrice']).toBeGreaterThan(0);
    expect(info.skipped['duplicateId']).toBeGreaterThan(0);
    expect(info.models).toBe(catalog.size);
    expect(info.endpoints).toBe(catalog.endpoints().length);
    for (const reason of ['notChat', 'router', 'hostedLocal', 'implausibleData'] as const) expect(info.excluded[reason]).toBeGreaterThan(0);
  });
});
