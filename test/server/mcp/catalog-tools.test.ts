import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { connect, makeSandbox, structured, textOf, type Connected, type Sandbox } from '../../helpers/mcp-harness.js';

interface EndpointOut { id: string; provider: string; name: string; contextWindow: number; pricing: { inputPerMTok: number; outputPerMTok: number; cachedInputPerMTok?: number }; capabilities: string[] }
interface ModelOut { id: string; maker: string; contextWindow: number; capabilities: string[]; quality: { ratings: Record<string, number>; source: string; basis: string }; endpoints: EndpointOut[] }
interface Page { models: ModelOut[]; total: number; nextCursor?: string }
interface Estimate { model: string; inputTokens: number; outputTokens: number; inputCost: number; outputCost: number; totalCost: number; exact: boolean }

let sandbox: Sandbox;
let mcp: Connected;
beforeAll(async () => {
  sandbox = makeSandbox();
  mcp = await connect(sandbox);
});
afterAll(async () => {
  await mcp.close();
  sandbox.remove();
});

describe('tools/list', () => {
  it('offers the tools with schemas and annotations', async () => {
    const { tools } = await mcp.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['list_models', 'estimate_cost', 'route', 'chat', 'spend']));
    for (const name of ['list_models', 'estimate_cost', 'route', 'spend']) {
      expect(byName[name]?.annotations?.readOnlyHint).toBe(true);
      expect(byName[name]?.outputSchema).toBeDefined();
    }
    expect(byName.chat?.annotations?.readOnlyHint).toBe(false);
    expect(byName.list_models?.inputSchema.properties).toHaveProperty('maxInputPrice');
  });
});

describe('list_models', () => {
  it('pages through the whole catalog without overlap', async () => {
    const first = structured<Page>(await mcp.call('list_models', { limit: 300 }));
    expect(first.total).toBeGreaterThan(500);
    expect(first.total).toBeLessThan(1000);
    expect(first.models).toHaveLength(300);
    const ids = new Set(first.models.map((m) => m.id));
    let cursor = first.nextCursor;
    while (cursor) {
      const page = structured<Page>(await mcp.call('list_models', { limit: 300, cursor }));
      for (const m of page.models) {
        expect(ids.has(m.id)).toBe(false);
        ids.add(m.id);
      }
      cursor = page.nextCursor;
    }
    expect(ids.size).toBe(first.total);
  });

  it('knows gpt-4o: one model with its endpoints and its arena evidence; provider filters the endpoints', async () => {
    const page = structured<Page>(await mcp.call('list_models', { query: 'gpt-4o', limit: 100 }));
    const m = page.models.find((x) => x.id === 'openai/gpt-4o');
    expect(m?.maker).toBe('openai');
    expect(m?.capabilities).toEqual(expect.arrayContaining(['vision', 'tools']));
    expect(m?.quality).toMatchObject({ source: 'arena', basis: expect.stringContaining('gpt-4o-2024-08-06') });
    expect(m?.quality.ratings.overall).toBeGreaterThan(1000);
    expect(m?.endpoints.map((e) => e.provider)).toEqual(expect.arrayContaining(['openai', 'azure', 'openrouter']));
    const openai = structured<Page>(await mcp.call('list_models', { query: 'gpt-4o', provider: 'openai', limit: 100 })).models.find((x) => x.id === 'openai/gpt-4o');
    expect(openai?.endpoints).toEqual([
      expect.objectContaining({ id: 'openai/gpt-4o', name: 'gpt-4o', contextWindow: 128_000, pricing: { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 } }),
    ]);
  });

  it('shows estimated evidence with its basis for models the arena has not rated', async () => {
    const page = structured<Page>(await mcp.call('list_models', { query: 'claude-opus-5', limit: 10 }));
    const m = page.models.find((x) => x.id === 'anthropic/claude-opus-5');
    expect(m?.quality.source).toBe('estimated');
    expect(m?.quality.basis).toMatch(/anthropic\/claude-opus-4/);
    expect(textOf(await mcp.call('list_models', { query: 'claude-opus-5', limit: 10 }))).toMatch(/estimated/);
  });

  it('filters by capability, context and price, and sorts', async () => {
    const page = structured<Page>(await mcp.call('list_models', { capabilities: ['vision', 'tools'], minContext: 1_000_000, maxInputPrice: 3, sort: 'price', limit: 5000 }));
    expect(page.total).toBeGreaterThan(0);
    for (const m of page.models) {
      expect(m.endpoints.length).toBeGreaterThan(0);
      for (const e of m.endpoints) {
        expect(e.capabilities).toEqual(expect.arrayContaining(['vision', 'tools']));
        expect(e.contextWindow).toBeGreaterThanOrEqual(1_000_000);
        expect(e.pricing.inputPerMTok).toBeLessThanOrEqual(3);
      }
    }
    const prices = page.models.map((m) => Math.min(...m.endpoints.map((e) => e.pricing.inputPerMTok)));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const best = structured<Page>(await mcp.call('list_models', { sort: 'quality', limit: 10 }));
    const ratings = best.models.map((m) => m.quality.ratings.overall ?? 0);
    expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
    expect(ratings[0]).toBeGreaterThan(1400);
  });

  it('returns error results for bad arguments and stays up', async () => {
    const bad = await mcp.call('list_models', { limit: 'ten' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('limit');
    const badCap = await mcp.call('list_models', { capabilities: ['telepathy'] });
    expect(badCap.isError).toBe(true);
    expect(textOf(badCap)).toContain('capabilities');
    const badCursor = await mcp.call('list_models', { cursor: 'nonsense' });
    expect(badCursor.isError).toBe(true);
    expect(textOf(badCursor)).toContain('cursor');
    expect(structured<Page>(await mcp.call('list_models', { limit: 1 })).models).toHaveLength(1);
  });
});

describe('catalog resource', () => {
  it('lists every model with its endpoints and evidence, and the excluded entries with why', async () => {
    const res = await mcp.client.readResource({ uri: 'switchyard://catalog' });
    const first = res.contents[0];
    const body = JSON.parse(first && 'text' in first ? first.text : '{}') as { count: number; endpoints: number; models: ModelOut[]; excluded: { id: string; reason: string }[] };
    expect(body.models.length).toBe(body.count);
    expect(body.endpoints).toBe(body.models.reduce((n, m) => n + m.endpoints.length, 0));
    expect(body.models.every((m) => m.quality.source === 'arena' || m.quality.source === 'estimated')).toBe(true);
    expect(body.excluded).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'openrouter/openrouter/free', reason: 'router' })]));
  });
});

