/**
 * The router over the real bundled catalog, as a user would see it: a suite of prompts under every built-in policy,
 * with no keys and with OpenAI, Anthropic and Gemini keys. What must hold for every decision, whatever the weights.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';
import { route } from '../../../shared/routing/route.js';
import type { ProviderStatus, RouteDecision } from '../../../shared/routing/types.js';

beforeAll(() => loadTokenizers());

const catalog = loadBundledCatalog();
const policies = resolvePolicies([]);
const TODAY = '2026-12-01';
const LOCAL = new Set(['ollama', 'lm_studio', 'vllm', 'lemonade']);
const SUPPORTED = new Set(['openai', 'anthropic', 'gemini', 'openrouter', 'groq', 'deepseek', 'mistral', 'xai', 'together_ai', 'fireworks_ai', 'perplexity', 'cerebras', 'deepinfra', 'novita', 'moonshot', ...LOCAL]);

function providers(keys: string[]): ProviderStatus {
  return { anyConfigured: keys.length > 0, isAvailable: (p) => keys.includes(p), isLocal: (p) => LOCAL.has(p), isSupported: (p) => SUPPORTED.has(p), keyHint: (p) => `set the key for ${p}` };
}

const PROMPTS = {
  greeting: 'hi!',
  question: 'What is the capital of Australia?',
  code: 'Write a TypeScript function that merges two sorted arrays in O(n).',
  design: 'Design the architecture and database schema for a multi-tenant SaaS billing system with usage-based pricing.',
  proof: 'Prove that there are infinitely many primes p such that p ≡ 3 (mod 4). Give a complete, rigorous proof.',
  olympiad: 'Find all functions f: R → R such that f(x + f(y)) = f(x) + y for all real x, y. Prove your answer is complete.',
  story: 'Write a 1,500-word short story about a lighthouse keeper who finds a message in a bottle.',
  refactor: `Refactor this file to use async/await and return the whole file.\n\`\`\`js\n${'function load(id, cb) {\n  db.get(id, function (err, row) {\n    if (err) return cb(err);\n    cb(null, row);\n  });\n}\n'.repeat(60)}\`\`\``,
  long: `Summarize the key decisions in this log.\n${'2026-11-30 12:00:01 INFO service started, config loaded from /etc/app.yaml, 12 workers\n'.repeat(4000)}`,
};
const POLICIES = ['cheapest', 'balanced', 'best', 'fastest'];
const KEYSETS = { 'no keys': [] as string[], 'OpenAI, Anthropic and Gemini keys': ['openai', 'anthropic', 'gemini'] };

const decisions: { keys: string; policy: string; prompt: string; d: RouteDecision }[] = [];
for (const [keys, set] of Object.entries(KEYSETS)) {
  for (const policy of POLICIES) {
    for (const [prompt, text] of Object.entries(PROMPTS)) {
      decisions.push({ keys, policy, prompt, d: route({ input: { prompt: text }, policy }, catalog, policies, { providers: providers(set), today: TODAY }) });
    }
  }
}

describe('every decision over the bundled catalog', () => {
  it('names only live, callable-or-previewable endpoints of routable models', () => {
    for (const { keys, d } of decisions) {
      for (const c of [{ model: d.model, endpoint: d.endpoint }, ...d.alternatives, ...d.fallbacks]) {
        const found = catalog.lookup(c.endpoint);
        expect(found?.model.id, `${c.endpoint} is a catalog endpoint of ${c.model}`).toBe(c.model);
        const endpoint = catalog.endpoint(c.endpoint)!;
        const model = found!.model;
        expect(endpoint.deprecationDate === undefined || endpoint.deprecationDate > TODAY, `${c.endpoint} deprecated`).toBe(true);
        expect(model.deprecationDate === undefined || model.deprecationDate > TODAY, `${c.model} deprecated`).toBe(true);
        expect(catalog.excluded(c.endpoint), `${c.endpoint} excluded`).toBeUndefined();
        expect(SUPPORTED.has(endpoint.provider), `${c.endpoint}: Switchyard cannot call ${endpoint.provider}`).toBe(true);
        if (keys !== 'no keys') expect(KEYSETS[keys as keyof typeof KEYSETS]).toContain(endpoint.provider);
      }
    }
  });

  it('lists distinct models as alternatives, and never one endpoint or model twice in the fallbacks', () => {
    for (const { d } of decisions) {
      const alternatives = d.alternatives.map((a) => a.model);
      expect(new Set(alternatives).size).toBe(alternatives.length);
      expect(alternatives).not.toContain(d.model);
      const endpoints = [d.endpoint, ...d.fallbacks.map((f) => f.endpoint)];
      expect(new Set(endpoints).size).toBe(endpoints.length);
      const models = d.fallbacks.map((f) => f.model);
      expect(new Set(models).size).toBe(models.length);
    }
  });

  it('prices a request within its range, and the forecast holds in the chosen context window', () => {
    for (const { d } of decisions) {
      expect(d.costRange[0]).toBeLessThanOrEqual(d.estimatedCost);
      expect(d.costRange[1]).toBeGreaterThanOrEqual(d.estimatedCost);
      expect(d.estimate.inputTokens + d.outputTokens).toBeLessThanOrEqual(catalog.endpoint(d.endpoint)!.contextWindow);
    }
  });

  it('with keys, best sends a hard proof to a current flagship of a keyed provider', () => {
    const d = decisions.find((x) => x.keys !== 'no keys' && x.policy === 'best' && x.prompt === 'olympiad')!.d;
    const model = catalog.get(d.model)!;
    expect(model.tier).toBe('flagship');
    // A model that thinks without being asked (Switchyard does not turn thinking on by itself), among the strongest
    // such keyed models at math, not an older one.
    expect(model.reasoning).toBe(true);
    const keyed = catalog.all().filter((m) => m.reasoning && m.endpoints.some((e) => ['openai', 'anthropic', 'gemini'].includes(e.provider) && !(e.deprecationDate && e.deprecationDate <= TODAY)) && !(m.deprecationDate && m.deprecationDate <= TODAY));
    const strongest = Math.max(...keyed.map((m) => m.quality.ratings.math ?? 0));
    expect(model.quality.ratings.math ?? 0).toBeGreaterThanOrEqual(strongest - 30);
  });

  it('balanced sends a system design with no code to a stronger, dearer model than one short function, and says why', () => {
    for (const keys of Object.keys(KEYSETS)) {
      const pick = (prompt: string) => decisions.find((x) => x.keys === keys && x.policy === 'balanced' && x.prompt === prompt)!.d;
      const design = pick('design');
      const fn = pick('code');
      expect(design.difficulty - fn.difficulty, keys).toBeGreaterThan(0.3);
      expect(design.estimatedCost, keys).toBeGreaterThan(fn.estimatedCost * 3);
      expect(design.model, keys).not.toBe(fn.model);
      // every coding prompt the bundled weights learned from had code: the learned part is not extrapolated to these
      for (const d of [design, fn]) expect(d.explanation.join('\n')).toMatch(/difficulty from the task and the prompt's wording only: it is unlike every coding prompt the predictor was trained on \(\S+ outside their range\)/);
    }
  });

  it('cheapest costs no more than balanced, and balanced no more than best, on the same prompt', () => {
    for (const keys of Object.keys(KEYSETS)) {
      for (const prompt of Object.keys(PROMPTS)) {
        const cost = (policy: string) => decisions.find((x) => x.keys === keys && x.policy === policy && x.prompt === prompt)!.d.estimatedCost;
        expect(cost('cheapest'), `${keys} ${prompt}`).toBeLessThanOrEqual(cost('balanced') + 1e-12);
        expect(cost('balanced'), `${keys} ${prompt}`).toBeLessThanOrEqual(cost('best') + 1e-12);
      }
    }
  });

  it('forecasts a longer answer for the story and the refactor than for the question', () => {
    const out = (prompt: string) => decisions.find((x) => x.keys === 'no keys' && x.policy === 'best' && x.prompt === prompt)!.d.outputForecast;
    expect(out('story').tokens).toBeGreaterThan(out('question').tokens * 3);
    expect(out('story').basis).toContain('1,500-word');
    expect(out('refactor').basis).toContain('returns the code it was given');
  });
});
