/**
 * Routing behaviour pinned on a small synthetic catalog whose right answers a reader can see. A fixed predictor is
 * handed in (difficulty from a marker in the prompt, ability from the rating), so these tests pin the router's
 * rules — filters, endpoint choice, trade-off, fallbacks, budgets — independently of the trained weights.
 */
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../shared/catalog/catalog.js';
import type { Capability, Endpoint, Model, QualityEvidence } from '../../../shared/catalog/model.js';
import { SwitchyardError } from '../../../shared/errors.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import type { WorkspacePolicyFile } from '../../../shared/policy/schema.js';
import { TASK_QUALITY } from '../../../shared/routing/task-quality.js';
import type { SuccessPredictor } from '../../../shared/routing/predict/types.js';
import { route } from '../../../shared/routing/route.js';
import type { ProviderStatus, RouteContext } from '../../../shared/routing/types.js';

function endpoint(model: string, provider: string, name: string, input: number, output: number, extra: Partial<Endpoint> = {}): Endpoint {
  return { id: `${provider}/${name}`, model, provider, name, contextWindow: 128_000, maxOutputTokens: 16_000, pricing: { inputPerMTok: input, outputPerMTok: output }, capabilities: ['tools'], ...extra };
}

function model(id: string, rating: number, endpoints: Endpoint[], extra: Partial<Model> & { source?: QualityEvidence['source'] } = {}): Model {
  const { source = 'arena', ...rest } = extra;
  const caps = [...new Set(endpoints.flatMap((e) => e.capabilities))] as Capability[];
  return {
    id,
    maker: id.split('/')[0]!,
    name: id.split('/')[1]!,
    family: id.split('/')[1]!.replace(/-[\d.]+$/, ''),
    tier: 'mid',
    capabilities: caps,
    inputModalities: caps.includes('vision') ? ['text', 'image'] : ['text'],
    reasoning: false,
    contextWindow: Math.max(...endpoints.map((e) => e.contextWindow)),
    maxOutputTokens: Math.max(...endpoints.map((e) => e.maxOutputTokens)),
    quality: { ratings: { overall: rating, coding: rating, math: rating, creative: rating, instructions: rating }, source, basis: source === 'arena' ? `LMArena "${id}"` : 'estimated from acme/opus-4 (predecessor, same family and tier)' },
    aliases: [],
    endpoints,
    ...rest,
  };
}

// Ratings: opus-5 (new flagship, estimated from its predecessor) > opus-4 > sonnet > mini > old.
const OPUS5 = model('acme/opus-5', 1460, [endpoint('acme/opus-5', 'acme', 'opus-5', 5, 25), endpoint('acme/opus-5', 'cloudhost', 'acme.opus-5-v1:0', 5, 25), endpoint('acme/opus-5', 'resell', 'acme/opus-5', 5.5, 27)], { source: 'estimated', tier: 'flagship', releaseDate: '2026-05' });
const OPUS4 = model('acme/opus-4', 1420, [endpoint('acme/opus-4', 'acme', 'opus-4', 15, 75)], { tier: 'flagship', releaseDate: '2025-05' });
const SONNET = model('acme/sonnet-4', 1380, [endpoint('acme/sonnet-4', 'acme', 'sonnet-4', 3, 15), endpoint('acme/sonnet-4', 'resell', 'acme/sonnet-4', 3, 15)]);
const MINI = model('acme/mini-2', 1300, [endpoint('acme/mini-2', 'acme', 'mini-2', 0.15, 0.6, { capabilities: ['tools', 'vision'] })], { tier: 'small' });
const OLD = model('acme/old-1', 1150, [endpoint('acme/old-1', 'acme', 'old-1', 0.5, 1.5)], { releaseDate: '2023-03' });
// Served by resellers only: no first-party endpoint.
const LLAMA = model('meta/llama-9b', 1250, [endpoint('meta/llama-9b', 'resell', 'meta/llama-9b', 0.05, 0.08), endpoint('meta/llama-9b', 'fasthost', 'llama-9b', 0.06, 0.06)], { tier: 'small' });
// Runs on this machine.
const LOCAL = model('meta/llama-local', 1200, [endpoint('meta/llama-local', 'ollama', 'llama3.1:8b', 0, 0)], { tier: 'small' });
const RETIRED = model('acme/retired-1', 1440, [endpoint('acme/retired-1', 'acme', 'retired-1', 0.1, 0.2), endpoint('acme/retired-1', 'resell', 'acme/retired-1', 0.1, 0.2)], { deprecationDate: '2026-01-01' });

