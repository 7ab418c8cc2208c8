/**
 * What users saw go wrong with the flat 2,022-row catalog (issue 9), pinned on the bundled data: one model per
 * release with its endpoints, routers and non-chat entries kept out, and quality evidence for every model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { compareAge, requiredCategories, targetOf } from '../../../shared/catalog/estimate.js';
import type { Model, QualityCategory } from '../../../shared/catalog/model.js';
import { blendedPrice, isLarger } from '../../../scripts/catalog/evidence.js';

const catalog = loadBundledCatalog();
const must = (id: string): Model => {
  const m = catalog.get(id);
  if (!m) throw new Error(`expected ${id} in the catalog`);
  return m;
};
const oldIds = readFileSync(new URL('../../fixtures/catalog/catalog-ids-2026-07.txt', import.meta.url), 'utf8').split('\n').filter((l) => l !== '');

describe('one model per release, with its endpoints', () => {
  it('the 22 Claude Sonnet 4.5 rows of the old catalog are one model with endpoints at Anthropic, Bedrock, Vertex, OpenRouter…', () => {
    const rows = oldIds.filter((id) => /claude-sonnet-4[-.]5/.test(id));
    expect(rows.length).toBe(22);
    for (const id of rows) expect(catalog.get(id)?.id, id).toBe('anthropic/claude-sonnet-4-5');
    const m = must('anthropic/claude-sonnet-4-5');
    const providers = new Set(m.endpoints.map((e) => e.provider));
    for (const p of ['anthropic', 'bedrock', 'vertex_ai', 'openrouter', 'azure_ai', 'databricks']) expect(providers).toContain(p);
    expect(m).toMatchObject({ maker: 'anthropic', family: 'claude-sonnet', tier: 'mid', releaseDate: '2025-09-29' });
  });

  it('a dated snapshot with the same prices and limits is its alias: openai/gpt-5-nano-2025-08-07 → openai/gpt-5-nano', () => {
    expect(catalog.lookup('openai/gpt-5-nano-2025-08-07')).toEqual({ model: must('openai/gpt-5-nano') });
    expect(catalog.get('gpt-5-nano-2025-08-07')?.id).toBe('openai/gpt-5-nano');
    expect(catalog.all().filter((m) => m.id.startsWith('openai/gpt-5-nano')).map((m) => m.id)).toEqual(['openai/gpt-5-nano']);
  });

  it('a snapshot that differs is a model of its own: gpt-4o-2024-05-13 ($5/$15) is not gpt-4o ($2.50/$10)', () => {
    const old = must('openai/gpt-4o-2024-05-13');
    expect(old.id).toBe('openai/gpt-4o-2024-05-13');
    expect(old.endpoints.map((e) => e.id)).toContain('openrouter/openai/gpt-4o-2024-05-13');
    expect(must('openai/gpt-4o-2024-08-06').id).toBe('openai/gpt-4o');
    expect(old.quality.arenaName).toBe('gpt-4o-2024-05-13');
  });

  it('every id of the old catalog still resolves: to a model or endpoint, or to the reason it is excluded', () => {
    const lost = oldIds.filter((id) => !catalog.lookup(id) && !catalog.excluded(id));
    expect(lost).toEqual([]);
  });

  it('old reseller ids name their endpoint: bedrock, fireworks', () => {
    const bedrock = catalog.lookup('bedrock/anthropic.claude-3-haiku-20240307-v1:0');
    expect(bedrock?.model.id).toBe('anthropic/claude-3-haiku-20240307');
    expect(bedrock?.endpoint?.name).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    const fireworks = catalog.lookup('fireworks_ai/accounts/fireworks/models/llama-v3p1-8b-instruct');
    expect(fireworks?.model.id).toBe('meta-llama/llama-3.1-8b-instruct');
    expect(fireworks?.endpoint?.name).toBe('accounts/fireworks/models/llama-v3p1-8b-instruct');
    expect(catalog.lookup('openai/gpt-4o')?.endpoint).toBeUndefined();
  });

  it('OpenRouter slugs are model aliases (how the live list finds its models)', () => {
    expect(catalog.get('anthropic/claude-opus-4.5')?.id).toBe('anthropic/claude-opus-4-5');
    expect(catalog.get('google/gemini-2.5-pro')?.id).toBe('google/gemini-2.5-pro');
  });
});

describe('kept out of routing, with the reason', () => {
  it.each([
    ['openrouter/openrouter/free', 'router'],
    ['openrouter/auto', 'router'],
    ['openrouter/free', 'router'],
    ['novita/paddlepaddle/paddleocr-vl', 'notChat'],
    ['databricks/databricks-mpt-7b-instruct', 'implausibleData'],
    ['ollama/gpt-oss:120b-cloud', 'hostedLocal'],
    ['openai/text-embedding-3-small', 'notChat'],
  ])('%s is excluded as %s, not routable', (id, reason) => {
    expect(catalog.excluded(id)?.reason).toBe(reason);
    expect(catalog.get(id)).toBeUndefined();
    expect(catalog.resolve(id)).toMatchObject({ error: expect.stringContaining(`"${id}" is `) });
  });

  it('says what is wrong in words', () => {
    expect(catalog.excluded('databricks/databricks-mpt-7b-instruct')?.detail).toMatch(/output priced \$0 while input is paid/);
    expect(catalog.excluded('novita/paddlepaddle/paddleocr-vl')?.detail).toMatch(/OCR/);
    expect(catalog.excluded('ollama/gpt-oss:120b-cloud')?.detail).toMatch(/ollama's servers/);
  });

  it('no routable endpoint is a router, $0 on one side only, or a local provider hosted in the cloud', () => {
    const bad = catalog.endpoints().filter(
      (e) =>
        /(^|\/)openrouter\/(auto|free)$/.test(e.id) ||
        (e.pricing.inputPerMTok > 0 && e.pricing.outputPerMTok === 0) ||
        (e.provider === 'ollama' && /cloud/.test(e.name)) ||
        /ocr|embed/i.test(e.name),
    );
    expect(bad.map((e) => e.id)).toEqual([]);
  });
});

describe('deprecation', () => {
  it("the maker's date covers every endpoint: a deprecated Gemini 3 preview is deprecated at every reseller", () => {
    const m = must('google/gemini-3-pro-preview');
    expect(m.deprecationDate).toBe('2026-03-09');
    const resellers = m.endpoints.filter((e) => e.provider !== 'gemini');
    expect(resellers.map((e) => e.provider)).toEqual(expect.arrayContaining(['vertex_ai', 'openrouter']));
    for (const e of m.endpoints) expect(e.deprecationDate, e.id).toBe('2026-03-09');
  });

  it('an endpoint keeps its own earlier date', () => {
    expect(catalog.endpoint('azure/gpt-4o-2024-08-06')?.deprecationDate).toBe('2026-02-27');
    expect(must('openai/gpt-4o').deprecationDate).toBeUndefined();
  });
});

describe('quality evidence for every model', () => {
  const text: QualityCategory[] = ['overall', 'coding', 'math', 'creative', 'instructions', 'longContext', 'hardPrompts', 'multiTurn'];

  it('every model has overall and the text categories (and vision when it sees images), with a source and a basis', () => {
    const problems: string[] = [];
    for (const m of catalog.all()) {
      const t = targetOf(m);
      for (const c of requiredCategories(t.vision)) if (typeof m.quality.ratings[c] !== 'number') problems.push(`${m.id}: ${c}`);
      if (!t.vision && m.quality.source === 'estimated' && m.quality.ratings.vision !== undefined) problems.push(`${m.id}: vision on a text model`);
      if (m.quality.basis === '') problems.push(`${m.id}: basis`);
      if (m.quality.source === 'estimated' && m.quality.from !== undefined && !catalog.get(m.quality.from)) problems.push(`${m.id}: from ${m.quality.from}`);
    }
    expect(problems).toEqual([]);
    expect(catalog.all().filter((m) => m.quality.source === 'arena').length).toBeGreaterThan(150);
  });

  it.each([
    ['anthropic/claude-opus-5', ['anthropic/claude-opus-4-5', 'anthropic/claude-opus-4-1']],
    ['google/gemini-3.1-pro-preview', ['google/gemini-3-pro-preview']],
    ['openai/gpt-5.5', ['openai/gpt-5', 'openai/gpt-5.1']],
  ])('%s is estimated, not below its rated predecessors', (id, predecessors) => {
    const m = must(id);
    expect(m.quality.source).toBe('estimated');
    expect(m.quality.from).toBeDefined();
    expect(m.quality.basis).toMatch(/predecessor/);
    for (const p of predecessors) {
      const prev = must(p);
      expect(prev.quality.source, p).toBe('arena');
      for (const c of text) expect(m.quality.ratings[c], `${id} ${c} vs ${p}`).toBeGreaterThanOrEqual(prev.quality.ratings[c] ?? Infinity);
    }
  });

  it('no model is rated below an older, no dearer, not larger model of its own family only because it lacks a rating', () => {
    const violations: string[] = [];
    const models = catalog.all();
    for (const m of models) {
      if (m.quality.source !== 'estimated') continue;
      const t = targetOf(m);
      for (const o of models) {
        // A smaller model below a larger one (both sizes stated) is below it for its size, not for lacking a rating.
        if (o === m || o.family !== m.family || compareAge(targetOf(o), t) >= 0 || blendedPrice(o) > blendedPrice(m) || isLarger(targetOf(o), t)) continue;
        for (const c of text) {
          if ((m.quality.ratings[c] ?? 0) < (o.quality.ratings[c] ?? 0)) violations.push(`${m.id} ${c} < ${o.id}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the model the old catalog scored 0.25 is now above 2023 models of its line', () => {
    expect(must('anthropic/claude-opus-5').quality.ratings.overall).toBeGreaterThan(must('anthropic/claude-3-opus-20240229').quality.ratings.overall ?? Infinity);
  });
});
