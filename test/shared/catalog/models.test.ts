/**
 * What users saw go wrong with the flat 2,022-row catalog (issue 9), pinned on the bundled data: one model per
 * release with its endpoints, routers and non-chat entries kept out, and quality evidence for every model.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { calibrate, isKnownOlder, requiredCategories, targetOf, UPLIFT_CAP_MARGIN } from '../../../shared/catalog/estimate.js';
import type { Model, QualityCategory } from '../../../shared/catalog/model.js';
import { blendedPrice, isLarger } from '../../../scripts/catalog/evidence.js';

const catalog = loadBundledCatalog();
const must = (id: string): Model => {
  const m = catalog.get(id);
  if (!m) throw new Error(`expected ${id} in the catalog`);
  return m;
};
const overall = (id: string) => must(id).quality.ratings.overall ?? NaN;
/** The figures the bundled estimates used: fitted on the bundled arena-rated models, as the generator does. */
const calibration = () => calibrate(catalog.all().filter((m) => m.quality.source === 'arena').map((m) => ({ ...targetOf(m), ratings: m.quality.ratings })));
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

describe('what an expert would reject, kept out or folded in', () => {
  it.each([
    ['fireworks_ai/accounts/fireworks/models/qwen3-1p7b-fp8-draft', /speculative-decoding draft/],
    ['fireworks_ai/accounts/fireworks/models/qwen3-1p7b-fp8-draft-131072', /speculative-decoding draft/],
    ['fireworks_ai/accounts/fireworks/models/qwen3-1p7b-fp8-draft-40960', /speculative-decoding draft/],
    ['openai/gpt-5-search-api', /special-purpose variant: web search/],
    ['openai/gpt-4o-mini-search-preview', /special-purpose variant: web search/],
    ['openai/gpt-4o-mini-audio-preview', /special-purpose variant: audio/],
    ['openai/gpt-realtime', /special-purpose variant: realtime|speech model/],
    ['openai/gpt-4o-transcribe', /special-purpose variant: speech transcription|speech model/],
    ['azure/computer-use-preview', /special-purpose variant: computer use/],
    ['gemini/gemini-2.5-computer-use-preview-10-2025', /special-purpose variant: computer use/],
  ])('%s is excluded, not routed', (id, detail) => {
    expect(catalog.excluded(id)?.reason).toBe('notChat');
    expect(catalog.excluded(id)?.detail).toMatch(detail);
    expect(catalog.get(id)).toBeUndefined();
  });

  it('no routable model is a draft, search, audio, realtime, transcription or computer-use variant', () => {
    const bad = catalog.all().filter((m) => [m.id, ...m.endpoints.map((e) => e.id)].some((id) => /draft|search-(api|preview)|audio|realtime|transcribe|computer-use/.test(id)));
    expect(bad.map((m) => m.id)).toEqual([]);
  });

  it('gemini-3.1-pro-preview-customtools is an endpoint and alias of gemini-3.1-pro-preview', () => {
    const m = must('google/gemini-3.1-pro-preview');
    expect(m.endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['gemini/gemini-3.1-pro-preview-customtools', 'vertex_ai/gemini-3.1-pro-preview-customtools']));
    expect(catalog.get('google/gemini-3.1-pro-preview-customtools')?.id).toBe('google/gemini-3.1-pro-preview');
  });

  it('a context-length serving variant priced alike is an endpoint of its model; one priced unlike it is excluded', () => {
    expect(catalog.endpoint('fireworks_ai/accounts/fireworks/models/qwen2p5-coder-32b-instruct-128k')?.model).toBe('qwen/qwen-2.5-coder-32b-instruct');
    expect(catalog.excluded('openai/gpt-3.5-turbo-16k')).toMatchObject({ reason: 'servingVariant', detail: expect.stringMatching(/16k-context serving variant of openai\/gpt-3.5-turbo/) });
  });

  it('other spellings and deployments of a rated model are its endpoints, not unrated models estimated above it', () => {
    // Azure's dotless GPT-3.5 had been three models estimated at 1219, 93 points above the arena-rated gpt-3.5-turbo
    const gpt35 = must('openai/gpt-3.5-turbo');
    expect(gpt35.quality.source).toBe('arena');
    expect(catalog.endpoint('azure/gpt-35-turbo')?.model).toBe(gpt35.id);
    expect(catalog.endpoint('azure/gpt-35-turbo-0125')?.model).toBe(gpt35.id);
    expect(catalog.endpoint('azure/gpt-35-turbo-1106')?.model).toBe('openai/gpt-3.5-turbo-1106');
    for (const name of ['gpt-35-turbo', 'openai/gpt-35-turbo', 'gpt-35-turbo-0125']) expect(catalog.get(name)?.id).toBe(gpt35.id);
    expect(catalog.excluded('azure/gpt-35-turbo-16k')).toMatchObject({ reason: 'servingVariant', detail: expect.stringMatching(/of openai\/gpt-3.5-turbo/) });
    // FP8 deployments of Llama 3.3 70B (estimated 70 above it from a Nemotron fine-tune) and Vertex's `@001` revisions
    const llama = must('meta-llama/llama-3.3-70b-instruct');
    expect(llama.endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['cloudflare/@cf/meta/llama-3.3-70b-instruct-fp8-fast', 'oci/meta.llama-3.3-70b-instruct-fp8-dynamic']));
    expect(catalog.get('meta-llama/llama-3.3-70b-instruct-fp8-fast')?.id).toBe(llama.id);
    expect(catalog.endpoint('vertex_ai/mistral-small-2503@001')?.model).toBe('mistralai/mistral-small-2503');
    expect(catalog.endpoint('vertex_ai/mistral-large@2411-001')?.model).toBe('mistralai/mistral-large-2411');
    // Fireworks' `-long` 405B, at a thirtieth of its own 405B's price, is a serving variant: excluded, not a 1332-rated model
    expect(catalog.get('meta-llama/llama-3.1-405b-instruct-long')).toBeUndefined();
    expect(catalog.excluded('fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct-long')).toMatchObject({ reason: 'servingVariant', detail: expect.stringMatching(/long-context serving variant of meta-llama\/llama-3.1-405b-instruct/) });
  });

  it('cerebras/llama3.1-8b and groq/llama-3.1-8b-instant are endpoints of meta-llama/llama-3.1-8b-instruct', () => {
    const m = must('meta-llama/llama-3.1-8b-instruct');
    expect(m.endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['cerebras/llama3.1-8b', 'groq/llama-3.1-8b-instant', 'snowflake/llama3.1-8b']));
    expect(m.quality.source).toBe('arena');
    expect(catalog.lookup('groq/llama-3.1-8b-instant')?.model.id).toBe(m.id);
    expect(must('meta-llama/llama-3.3-70b-instruct').endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['groq/llama-3.3-70b-versatile', 'cerebras/llama-3.3-70b']));
  });

  it.each([
    ['meta-llama/llama-3.1-8b-instant', 'meta-llama/llama-3.1-8b-instruct'],
    ['meta-llama/llama3.1-8b', 'meta-llama/llama-3.1-8b-instruct'],
    ['meta-llama/llama-3.3-70b-versatile', 'meta-llama/llama-3.3-70b-instruct'],
    ['meta-llama/llama4-maverick', 'meta-llama/llama-4-maverick-17b-128e-instruct'],
    ['meta-llama/llama4-scout-17b-instruct', 'meta-llama/llama-4-scout-17b-16e-instruct'],
    ['mistralai/mixtral-8x7b-instruct', 'mistralai/mixtral-8x7b-instruct-v0.1'],
    ['mistralai/mixtral-8x22b-instruct', 'mistralai/mixtral-8x22b-instruct-v0.1'],
    ['deepseek/deepseek-chat-v3-0324', 'deepseek/deepseek-v3-0324'],
    ['deepseek/deepseek-r1-basic', 'deepseek/deepseek-r1'],
    ['qwen/qwen3-coder-480b-a35b', 'qwen/qwen3-coder-480b-a35b-instruct'],
  ])('the former model %s is an endpoint group and alias of %s', (former, id) => {
    expect(catalog.get(former)?.id).toBe(id);
    expect(must(id).quality.source).toBe('arena');
  });

  it('the two Claude 3.5 Sonnet snapshots are two models with their own ratings; the undated name is the newer', () => {
    const june = must('anthropic/claude-3-5-sonnet-20240620');
    const october = must('anthropic/claude-3.5-sonnet');
    expect(june).not.toBe(october);
    expect(june.quality.arenaName).toBe('claude-3-5-sonnet-20240620');
    expect(october.quality.arenaName).toBe('claude-3-5-sonnet-20241022');
    expect(june.endpoints.map((e) => e.id)).toContain('bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(october.endpoints.map((e) => e.id)).toContain('bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(catalog.get('anthropic/claude-3-5-sonnet')?.id).toBe(october.id);
    expect(catalog.lookup('openrouter/anthropic/claude-3.5-sonnet')?.model.id).toBe(october.id);
    for (const alias of ['claude-3-5-sonnet', 'claude-3-5-sonnet-latest', 'anthropic/claude-3-5-sonnet-20241022']) expect(catalog.get(alias)?.id, alias).toBe(october.id);
    expect(catalog.get('claude-3-5-sonnet-20240620')?.id).toBe(june.id);
  });

  it('a preview beside its GA release is a model of its own, and a deprecated preview carries its date', () => {
    const preview = must('google/gemini-2.5-flash-lite-preview-09-2025');
    const ga = must('google/gemini-2.5-flash-lite');
    expect(preview.id).not.toBe(ga.id);
    expect([preview.family, preview.tier]).toEqual([ga.family, ga.tier]);
    const old = must('google/gemini-2.5-flash-lite-preview-06-17');
    expect(old.deprecationDate).toBe('2025-11-18');
    for (const e of old.endpoints) expect(e.deprecationDate, e.id).toBe('2025-11-18');
  });
});