const catalog = new Catalog([OPUS5, OPUS4, SONNET, MINI, OLD, LLAMA, LOCAL, RETIRED], [{ id: 'resell/free-router', reason: 'router', detail: 'a router, not a model' }]);

/** Difficulty 0.9 when the prompt says HARD, else 0.1; success from the rating against it. */
const predictor: SuccessPredictor = {
  profile: (text, task) => ({ task, category: TASK_QUALITY[task], difficulty: text.includes('HARD') ? 0.9 : 0.1 }),
  success: (profile, m) => 1 / (1 + Math.exp(-(((m.quality.ratings[profile.category] ?? 1200) - 1200) / 40 + 4 - 10 * profile.difficulty))),
};

function providers(keys: string[], local: string[] = ['ollama']): ProviderStatus {
  return {
    anyConfigured: keys.length > 0,
    isAvailable: (p) => keys.includes(p),
    isLocal: (p) => local.includes(p),
    isSupported: (p) => p !== 'nohost',
    keyHint: (p) => `set ${p.toUpperCase()}_API_KEY`,
  };
}

const ALL_KEYS = ['acme', 'cloudhost', 'resell', 'fasthost'];
const policies = (file: WorkspacePolicyFile = {}) => resolvePolicies([{ source: 'workspace', content: file }]);
const ctx = (extra: RouteContext = {}): RouteContext => ({ predictor, today: '2026-12-01', providers: providers(ALL_KEYS), ...extra });
const EASY = 'What is the capital of France?';
const HARD = 'HARD: prove that there are infinitely many primes of the form 4k+3, with every step justified.';

describe('the trade-off between predicted success and cost', () => {
  it('balanced sends an easy prompt to a cheap model and a hard one to a strong model', () => {
    const easy = route({ input: { prompt: EASY } }, catalog, policies(), ctx());
    const hard = route({ input: { prompt: HARD } }, catalog, policies(), ctx());
    expect(easy.model).toBe('meta/llama-9b');
    expect(hard.model).toBe('acme/opus-5');
    expect(hard.success).toBeGreaterThan(easy.success - 1);
    expect(hard.explanation.join('\n')).toMatch(/predicted hard \(difficulty 0\.90\): success [\d.]+ on \S+, [\d.]+ on acme\/opus-5 — worth \$[\d.]+ more under balanced/);
  });

  it('best picks the new flagship, estimated from its predecessor, over the older rated one', () => {
    const d = route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx());
    expect(d.model).toBe('acme/opus-5');
    expect(d.quality).toMatchObject({ source: 'estimated', category: 'math' });
    expect(d.quality.basis).toContain('predecessor');
  });

  it('cheapest picks the cheapest model that can serve the request', () => {
    const d = route({ input: { prompt: HARD }, policy: 'cheapest' }, catalog, policies(), ctx());
    expect(d.model).toBe('meta/llama-9b');
    expect(d.provider).toBe('fasthost');
  });

  it('a quality target picks the cheapest model predicted to meet it', () => {
    const file = { policies: { target: { extends: 'balanced', minSuccess: 0.6 } } };
    const easy = route({ input: { prompt: EASY }, policy: 'target' }, catalog, policies(file), ctx());
    const hard = route({ input: { prompt: HARD }, policy: 'target' }, catalog, policies(file), ctx());
    expect(easy.model).toBe('meta/llama-9b');
    expect(hard.success).toBeGreaterThanOrEqual(0.6);
    expect(hard.model).toBe('acme/opus-5');
  });

  it('MCP intelligencePriority 1 with cost 0 picks the strongest model, cost 1 with intelligence 0 the cheapest', () => {
    const smart = route({ input: { prompt: EASY }, preferences: { costPriority: 0, speedPriority: 0, intelligencePriority: 1 } }, catalog, policies(), ctx());
    const cheap = route({ input: { prompt: EASY }, preferences: { costPriority: 1, speedPriority: 0, intelligencePriority: 0 } }, catalog, policies(), ctx());
    expect(smart.model).toBe('acme/opus-5');
    expect(cheap.model).toBe('meta/llama-9b');
  });
});

