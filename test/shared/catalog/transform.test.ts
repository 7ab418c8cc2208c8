import { describe, expect, it } from 'vitest';
import { buildAliases, spellings, undated } from '../../../scripts/catalog/aliases.js';
import type { ArenaEntry } from '../../../scripts/catalog/arena.js';
import { parseArena } from '../../../scripts/catalog/arena.js';
import { ArenaIndex, computeJoinRate } from '../../../scripts/catalog/arena-join.js';
import { isPlaceholderZeroPrice } from '../../../scripts/catalog/convert-entry.js';
import { classifyEntry } from '../../../shared/catalog/classify.js';
import { compareVersions, lineOf, tierOf } from '../../../shared/catalog/lines.js';
import { groupModels, keyOf } from '../../../scripts/catalog/group-models.js';
import type { SourceEndpoint } from '../../../scripts/catalog/convert-entry.js';
import { findBaseModels } from '../../../scripts/catalog/base-models.js';
import { convertEntry } from '../../../scripts/catalog/convert-entry.js';
import { catalogBaseName, splitSnapshot, splitVariant, tokenize } from '../../../scripts/catalog/model-names.js';
import { isIsoDate, perMillion } from '../../../scripts/catalog/numbers.js';
import { normalizeProvider, splitKey } from '../../../scripts/catalog/providers.js';
import { SkipCounter } from '../../../scripts/catalog/skips.js';
import { parseSourceFile } from '../../../scripts/catalog/sources.js';

describe('numbers', () => {
  it('converts per-token prices to per-million without float noise', () => {
    expect(perMillion(2.5e-6)).toBe(2.5);
    expect(perMillion(1.25e-7)).toBe(0.125);
    expect(perMillion(3e-7)).toBe(0.3);
    expect(perMillion(1.5e-5)).toBe(15);
    expect(perMillion(0)).toBe(0);
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('date when the model becomes deprecated')).toBe(false);
  });
});