describe('estimate_cost', () => {
  const prompt = 'Summarize the causes of the French Revolution in three bullet points, citing one primary source for each.';

  it('counts o200k tokens exactly for gpt-4o and does the arithmetic', async () => {
    const out = structured<{ estimates: Estimate[] }>(await mcp.call('estimate_cost', { prompt, models: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'], outputTokens: 1000 }));
    const gpt = out.estimates.find((e) => e.model === 'openai/gpt-4o');
    expect(gpt).toMatchObject({ inputTokens: encode(prompt).length, outputTokens: 1000, exact: true });
    expect(gpt?.inputCost).toBeCloseTo((encode(prompt).length * 2.5) / 1e6, 12);
    expect(gpt?.outputCost).toBeCloseTo(0.01, 12);
    expect(gpt?.totalCost).toBeCloseTo((gpt?.inputCost ?? 0) + (gpt?.outputCost ?? 0), 12);
    const claude = out.estimates.find((e) => e.model === 'anthropic/claude-sonnet-4-5');
    expect(claude?.exact).toBe(false);
  });

  it('lists the whole catalog cheapest first by default, 20 at a time', async () => {
    const out = structured<{ estimates: Estimate[]; total: number }>(await mcp.call('estimate_cost', { prompt }));
    expect(out.estimates).toHaveLength(20);
    // Every model once, at its cheapest endpoint Switchyard could call (no keys: a preview over the providers it has
    // adapters for); the catalog's ~1,900 endpoints are ~730 models.
    expect(out.total).toBeGreaterThan(400);
    expect(out.total).toBeLessThan(740);
    expect(new Set(out.estimates.map((e) => e.model)).size).toBe(20);
    const costs = out.estimates.map((e) => e.totalCost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    // No outputTokens given: the forecast decides (reasoning models add hidden reasoning tokens).
    expect(out.estimates.every((e) => e.outputTokens > 0)).toBe(true);
  });

  it('accepts messages and aliases', async () => {
    const out = structured<{ estimates: Estimate[] }>(
      await mcp.call('estimate_cost', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }], models: ['gpt-4o'] }),
    );
    expect(out.estimates[0]?.model).toBe('openai/gpt-4o');
    expect(out.estimates[0]?.inputTokens).toBe(encode('Be brief.').length + encode('Hello').length + 9);
  });

  it('names the unknown model id, the empty prompt and the wrong type', async () => {
    const unknown = await mcp.call('estimate_cost', { prompt, models: ['openai/gpt-4o', 'openai/gpt-40'] });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('models[1]: unknown model "openai/gpt-40"');
    expect(textOf(unknown)).toContain('openai/gpt-4o');
    const empty = await mcp.call('estimate_cost', { prompt: '   ' });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toContain('prompt');
    const wrong = await mcp.call('estimate_cost', { prompt: 42 });
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong)).toContain('prompt');
    const neither = await mcp.call('estimate_cost', {});
    expect(neither.isError).toBe(true);
    expect(textOf(neither)).toContain('prompt');
  });
});