describe('models and endpoints', () => {
  it('prices a model at its cheapest callable endpoint and names it', () => {
    const d = route({ input: { prompt: EASY }, models: ['meta/llama-9b'] }, catalog, policies(), ctx());
    expect(d).toMatchObject({ model: 'meta/llama-9b', provider: 'fasthost', endpoint: 'fasthost/llama-9b', callable: true });
  });

  it('a reseller-only model is routable through the reseller that has a key', () => {
    const d = route({ input: { prompt: EASY }, models: ['meta/llama-9b'] }, catalog, policies(), ctx({ providers: providers(['resell']) }));
    expect(d.endpoint).toBe('resell/meta/llama-9b');
  });

  it('provider order, only and ignore choose the endpoint', () => {
    const order = policies({ policies: { p: { extends: 'best', providers: { order: ['cloudhost'] } } } });
    expect(route({ input: { prompt: HARD }, policy: 'p' }, catalog, order, ctx()).endpoint).toBe('cloudhost/acme.opus-5-v1:0');
    const ignore = policies({ policies: { p: { extends: 'best', providers: { ignore: ['acme', 'cloudhost'] } } } });
    expect(route({ input: { prompt: HARD }, policy: 'p' }, catalog, ignore, ctx()).endpoint).toBe('resell/acme/opus-5');
    const only = policies({ policies: { p: { extends: 'best', providers: { only: ['acme'] } } } });
    const d = route({ input: { prompt: HARD }, policy: 'p' }, catalog, only, ctx());
    expect(d.endpoint).toBe('acme/opus-5');
    expect([...d.fallbacks, ...d.alternatives].every((c) => c.provider === 'acme')).toBe(true);
  });

  it('an endpoint id in models restricts to that endpoint', () => {
    const d = route({ input: { prompt: HARD }, models: ['resell/acme/opus-5'] }, catalog, policies(), ctx());
    expect(d.endpoint).toBe('resell/acme/opus-5');
    expect(d.fallbacks).toEqual([]);
  });

  it('fallbacks: the same model on its next endpoint first, then distinct models; never one endpoint or model twice', () => {
    const d = route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx());
    expect(d.fallbacks[0]).toMatchObject({ model: 'acme/opus-5' });
    expect(d.fallbacks[0]!.endpoint).not.toBe(d.endpoint);
    const endpoints = [d.endpoint, ...d.fallbacks.map((f) => f.endpoint)];
    expect(new Set(endpoints).size).toBe(endpoints.length);
    const later = d.fallbacks.slice(1).map((f) => f.model);
    expect(later).not.toContain('acme/opus-5');
    expect(new Set(later).size).toBe(later.length);
    expect(later.length).toBe(3);
    const alternatives = d.alternatives.map((a) => a.model);
    expect(new Set(alternatives).size).toBe(alternatives.length);
    expect(alternatives).not.toContain(d.model);
  });

  it('a deprecated model is dropped on every endpoint, resellers included', () => {
    const d = route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx());
    const all = [d.model, ...d.alternatives.map((a) => a.model), ...d.fallbacks.map((f) => f.model)];
    expect(all).not.toContain('acme/retired-1');
    expect(d.explanation.join('\n')).toContain('deprecated −1');
  });

  it('with no keys at all, previews the pick at its maker’s endpoint and says which key makes it callable', () => {
    const d = route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx({ providers: providers([]) }));
    expect(d).toMatchObject({ model: 'acme/opus-5', endpoint: 'acme/opus-5', callable: false, needs: 'set ACME_API_KEY' });
    expect([d.model, ...d.alternatives.map((a) => a.model)]).not.toContain('meta/llama-local');
  });

  it('with no keys, never previews an endpoint on a provider Switchyard cannot call', () => {
    const unreachable = model('acme/cheap-9', 1500, [endpoint('acme/cheap-9', 'nohost', 'cheap-9', 0.01, 0.01)]);
    const c = new Catalog([unreachable, SONNET]);
    expect(route({ input: { prompt: HARD } }, c, policies(), ctx({ providers: providers([]) })).model).toBe('acme/sonnet-4');
  });

  it('an excluded router is not a model: asking for it says so', () => {
    expect(() => route({ input: { prompt: EASY }, models: ['resell/free-router'] }, catalog, policies(), ctx())).toThrow(/router/);
  });
});

describe('local-only', () => {
  it('picks only endpoints on this machine', () => {
    const d = route({ input: { prompt: HARD }, policy: 'local-only' }, catalog, policies(), ctx({ providers: providers([...ALL_KEYS, 'ollama']) }));
    expect(d.endpoint).toBe('ollama/llama3.1:8b');
    expect([...d.alternatives, ...d.fallbacks]).toEqual([]);
  });

  it('refuses rather than sends data away when nothing local is set up', () => {
    expect(() => route({ input: { prompt: EASY }, policy: 'local-only' }, catalog, policies(), ctx({ providers: providers(ALL_KEYS, []) }))).toThrow(SwitchyardError);
  });
});