describe('providers and ids', () => {
  it('collapses LiteLLM integrations into the provider you call', () => {
    expect(normalizeProvider('vertex_ai-anthropic_models')).toBe('vertex_ai');
    expect(normalizeProvider('vertex_ai-language-models')).toBe('vertex_ai');
    expect(normalizeProvider('bedrock_converse')).toBe('bedrock');
    expect(normalizeProvider('openrouter')).toBe('openrouter');
    expect(normalizeProvider('cohere_chat')).toBe('cohere_chat');
  });

  it.each([
    ['gpt-4o', 'openai', 'openai/gpt-4o', 'gpt-4o'],
    ['openrouter/deepseek/deepseek-chat-v3.1', 'openrouter', 'openrouter/deepseek/deepseek-chat-v3.1', 'deepseek/deepseek-chat-v3.1'],
    ['claude-sonnet-4-5', 'anthropic', 'anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['anthropic.claude-3-haiku-20240307-v1:0', 'bedrock', 'bedrock/anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-haiku-20240307-v1:0'],
    ['us.amazon.nova-pro-v1:0', 'bedrock_converse', 'bedrock/us.amazon.nova-pro-v1:0', 'us.amazon.nova-pro-v1:0'],
    ['vertex_ai/claude-3-5-haiku@20241022', 'vertex_ai-anthropic_models', 'vertex_ai/claude-3-5-haiku@20241022', 'claude-3-5-haiku@20241022'],
    ['gemini-2.0-flash', 'vertex_ai-language-models', 'vertex_ai/gemini-2.0-flash', 'gemini-2.0-flash'],
    ['gemini/gemini-2.5-pro', 'gemini', 'gemini/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['amazon-nova/nova-pro-v1', 'amazon_nova', 'amazon_nova/nova-pro-v1', 'nova-pro-v1'],
  ])('%s (%s) → %s', (key, provider, id, name) => {
    expect(splitKey(key, provider)).toMatchObject({ id, name });
  });
});

describe('convertEntry', () => {
  const base = {
    litellm_provider: 'openai',
    mode: 'chat',
    input_cost_per_token: 2.5e-6,
    output_cost_per_token: 1e-5,
    max_input_tokens: 128000,
    max_output_tokens: 16384,
  };

  it('converts prices, limits and capabilities', () => {
    const skips = new SkipCounter();
    const m = convertEntry('gpt-x', {
      ...base,
      cache_read_input_token_cost: 1.25e-6,
      output_cost_per_reasoning_token: 1e-5,
      supports_function_calling: true,
      supports_native_structured_output: true,
      supports_vision: false,
      supports_audio_input: true,
      deprecation_date: '2026-10-01',
    }, skips);
    expect(m).toEqual({
      id: 'openai/gpt-x',
      provider: 'openai',
      name: 'gpt-x',
      contextWindow: 128000,
      maxOutputTokens: 16384,
      pricing: { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, reasoningPerMTok: 10 },
      capabilities: ['tools', 'json', 'audio'],
      modalities: ['text', 'audio'],
      deprecationDate: '2026-10-01',
    });
    expect(skips.toRecord()).toEqual({});
  });

  it('builds tiers from _above_Nk_tokens fields, ascending, keeping the base price for a side without one', () => {
    const m = convertEntry('gpt-x', {
      ...base,
      input_cost_per_token_above_272k_tokens: 5e-6,
      output_cost_per_token_above_272k_tokens: 2e-5,
      input_cost_per_token_above_128k_tokens: 3e-6,
      cache_read_input_token_cost_above_128k_tokens: 1.5e-6,
      input_cost_per_token_above_200k_tokens_priority: 9e-6,
    }, new SkipCounter());
    expect(typeof m === 'object' && 'pricing' in m && m.pricing.tiers).toEqual([
      { aboveInputTokens: 128000, inputPerMTok: 3, outputPerMTok: 10, cachedInputPerMTok: 1.5 },
      { aboveInputTokens: 272000, inputPerMTok: 5, outputPerMTok: 20 },
    ]);
  });

  it('reads range-priced models (tiered_pricing) as a base price plus tiers', () => {
    const { input_cost_per_token: _i, output_cost_per_token: _o, ...noFlat } = base;
    const m = convertEntry('dashscope/qwen-x', {
      ...noFlat,
      litellm_provider: 'dashscope',
      tiered_pricing: [
        { input_cost_per_token: 2.4e-6, output_cost_per_token: 1.2e-5, range: [32000.0, 128000.0] },
        { input_cost_per_token: 1.2e-6, output_cost_per_token: 6e-6, range: [0, 32000.0] },
      ],
    }, new SkipCounter());
    expect(typeof m === 'object' && 'pricing' in m && m.pricing).toEqual({
      inputPerMTok: 1.2,
      outputPerMTok: 6,
      tiers: [{ aboveInputTokens: 32000, inputPerMTok: 2.4, outputPerMTok: 12 }],
    });
    const gap = convertEntry('dashscope/qwen-y', {
      ...noFlat,
      litellm_provider: 'dashscope',
      tiered_pricing: [{ input_cost_per_token: 1e-6, output_cost_per_token: 1e-6, range: [1000, 2000] }],
    }, new SkipCounter());
    expect(gap).toBe('badField:tiered_pricing');
  });

  it('classifies instead of converting: routers, non-chat, hosted-local and implausible entries', () => {
    const skips = new SkipCounter();
    expect(convertEntry('openrouter/openrouter/free', { ...base, litellm_provider: 'openrouter' }, skips)).toMatchObject({ id: 'openrouter/openrouter/free', reason: 'router' });
    expect(convertEntry('ollama/gpt-oss:120b-cloud', { ...base, litellm_provider: 'ollama', input_cost_per_token: 0, output_cost_per_token: 0 }, skips)).toMatchObject({ reason: 'hostedLocal' });
    expect(convertEntry('mpt-7b', { ...base, output_cost_per_token: 0 }, skips)).toMatchObject({ reason: 'implausibleData' });
    expect(convertEntry('accounts/fireworks/models/flux-1-dev', { ...base, litellm_provider: 'fireworks_ai' }, skips)).toMatchObject({ reason: 'notChat' });
  });

  it('skips, never guesses', () => {
    const skips = new SkipCounter();
    const { input_cost_per_token: _i, ...noInput } = base;
    const { max_input_tokens: _m, ...noContext } = base;
    const { max_input_tokens: _a, max_output_tokens: _b, ...legacyOnly } = base;
    expect(convertEntry('a', noInput, skips)).toBe('missingPrice');
    expect(convertEntry('b', { ...base, input_cost_per_token: '0.1' }, skips)).toBe('badField:input_cost_per_token');
    expect(convertEntry('c', noContext, skips)).toBe('missingContextWindow'); // max_output_tokens is not a context window
    expect(convertEntry('e', { ...legacyOnly, max_tokens: 8192 }, skips)).toMatchObject({ contextWindow: 8192, maxOutputTokens: 8192 });
    expect(convertEntry('f', { ...base, max_input_tokens: 0 }, skips)).toBe('badField:max_input_tokens');
    const { max_output_tokens: _c, ...noOutput } = base;
    expect(convertEntry('g', noOutput, skips)).toBe('missingMaxOutputTokens');
    const kept = convertEntry('h', { ...base, deprecation_date: '2026-13-01', cache_read_input_token_cost: -1 }, skips);
    expect(kept).toMatchObject({ id: 'openai/h' });
    expect(typeof kept === 'object' && 'pricing' in kept && kept.deprecationDate).toBeUndefined();
    expect(skips.toRecord()).toEqual({ 'badField:cache_read_input_token_cost': 1, 'badField:deprecation_date': 1 });
  });
});

describe('model names', () => {
  it('tokenizes spellings alike', () => {
    expect(tokenize('claude-sonnet-4.5')).toEqual(tokenize('claude-sonnet-4-5'));
    expect(tokenize('Llama-3_3-70B-Instruct')).toEqual(tokenize('llama3.3-70b-instruct'));
    expect(tokenize('Qwen3-235B-A22B-Instruct-2507-FP8')).toEqual(['qwen', '3', '235', 'b', 'a', '22', 'b', 'instruct', '2507', 'fp8']);
  });

  it('reduces provider spellings to the model name', () => {
    expect(catalogBaseName('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5-20250929');
    expect(catalogBaseName('bedrock', 'deepseek.v3.2')).toBe('deepseek-v3.2');
    expect(catalogBaseName('bedrock', 'qwen.qwen3-32b-v1:0')).toBe('qwen3-32b');
    expect(catalogBaseName('bedrock', 'nvidia.nemotron-nano-12b-v2')).toBe('nemotron-nano-12b-v2');
    expect(catalogBaseName('vertex_ai', 'claude-opus-4-5@20251101')).toBe('claude-opus-4-5-20251101');
    expect(catalogBaseName('vertex_ai', 'mistral-small-2503@001')).toBe('mistral-small-2503');
    expect(catalogBaseName('vertex_ai', 'mistral-large@2411-001')).toBe('mistral-large-2411');
    expect(catalogBaseName('vertex_ai', 'gemini-2.0-flash-001')).toBe('gemini-2.0-flash-001');
    expect(catalogBaseName('fireworks_ai', 'accounts/fireworks/models/llama-v3p1-405b-instruct')).toBe('llama-3.1-405b-instruct');
    expect(catalogBaseName('ollama', 'gpt-oss:120b-cloud')).toBe('gpt-oss-120b-cloud');
  });

  it('finds snapshots: full dates, 4-digit dates, month-year, revisions', () => {
    const snap = (name: string) => splitSnapshot(tokenize(name));
    expect(snap('gpt-4o-2024-08-06')).toEqual({ core: ['gpt', '4', 'o'], snapshot: { raw: '2024-08-06', sort: 20240806 } });
    expect(snap('claude-sonnet-4-5-20250929').snapshot?.sort).toBe(20250929);
    expect(snap('grok-4-0709').snapshot).toEqual({ raw: '0709', sort: null });
    expect(snap('mistral-medium-2508').snapshot?.sort).toBe(20250800);
    expect(snap('gemini-2.5-flash-preview-09-2025')).toMatchObject({ core: ['gemini', '2', '5', 'flash', 'preview'], snapshot: { sort: 20250900 } });
    expect(snap('gpt-4-1106-preview').core).toEqual(['gpt', '4', 'preview']);
    expect(snap('gemini-2.0-flash-001').snapshot?.raw).toBe('001');
    expect(snap('gpt-oss-120b').snapshot).toBeNull();
  });

  it('separates arena modes from model names', () => {
    expect(splitVariant(tokenize('claude-opus-4-5-20251101-thinking-32k')).variant).toBe('thinking-32-k');
    expect(splitVariant(tokenize('gpt-5-high'))).toEqual({ rest: ['gpt', '5'], variant: 'high' });
    expect(splitVariant(tokenize('qwen3-235b-a22b-no-thinking')).variant).toBe('no-thinking');
    expect(splitVariant(tokenize('qwen3-235b-a22b-thinking-2507')).variant).toBeNull();
  });
});

describe('arena join', () => {
  const names = [
    'gpt-4o-2024-05-13',
    'gpt-4o-2024-08-06',
    'gpt-4o-mini-2024-07-18',
    'claude-sonnet-4-5-20250929',
    'claude-sonnet-4-5-20250929-thinking-32k',
    'gpt-5-high',
    'gemini-3-pro',
    'mistral-medium',
    'mistral-medium-2505',
    'mistral-small-2506',
    'o3-mini',
    'gpt-3.5-turbo-0125',
    'gpt-4-turbo-2024-04-09',
    'llama-3-70b-instruct',
  ];
  const arena: ArenaEntry[] = names.map((name, i) => ({ name, quality: { overall: 1400 - i } }));
  const index = new ArenaIndex(arena);
  const joined = (provider: string, name: string, baseModel = false) =>
    index.match(provider, name, { baseModel })?.entry.name;

  it.each([
    ['openai', 'gpt-4o', 'gpt-4o-2024-08-06'],
    ['openai', 'gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['openai', 'gpt-4o-mini', 'gpt-4o-mini-2024-07-18'],
    ['anthropic', 'claude-sonnet-4-5', 'claude-sonnet-4-5-20250929'],
    ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5-20250929'],
    ['vertex_ai', 'claude-sonnet-4-5@20250929', 'claude-sonnet-4-5-20250929'],
    ['openrouter', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5-20250929'],
    ['openai', 'gpt-5', 'gpt-5-high'],
    ['openai', 'gpt-5-2025-08-07', 'gpt-5-high'],
    ['gemini', 'gemini-3-pro-preview', 'gemini-3-pro'],
    ['openai', 'o3-mini-2025-01-31', 'o3-mini'],
    ['mistral', 'mistral-small-3-2-2506', 'mistral-small-2506'],
    ['vercel_ai_gateway', 'meta/llama-3-70b', 'llama-3-70b-instruct'],
  ])('%s/%s takes the ratings of %s', (provider, name, arenaName) => {
    expect(joined(provider, name)).toBe(arenaName);
  });

  it.each([
    ['openai', 'gpt-4o-2024-11-20'], // a snapshot the arena does not have is not another snapshot
    ['openai', 'gpt-4o-mini-2024-07-19'],
    ['mistral', 'mistral-medium-2604'], // nor does a new release take an old undated name's rating
    ['openai', 'gpt-3.5-turbo-instruct'], // a different model
    ['openai', 'gpt-4-turbo-preview'], // a preview is not the later dated release
    ['openai', 'gpt-5-mini'],
  ])('%s/%s is not joined', (provider, name) => {
    expect(joined(provider, name)).toBeUndefined();
  });

  it('leaves base models alone', () => {
    const models = [
      { id: 'replicate/meta/llama-3-70b', provider: 'replicate', name: 'meta/llama-3-70b' },
      { id: 'replicate/meta/llama-3-70b-instruct', provider: 'replicate', name: 'meta/llama-3-70b-instruct' },
      { id: 'fireworks_ai/mistral-7b', provider: 'fireworks_ai', name: 'mistral-7b' },
      { id: 'fireworks_ai/mistral-7b-instruct-4k', provider: 'fireworks_ai', name: 'mistral-7b-instruct-4k' },
      { id: 'cerebras/llama-3.3-70b', provider: 'cerebras', name: 'llama-3.3-70b' },
    ];
    expect([...findBaseModels(models)].sort()).toEqual(['fireworks_ai/mistral-7b', 'replicate/meta/llama-3-70b']);
    expect(joined('replicate', 'meta/llama-3-70b', true)).toBeUndefined();
    expect(joined('replicate', 'meta/llama-3-70b-instruct', true)).toBe('llama-3-70b-instruct');
  });

  it('computes the join rate over the present top models, counting modes of joined models', () => {
    const chosen = new Set(['claude-sonnet-4-5-20250929', 'gpt-4o-2024-08-06']);
    const litellm = [
      { provider: 'anthropic', name: 'claude-sonnet-4-5' },
      { provider: 'openai', name: 'gpt-4o' },
      { provider: 'openai', name: 'gpt-5' },
    ];
    const rate = computeJoinRate(arena, chosen, index, litellm, 6);
    // Top 6: gpt-4o-2024-05-13, gpt-4o-2024-08-06, gpt-4o-mini-…, claude-sonnet-4-5-…, its thinking mode, gpt-5-high.
    expect(rate.absent).toEqual(['gpt-4o-mini-2024-07-18']);
    expect(rate.missing).toEqual(['gpt-4o-2024-05-13', 'gpt-5-high']);
    expect(rate).toMatchObject({ considered: 6, present: 5, joined: 3, rate: 0.6 });
  });

  it('reads both leaderboards into rounded ratings per category', () => {
    const skips = new SkipCounter();
    const entries = parseArena(
      { full: { m: { rating: 1300.04 } }, coding: { m: { rating: 1310.06 } }, if: { m: { rating: 'x' } } },
      { full: { m: { rating: 1200.55 } } },
      skips,
    );
    expect(entries).toEqual([{ name: 'm', quality: { overall: 1300, coding: 1310.1, vision: 1200.6 } }]);
    expect(skips.toRecord()).toMatchObject({ 'badField:lmarena.text.if': 1, 'badField:lmarena.text.math': 1 });
  });
});

describe('aliases', () => {
  it('spells versions with dots and dashes, not dates or sizes', () => {
    expect(spellings('claude-3-5-sonnet')).toEqual(['claude-3-5-sonnet', 'claude-3.5-sonnet']);
    expect(spellings('gpt-4.1')).toEqual(['gpt-4.1', 'gpt-4-1']);
    expect(spellings('gpt-4o-2024-08-06')).toEqual(['gpt-4o-2024-08-06']);
    expect(spellings('gemma-2-9b-it')).toEqual(['gemma-2-9b-it']);
    expect(undated('claude-sonnet-4-5-20250929')).toEqual({ base: 'claude-sonnet-4-5', date: 20250929 });
    expect(undated('claude-opus-4-5@20251101')).toEqual({ base: 'claude-opus-4-5', date: 20251101 });
    expect(undated('gpt-4-0613')).toBeUndefined();
  });

  it('gives each alias to one model: ids first, first-party providers, own names before undated forms', () => {
    const models = [
      { id: 'vertex_ai/gemini-2.0-flash', provider: 'vertex_ai', name: 'gemini-2.0-flash' },
      { id: 'gemini/gemini-2.0-flash', provider: 'gemini', name: 'gemini-2.0-flash' },
      { id: 'anthropic/claude-sonnet-4-5', provider: 'anthropic', name: 'claude-sonnet-4-5' },
      { id: 'anthropic/claude-sonnet-4-5-20250929', provider: 'anthropic', name: 'claude-sonnet-4-5-20250929' },
      { id: 'anthropic/claude-3-haiku-20240307', provider: 'anthropic', name: 'claude-3-haiku-20240307' },
      { id: 'azure/gpt-4o', provider: 'azure', name: 'gpt-4o' },
      { id: 'openai/gpt-4o', provider: 'openai', name: 'gpt-4o' },
    ];
    const keys = new Map([['vertex_ai/gemini-2.0-flash', ['gemini-2.0-flash']]]);
    const aliases = buildAliases(models, keys);
    const owner = (alias: string) => [...aliases].find(([, list]) => list.includes(alias))?.[0];
    expect(owner('gemini-2.0-flash')).toBe('gemini/gemini-2.0-flash');
    expect(owner('claude-sonnet-4-5')).toBe('anthropic/claude-sonnet-4-5');
    expect(owner('claude-sonnet-4.5')).toBe('anthropic/claude-sonnet-4-5');
    expect(owner('anthropic/claude-sonnet-4.5-20250929')).toBe('anthropic/claude-sonnet-4-5-20250929');
    expect(owner('anthropic/claude-3-haiku')).toBe('anthropic/claude-3-haiku-20240307');
    expect(owner('gpt-4o')).toBe('openai/gpt-4o');
    expect(owner('anthropic/claude-sonnet-4-5')).toBeUndefined(); // an id, never an alias
    const all = [...aliases.values()].flat();
    expect(all.length).toBe(new Set(all.map((a) => a.toLowerCase())).size);
  });
});

describe('sources', () => {
  it('reads the revision and converts the commit time to UTC', () => {
    expect(parseSourceFile('c9558b60647217fafa878cb7ee14f8f43c355594 2025-12-17 08:51:29 -0800', 'x')).toEqual({
      revision: 'c9558b60647217fafa878cb7ee14f8f43c355594',
      date: '2025-12-17T16:51:29Z',
    });
    expect(() => parseSourceFile('no provenance here', 'data/x/SOURCE.txt')).toThrow(/data\/x\/SOURCE.txt/);
  });
});

describe('zero prices', () => {
  it('keeps $0 for local providers and models named free, and skips it for cloud APIs', () => {
    expect(isPlaceholderZeroPrice('ollama', 'llama3:8b', { inputPerMTok: 0, outputPerMTok: 0 })).toBe(false);
    expect(isPlaceholderZeroPrice('openrouter', 'meta-llama/llama-3.3-70b-instruct:free', { inputPerMTok: 0, outputPerMTok: 0 })).toBe(false);
    expect(isPlaceholderZeroPrice('bedrock', 'anthropic.claude-mythos-preview', { inputPerMTok: 0, outputPerMTok: 0 })).toBe(true);
    expect(isPlaceholderZeroPrice('gemini', 'gemma-3-27b-it', { inputPerMTok: 0, outputPerMTok: 0 })).toBe(true);
    expect(isPlaceholderZeroPrice('openai', 'gpt-4o', { inputPerMTok: 2.5, outputPerMTok: 10 })).toBe(false);
  });
});

describe('classification', () => {
  it('finds non-chat models by name: OCR, embeddings, speech, image generation, moderation', () => {
    for (const name of ['paddlepaddle/paddleocr-vl', 'accounts/fireworks/models/flux-1-dev-controlnet-union', 'gemini-2.5-pro-preview-tts', 'meta-llama/Llama-Guard-3-8B', 'gemini-2.5-flash-native-audio-latest']) {
      expect(classifyEntry('x', name)?.reason, name).toBe('notChat');
    }
    for (const name of ['gpt-4o', 'accounts/fireworks/models/deepseek-v3', 'qwen2.5-vl-72b-instruct', 'deepseek-chat', 'gemini-3.1-pro-preview-customtools', 'sonar-pro']) expect(classifyEntry('x', name), name).toBeUndefined();
  });

  it('speculative-decoding drafts and special-purpose variants are not routed as chat models', () => {
    for (const name of ['accounts/fireworks/models/qwen3-1p7b-fp8-draft', 'accounts/fireworks/models/qwen3-1p7b-fp8-draft-131072', 'accounts/fireworks/models/qwen3-1p7b-fp8-draft-40960']) {
      expect(classifyEntry('fireworks_ai', name), name).toEqual({ reason: 'notChat', detail: 'a speculative-decoding draft model, not a chat model' });
    }
    const special: [string, string][] = [
      ['gpt-5-search-api', 'web search'],
      ['gpt-4o-mini-search-preview', 'web search'],
      ['gpt-4o-mini-audio-preview', 'audio'],
      ['gpt-audio-mini', 'audio'],
      ['gpt-4o-realtime-preview', 'realtime'],
      ['gpt-4o-mini-transcribe', 'transcription'],
      ['computer-use-preview', 'computer use'],
      ['gemini-2.5-computer-use-preview-10-2025', 'computer use'],
    ];
    for (const [name, what] of special) {
      const c = classifyEntry('openai', name);
      expect(c?.reason, name).toBe('notChat');
      expect(c?.detail, name).toMatch(new RegExp(`^a special-purpose variant: .*${what}`));
    }
  });

  it('finds routers and hosted variants of local providers', () => {
    expect(classifyEntry('openrouter', 'openrouter/auto')?.reason).toBe('router');
    expect(classifyEntry('openrouter', 'switchpoint/router')?.reason).toBe('router');
    expect(classifyEntry('ollama', 'qwen3-coder:480b-cloud')?.reason).toBe('hostedLocal');
    expect(classifyEntry('ollama', 'llama3.1:8b')).toBeUndefined();
  });

  it('finds implausible prices: a $0 side of a paid price, unit errors; keeps the dearest real models and free local ones', () => {
    expect(classifyEntry('databricks', 'mpt-7b', { inputPerMTok: 0.5, outputPerMTok: 0 })?.reason).toBe('implausibleData');
    expect(classifyEntry('wandb', 'deepseek-r1', { inputPerMTok: 135_000, outputPerMTok: 540_000 })?.reason).toBe('implausibleData');
    expect(classifyEntry('openai', 'o1-pro', { inputPerMTok: 150, outputPerMTok: 600 })).toBeUndefined();
    expect(classifyEntry('ollama', 'llama3', { inputPerMTok: 0, outputPerMTok: 0 })).toBeUndefined();
  });
});

describe('families, versions, tiers', () => {
  it.each([
    ['claude-opus-4-5', 'claude-opus', [4, 5], 'flagship'],
    ['claude-3-5-sonnet', 'claude-sonnet', [3, 5], 'mid'],
    ['claude-3-haiku', 'claude-haiku', [3], 'small'],
    ['gpt-5.5', 'gpt-5', [5, 5], 'flagship'],
    ['gpt-5-nano', 'gpt-5-nano', [5], 'small'],
    ['gpt-4o-mini', 'gpt-4o-mini', [4], 'small'],
    ['o3-mini', 'o-series-mini', [3], 'small'],
    ['gemini-3.1-pro-preview', 'gemini-pro', [3, 1], 'flagship'],
    ['gemini-2.5-flash', 'gemini-flash', [2, 5], 'small'],
    ['llama-3.1-8b-instruct', 'llama-3.1', [3, 1], 'small'],
    ['llama-3.1-405b-instruct', 'llama-3.1', [3, 1], 'flagship'],
    ['qwen3-235b-a22b', 'qwen', [3], 'flagship'],
    ['qwen3-coder-30b-a3b', 'qwen-coder', [3], 'mid'],
  ])('%s → %s %j %s', (name, family, version, tier) => {
    expect(lineOf(name)).toEqual({ family, version });
    expect(tierOf(name, 10)).toBe(tier);
  });

  it('orders versions numerically, missing parts as 0', () => {
    expect(compareVersions([5], [5, 1])).toBeLessThan(0);
    expect(compareVersions([4, 5], [5])).toBeLessThan(0);
    expect(compareVersions([3, 1], [3, 1])).toBe(0);
  });

  it('uses price only when the name says nothing', () => {
    expect(tierOf('gpt-5', 10)).toBe('flagship');
    expect(tierOf('mystery-model', 0.4)).toBe('small');
    expect(tierOf('mystery-model-mini', 60)).toBe('small');
  });
});

describe('grouping endpoints into models', () => {
  const ep = (provider: string, name: string, input = 1, output = 2, extra: Partial<SourceEndpoint> = {}): SourceEndpoint => ({
    id: `${provider}/${name}`,
    provider,
    name,
    contextWindow: 1000,
    maxOutputTokens: 100,
    pricing: { inputPerMTok: input, outputPerMTok: output },
    capabilities: [],
    modalities: ['text'],
    ...extra,
  });

  it('reduces provider spellings to one key', () => {
    expect(keyOf('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(keyOf('vertex_ai', 'claude-sonnet-4-5@20250929'));
    expect(keyOf('openrouter', 'meta-llama/llama-3.1-8b-instruct:free').core).toBe(keyOf('deepinfra', 'meta-llama/Meta-Llama-3.1-8B-Instruct').core);
    expect(keyOf('azure', 'gpt-35-turbo-0125')).toMatchObject({ core: keyOf('openai', 'gpt-3.5-turbo-0125').core, renamedFrom: 'gpt-35-turbo' });
  });

  it('folds a dated snapshot priced like its alias, keeps a differing one apart, and names models by the maker', () => {
    const { models } = groupModels([
      ep('openai', 'gpt-x', 2.5, 10),
      ep('openai', 'gpt-x-2024-08-06', 2.5, 10),
      ep('openai', 'gpt-x-2024-05-13', 5, 15),
      ep('openrouter', 'openai/gpt-x', 2.5, 10),
      ep('openrouter', 'openai/gpt-x-2024-05-13', 5, 15),
      ep('bedrock', 'meta.llama3-1-8b-instruct-v1:0'),
      ep('novita', 'meta-llama/llama-3.1-8b-instruct'),
    ]);
    const byId = Object.fromEntries(models.map((m) => [m.id, m.endpoints.map((e) => [e.src.id, ...e.folded])]));
    expect(byId).toEqual({
      'meta-llama/llama-3.1-8b-instruct': [['bedrock/meta.llama3-1-8b-instruct-v1:0'], ['novita/meta-llama/llama-3.1-8b-instruct']],
      'openai/gpt-x': [['openai/gpt-x', 'openai/gpt-x-2024-08-06'], ['openrouter/openai/gpt-x']],
      'openai/gpt-x-2024-05-13': [['openai/gpt-x-2024-05-13'], ['openrouter/openai/gpt-x-2024-05-13']],
    });
  });

  it('two snapshots one provider serves differently are two models; the undated name is the newer', () => {
    const { models } = groupModels([
      ep('bedrock', 'anthropic.claude-x-20240620-v1:0', 3, 15, { maxOutputTokens: 4096 }),
      ep('bedrock', 'anthropic.claude-x-20241022-v2:0', 3, 15),
      ep('openrouter', 'anthropic/claude-x', 3, 15),
      ep('vertex_ai', 'claude-x', 3, 15),
      ep('vertex_ai', 'claude-x@20240620', 3, 15),
      ep('vertex_ai', 'claude-x@20241022', 3, 15),
    ]);
    const byId = Object.fromEntries(models.map((m) => [m.id, m.endpoints.map((e) => e.src.id)]));
    expect(byId['anthropic/claude-x']).toContain('bedrock/anthropic.claude-x-20241022-v2:0');
    expect(Object.values(byId).filter((ids) => ids.includes('bedrock/anthropic.claude-x-20240620-v1:0'))).toHaveLength(1);
    expect(byId['anthropic/claude-x']).not.toContain('bedrock/anthropic.claude-x-20240620-v1:0');
  });

  it('serving names, context-length and tool-calling variants fold into the model; a dearer variant is excluded', () => {
    const { models, excluded } = groupModels([
      ep('novita', 'meta-llama/llama-3.1-8b-instruct', 0.02, 0.05),
      ep('groq', 'llama-3.1-8b-instant', 0.05, 0.08),
      ep('cerebras', 'llama3.1-8b', 0.1, 0.1),
      ep('gemini', 'gemini-y-pro-preview', 2, 12),
      ep('gemini', 'gemini-y-pro-preview-customtools', 2, 12),
      ep('fireworks_ai', 'accounts/fireworks/models/qwen9-32b-instruct', 0.9, 0.9),
      ep('fireworks_ai', 'accounts/fireworks/models/qwen9-32b-instruct-128k', 0.9, 0.9),
      ep('fireworks_ai', 'accounts/fireworks/models/qwen9-32b-instruct-131072', 1.2, 1.2),
    ]);
    const byId = Object.fromEntries(models.map((m) => [m.id, m.endpoints.map((e) => e.src.id)]));
    expect(byId['meta-llama/llama-3.1-8b-instruct']).toEqual(['cerebras/llama3.1-8b', 'groq/llama-3.1-8b-instant', 'novita/meta-llama/llama-3.1-8b-instruct']);
    expect(byId['google/gemini-y-pro-preview']).toEqual(['gemini/gemini-y-pro-preview', 'gemini/gemini-y-pro-preview-customtools']);
    expect(models.find((m) => m.id === 'google/gemini-y-pro-preview')?.variantIds).toEqual(['google/gemini-y-pro-preview-customtools']);
    expect(Object.keys(byId).filter((id) => id.includes('qwen9'))).toHaveLength(1);
    expect(Object.values(byId).flat()).toContain('fireworks_ai/accounts/fireworks/models/qwen9-32b-instruct-128k');
    expect(excluded.map((e) => [e.id, e.reason])).toEqual([['fireworks_ai/accounts/fireworks/models/qwen9-32b-instruct-131072', 'servingVariant']]);
  });
});