describe('estimates that know size and age', () => {
  const c = calibration();

  it('the fitted figures are in a plausible range and come from rated pairs', () => {
    expect(c.perDoubling).toBeGreaterThan(10);
    expect(c.perDoubling).toBeLessThan(40);
    expect(c.sizePairs.join()).toMatch(/llama-3.1-8b-instruct .* → meta-llama\/llama-3.1-70b-instruct/);
    expect(c.predecessorDecrement).toBeGreaterThan(20);
    expect(c.successorUplift).toBeGreaterThan(5);
    expect(c.successorUplift).toBeLessThanOrEqual(c.predecessorDecrement);
  });

  it('qwen3-0.6b and qwen3-1.7b are well below qwen3-235b-a22b, in order of size', () => {
    const big = overall('qwen/qwen3-235b-a22b-2507');
    expect(overall('qwen/qwen3-0.6b')).toBeLessThan(big - 100);
    expect(overall('qwen/qwen3-1.7b')).toBeLessThan(big - 75);
    expect(overall('qwen/qwen3-0.6b')).toBeLessThan(overall('qwen/qwen3-1.7b'));
    expect(must('qwen/qwen3-0.6b').quality.basis).toMatch(/lowered by [\d.]+ for 0.6B against [\d.]+B \([\d.]+ halvings × [\d.]+ per doubling\)/);
  });

  it('glm-4-32b is below its successor glm-4.5 by the calibrated decrement', () => {
    const m = must('z-ai/glm-4-32b-0414-128k');
    expect(overall('z-ai/glm-4.5') - overall('z-ai/glm-4-32b-0414-128k')).toBeCloseTo(c.predecessorDecrement, 1);
    expect(m.quality.basis).toContain(`lowered by ${c.predecessorDecrement} for 1 version step before it`);
  });

  it('Claude Opus successors are above Opus 4.5, rising per version step, and say so', () => {
    const base = overall('anthropic/claude-opus-4-5');
    expect(overall('anthropic/claude-opus-4-6')).toBeCloseTo(base + c.successorUplift, 1);
    expect(overall('anthropic/claude-opus-4-7')).toBeGreaterThan(overall('anthropic/claude-opus-4-6'));
    expect(overall('anthropic/claude-opus-5')).toBeGreaterThan(base);
    expect(overall('anthropic/claude-opus-5')).toBeGreaterThanOrEqual(overall('anthropic/claude-opus-4-7'));
    expect(must('anthropic/claude-opus-5').quality.basis).toMatch(/raised by [\d.]+ for \d version steps? after it/);
  });

  it('no uplifted estimate is more than the cap above the best rated model', () => {
    const best = Math.max(...catalog.all().filter((m) => m.quality.source === 'arena').map((m) => m.quality.ratings.overall ?? 0));
    const uplifted = catalog.all().filter((m) => m.quality.source === 'estimated' && /raised by [\d.]+ for \d+ version steps? after it/.test(m.quality.basis));
    expect(uplifted.length).toBeGreaterThan(20);
    const over = uplifted.filter((m) => (m.quality.ratings.overall ?? 0) > best + UPLIFT_CAP_MARGIN + 0.05);
    expect(over.map((m) => m.id)).toEqual([]);
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

  it('an undated model is not taken for newer than a dated sibling: Qwen3 4B, 8B and 14B are not raised to the July 4B', () => {
    // they were raised to qwen3-4b-instruct-2507's estimate (1360, coding 1393) as if it were older than them,
    // which put the 4B above the arena-rated qwen3-235b-a22b in coding
    const big = must('qwen/qwen3-235b-a22b-2507').quality.ratings;
    const base = must('qwen/qwen3-30b-a3b').quality.ratings;
    for (const id of ['qwen/qwen3-4b', 'qwen/qwen3-8b', 'qwen/qwen3-14b']) {
      const m = must(id);
      expect(m.quality.basis, id).not.toMatch(/raised to at least/);
      for (const c of text) expect(m.quality.ratings[c]!, `${id} ${c}`).toBeLessThan(big[c]!);
    }
    expect(overall('qwen/qwen3-4b')).toBeLessThan(overall('qwen/qwen3-8b'));
    expect(overall('qwen/qwen3-8b')).toBeLessThan(base.overall!);
    expect(overall('qwen/qwen3-14b')).toBeGreaterThan(base.overall!);
  });

  it("an 8B model distilled from DeepSeek-R1 is not rated as DeepSeek-R1 at a smaller tier", () => {
    // deepseek-r1-0528-qwen3-8b (Qwen3-8B trained on R1's answers) was estimated from R1-0528 less 40: 1386
    // (and Ollama's deepseek-r1:8b, the same distill, likewise)
    for (const id of ['deepseek/deepseek-r1-0528-qwen3-8b', 'deepseek/deepseek-r1-8b']) {
      const distill = must(id);
      expect(distill.family, id).toBe('deepseek-r-tuned');
      expect(distill.quality.ratings.overall!, id).toBeLessThan(must('qwen/qwen3-235b-a22b-2507').quality.ratings.overall! - 100);
      expect(distill.quality.ratings.overall!, id).toBeLessThan(must('deepseek/deepseek-r1-0528').quality.ratings.overall! - 200);
    }
  });

  it('gpt-5.4-nano follows gpt-5-nano, not the better gpt-5-mini', () => {
    // it was the best of gpt-5-mini and gpt-5-nano per category, so rated exactly as gpt-5.4-mini (1394)
    const nano = must('openai/gpt-5.4-nano');
    expect(nano.quality.basis).toMatch(/^estimated from openai\/gpt-5-nano \(predecessor/);
    expect(nano.quality.ratings.overall!).toBeLessThan(must('openai/gpt-5.4-mini').quality.ratings.overall! - 30);
    expect(nano.quality.ratings.overall!).toBeGreaterThan(must('openai/gpt-5-nano').quality.ratings.overall!);
  });

  it('no model is rated below an older, no dearer, not larger model of its own family only because it lacks a rating', () => {
    const violations: string[] = [];
    const models = catalog.all();
    for (const m of models) {
      if (m.quality.source !== 'estimated') continue;
      const t = targetOf(m);
      for (const o of models) {
        // A smaller model below a larger one (both sizes stated) is below it for its size, not for lacking a rating.
        if (o === m || o.family !== m.family || !isKnownOlder(targetOf(o), t) || blendedPrice(o) > blendedPrice(m) || isLarger(targetOf(o), t)) continue;
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