describe('request size', () => {
  it('skips endpoints whose context cannot hold the input and the forecast answer', () => {
    const small = model('acme/tiny-1', 1300, [endpoint('acme/tiny-1', 'acme', 'tiny-1', 0.01, 0.01, { contextWindow: 4_000 })]);
    const c = new Catalog([small, SONNET]);
    const long = `Summarize this:\n${'The quick brown fox jumps over the lazy dog. '.repeat(600)}`;
    expect(route({ input: { prompt: EASY } }, c, policies(), ctx()).model).toBe('acme/tiny-1');
    const d = route({ input: { prompt: long } }, c, policies(), ctx());
    expect(d.model).toBe('acme/sonnet-4');
    expect(d.explanation.join('\n')).toContain('context window too small for the input and the answer −1');
  });

  it('skips endpoints whose output limit is below the client’s max_tokens', () => {
    const d = route({ input: { prompt: EASY }, maxTokens: 20_000, policy: 'cheapest' }, new Catalog([LLAMA, model('acme/long-1', 1200, [endpoint('acme/long-1', 'acme', 'long-1', 1, 1, { maxOutputTokens: 64_000 })])]), policies(), ctx());
    expect(d.model).toBe('acme/long-1');
  });

  it('forecasts more output for a longer answer asked for, and prices it', () => {
    const short = route({ input: { prompt: 'Write a short story about a lighthouse keeper in 200 words.' }, models: ['acme/sonnet-4'] }, catalog, policies(), ctx());
    const long = route({ input: { prompt: 'Write a short story about a lighthouse keeper in 2,000 words.' }, models: ['acme/sonnet-4'] }, catalog, policies(), ctx());
    expect(long.outputTokens).toBeGreaterThan(short.outputTokens * 5);
    expect(long.estimatedCost).toBeGreaterThan(short.estimatedCost * 5);
    expect(long.outputForecast.basis).toContain('2,000 words');
    expect(long.costRange[0]).toBeLessThan(long.estimatedCost);
    expect(long.costRange[1]).toBeGreaterThan(long.estimatedCost);
  });

  it('adds hidden reasoning tokens for a reasoning model, priced as output', () => {
    const thinker = model('acme/think-1', 1380, [endpoint('acme/think-1', 'acme', 'think-1', 3, 15)], { reasoning: true });
    const c = new Catalog([thinker, SONNET]);
    const t = route({ input: { prompt: HARD }, models: ['acme/think-1'] }, c, policies(), ctx());
    const s = route({ input: { prompt: HARD }, models: ['acme/sonnet-4'] }, c, policies(), ctx());
    expect(t.outputForecast.reasoningTokens).toBeGreaterThan(1000);
    expect(t.outputTokens).toBe(s.outputTokens + t.outputForecast.reasoningTokens);
    expect(t.estimatedCost).toBeGreaterThan(s.estimatedCost * 2);
  });
});

describe('budgets', () => {
  it('over budget: refuses, naming the budget, the spent and the needed amounts — never a silent switch', () => {
    const run = () => route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx({ budget: { period: 'daily', limit: 1, spent: 1 } }));
    expect(run).toThrow(SwitchyardError);
    expect(run).toThrow(/daily budget \$1\.00 reached: \$1\.00 spent or reserved, \$0 left, and this request needs at least \$0\.0/);
  });

  it('with budget left, drops only what does not fit and says so', () => {
    const d = route({ input: { prompt: HARD }, policy: 'best' }, catalog, policies(), ctx({ budget: { period: 'daily', limit: 1, spent: 0.99995 } }));
    expect(d.estimatedCost).toBeLessThanOrEqual(0.00005);
    expect(d.explanation.join('\n')).toContain('over the daily budget left');
  });
});

describe('rules and hints', () => {
  it('a rule pins a model when it passes the filters', () => {
    const file = { policies: { team: { extends: 'balanced', rules: [{ when: { task: 'math' as const }, use: 'acme/old-1' }] } } };
    const d = route({ input: { prompt: HARD }, policy: 'team' }, catalog, policies(file), ctx());
    expect(d.model).toBe('acme/old-1');
  });

  it('hints narrow to matching models, first matching hint wins', () => {
    const d = route({ input: { prompt: EASY }, preferences: { hints: [{ name: 'nomatch' }, { name: 'sonnet' }] } }, catalog, policies(), ctx());
    expect(d.model).toBe('acme/sonnet-4');
  });
});
