/**
 * The optimized router must decide exactly what the reference router (a frozen copy of the original, in
 * `reference/`) decides: same model, alternatives with scores, fallbacks, explanation lines, warnings, estimate —
 * or the same error. Over the real bundled catalog (and the catalog plus user models), a fixed matrix of varied
 * requests, policies and contexts, then fast-check over random combinations.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import type { Model } from '../../../shared/catalog/model.js';
import { resolvePolicies, type PolicySet } from '../../../shared/policy/resolve.js';
import type { RequireCaps, WorkspacePolicyFile } from '../../../shared/policy/schema.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';
import type { RequestInput } from '../../../shared/routing/messages.js';
import { route } from '../../../shared/routing/route.js';
import type { ProviderStatus, RouteContext, RouteRequest } from '../../../shared/routing/types.js';
import taskPrompts from '../../fixtures/task-prompts.json' with { type: 'json' };
import { route as referenceRoute } from './reference/route.js';

type Outcome = { ok: unknown } | { error: { name: string; code: unknown; message: string } };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (e) {
    const err = e as { name: string; code?: unknown; message: string };
    return { error: { name: err.name, code: err.code, message: err.message } };
  }
}

function same(request: RouteRequest, catalog: Catalog, policies: PolicySet, ctx?: RouteContext): Outcome {
  const expected = outcome(() => referenceRoute(request, catalog, policies, ctx));
  const actual = outcome(() => route(request, catalog, policies, ctx));
  expect(actual).toStrictEqual(expected);
  return expected;
}

// ------------------------------------------------------------------------------------------------------------
// Inputs

const CODE_2K = `import { readFile } from 'node:fs/promises';

export interface Row { id: number; name: string; tags: string[] }

/** Parse a CSV file into rows; throws on malformed lines. */
export async function loadRows(path: string): Promise<Row[]> {
  const text = await readFile(path, 'utf8');
  const rows: Row[] = [];
  for (const [i, line] of text.split('\\n').entries()) {
    if (line.trim() === '') continue;
    const [id, name, ...tags] = line.split(',');
    if (id === undefined || name === undefined) throw new Error(\`line \${i + 1}: expected id,name\`);
    rows.push({ id: Number(id), name, tags });
  }
  return rows;
}
`.repeat(3);
const PROSE_10K = 'The committee met on Tuesday to review the quarterly figures, and after a long discussion about regional sales, travel costs and the new office lease, it agreed to postpone the decision until the auditors report in the spring. '.repeat(45);

const FIXTURE = taskPrompts as { prompt?: string; messages?: unknown; task: string }[];
const fixtureInputs: RequestInput[] = FIXTURE.filter((_, i) => i % 9 === 0).map((p) =>
  p.messages !== undefined ? ({ messages: p.messages } as RequestInput) : { prompt: p.prompt ?? '' },
);

const INPUTS: RequestInput[] = [
  { prompt: 'Write a TypeScript function that merges two sorted arrays' },
  { prompt: 'What are some good ways to spend a rainy Sunday afternoon?' },
  { prompt: 'Solve for x: 3x^2 - 12x + 9 = 0, and prove that both roots are real.' },
  { prompt: 'Write a haiku about autumn rain.' },
  { prompt: 'List three fruits. Respond in JSON only, in exactly 3 items, all lowercase, no commas.' },
  { prompt: '' },
  { prompt: 'Übersetze bitte: 東京は日本の首都です。 😀 <|endoftext|>' },
  { prompt: CODE_2K },
  { prompt: PROSE_10K },
  {
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }] },
    ],
  },
  {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'How are you?' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'user', content: 'And the weather?' },
    ],
  },
  ...fixtureInputs,
];

const WORKSPACE: WorkspacePolicyFile = {
  active: 'team',
  policies: {
    team: {
      extends: 'balanced',
      preferences: { costPriority: 0.4, speedPriority: 0.2, intelligencePriority: 0.8, hints: ['claude'] },
      allow: ['anthropic/*', 'openai/gpt-5*', 'openai/gpt-4o*', 'gemini/*'],
      deny: ['*preview*'],
      require: { tools: true },
      maxCostPerRequest: 0.1,
      fallbacks: ['openai/gpt-4o', 'no-such/model', 'openai/gpt-4o', 'gemini/gemini-2.5-pro', 'ollama/llama3.1'],
      rules: [
        { when: { task: 'coding' }, use: 'anthropic/claude-sonnet-4-5' },
        { when: { inputTokensOver: 1000 }, preferences: { costPriority: 1 } },
        { description: 'tagged', when: { tag: 'fast' }, preferences: { speedPriority: 1 }, require: { json: true } },
      ],
    },
    pinner: {
      rules: [
        { when: { task: ['math', 'general'] }, use: 'openai/gpt-4o-mini' },
        { when: { task: 'creative' }, use: 'does-not/exist' },
        { when: { inputTokensUnder: 50 }, use: 'ollama/llama3.1' },
      ],
      fallbacks: ['deepseek/deepseek-chat', 'anthropic/claude-sonnet-4-5'],
    },
    hinted: { extends: 'best', preferences: { hints: ['nothing-matches-this', 'gemini', 'gpt'] }, deny: ['vertex_ai/*', 'openrouter/*'] },
    capped: { extends: 'cheapest', maxCostPerRequest: 0.00001, require: { vision: true } },
    impossible: { allow: ['nobody/*'] },
    zero: { preferences: { costPriority: 0, speedPriority: 0, intelligencePriority: 0 } },
    onlycost: { preferences: { costPriority: 1, speedPriority: 0, intelligencePriority: 0 }, allow: ['ollama/*', 'lemonade/*', 'groq/*'] },
    speedy: { extends: 'fastest', deny: ['groq/*'], fallbacks: ['groq/llama-3.1-8b-instant'] },
    loc: { extends: 'local-only', rules: [{ when: { task: 'coding' }, preferences: { intelligencePriority: 1 }, require: { tools: true } }] },
    broken: { extends: 'no-such-policy', allow: ['openai/*'], require: { reasoning: true, pdf: true } },
  },
};

const USER_MODELS: Model[] = [
  { id: 'local/llama3', provider: 'local', name: 'llama3', contextWindow: 32000, maxOutputTokens: 8192, pricing: { inputPerMTok: 0, outputPerMTok: 0 }, capabilities: ['tools'] },
  { id: 'local/coder-7b', provider: 'local', name: 'coder-7b', contextWindow: 16000, maxOutputTokens: 4096, pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 }, capabilities: ['tools', 'json'], quality: { coding: 1290, overall: 1200 } },
  {
    id: 'acme/tiered-pro',
    provider: 'acme',
    name: 'tiered-pro',
    contextWindow: 2_000_000,
    maxOutputTokens: 64000,
    pricing: { inputPerMTok: 1, outputPerMTok: 4, reasoningPerMTok: 8, tiers: [{ aboveInputTokens: 100, inputPerMTok: 2, outputPerMTok: 6 }, { aboveInputTokens: 5000, inputPerMTok: 3, outputPerMTok: 9, cachedInputPerMTok: 1 }] },
    capabilities: ['tools', 'vision', 'json', 'reasoning'],
    quality: { overall: 1400 },
  },
  // replaces a bundled model (same id, different case): the later one wins, in place
  { id: 'OpenAI/GPT-4o', provider: 'openai', name: 'gpt-4o', contextWindow: 128000, maxOutputTokens: 16384, pricing: { inputPerMTok: 2.5, outputPerMTok: 10 }, capabilities: ['tools', 'vision', 'json'] },
];

const fake = (anyConfigured: boolean, available: string[], local: string[]): ProviderStatus => ({
  anyConfigured,
  isAvailable: (p) => available.includes(p),
  isLocal: (p) => local.includes(p),
});

const LATENCY = new Map<string, number>([
  ['openai/gpt-4o-mini', 250],
  ['anthropic/claude-sonnet-4-5', 4200],
  ['groq/llama-3.1-8b-instant', 90],
  ['not/in-catalog', 10],
  ['OPENAI/GPT-4O', 100],
]);

const CONTEXTS: (RouteContext | undefined)[] = [
  undefined,
  {},
  { today: '2025-06-01' },
  { today: '2027-01-01', warnings: ['user config: something odd'] },
  { providers: fake(false, [], ['ollama', 'lemonade', 'local']) },
  { providers: fake(false, ['ollama'], ['ollama', 'lemonade', 'local']) },
  { providers: fake(true, ['openai', 'anthropic', 'ollama', 'local'], ['ollama', 'local']) },
  { providers: fake(true, ['openai'], []) },
  { providers: fake(true, ['groq', 'gemini', 'deepseek', 'mistral', 'xai', 'openrouter'], []), budgetLeft: 0.002, today: '2026-07-01' },
  { budgetLeft: 0 },
  { budgetLeft: 1e-5, observedLatencyMs: LATENCY },
  { observedLatencyMs: LATENCY, providers: fake(true, ['openai', 'anthropic', 'groq'], []) },
];

const PREFERENCES: RouteRequest['preferences'][] = [
  undefined,
  { costPriority: 1, speedPriority: 0, intelligencePriority: 0 },
  { costPriority: 0, speedPriority: 0, intelligencePriority: 1 },
  { speedPriority: 1 },
  { costPriority: 0, speedPriority: 0, intelligencePriority: 0 },
  { hints: ['claude-sonnet', { name: 'gpt-4o' }] },
  { hints: ['zzz-none', ' ', 'mini'], costPriority: 0.3 },
];

const REQUIRES: (RequireCaps | undefined)[] = [undefined, { vision: true }, { tools: true, json: true }, { reasoning: true }, { pdf: true, audio: true }, { tools: false }];
const MODEL_LISTS: (string[] | undefined)[] = [
  undefined,
  [],
  ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'gpt-4o-mini', 'openai/gpt-4o'],
  ['ollama/llama3.1', 'groq/llama-3.1-8b-instant', 'deepseek/deepseek-chat', 'gemini/gemini-2.5-pro'],
  ['openai/gpt-4o', 'opnai/gpt-4o'],
];

let bundled: Catalog;
let extended: Catalog;
let builtins: PolicySet;
let workspace: PolicySet;
const policyNames = [undefined, 'cheapest', 'balanced', 'best', 'fastest', 'local-only', ...Object.keys(WORKSPACE.policies ?? {}), 'unknown-policy'];

beforeAll(() => {
  bundled = loadBundledCatalog();
  extended = bundled.withModels(USER_MODELS);
  builtins = resolvePolicies([]);
  workspace = resolvePolicies([{ source: 'workspace', file: '.switchyard.json', content: WORKSPACE }]);
});

describe('route() equals the reference router', () => {
  it('before the tokenizer tables are loaded (rough counts)', () => {
    for (const input of INPUTS.slice(0, 9)) same({ input }, bundled, builtins, {});
    same({ input: { prompt: PROSE_10K }, policy: 'team' }, extended, workspace, CONTEXTS[6]);
  });

  it('loads the tokenizer tables', async () => {
    await loadTokenizers();
  });

  it('over every input × policy (bundled and extended catalogs)', () => {
    let ok = 0;
    for (const input of INPUTS) {
      for (const policy of policyNames) {
        const r = same({ input, ...(policy ? { policy } : {}) }, policy && !builtins.names.includes(policy) ? extended : bundled, policy && !builtins.names.includes(policy) ? workspace : builtins, {});
        if ('ok' in r) ok++;
      }
    }
    expect(ok).toBeGreaterThan(INPUTS.length * 5);
  });

  it('over preferences × require × contexts × policies (inputs and requirements rotating)', () => {
    const inputs = [INPUTS[0], INPUTS[2], INPUTS[7], INPUTS[9], INPUTS[10]] as RequestInput[];
    let k = 0;
    for (const preferences of PREFERENCES) {
      for (const ctx of CONTEXTS) {
        for (const policy of [undefined, 'team', 'pinner', 'loc', 'hinted']) {
          const input = inputs[k % inputs.length] as RequestInput;
          const req = REQUIRES[k % REQUIRES.length];
          k++;
          const request: RouteRequest = { input, ...(policy ? { policy } : {}), ...(preferences ? { preferences } : {}), ...(req ? { require: req } : {}) };
          same(request, extended, workspace, ctx);
        }
      }
    }
  });

  it('over models lists, output tokens, tags and huge inputs', () => {
    const big = { prompt: 'The quick brown fox jumps over the lazy dog. '.repeat(30_000) };
    for (const models of MODEL_LISTS) {
      for (const outputTokens of [undefined, 0, 1, 4096, 100_000, 2_000_000]) {
        for (const tags of [undefined, ['fast'], ['other']]) {
          for (const ctx of [CONTEXTS[0], CONTEXTS[6], CONTEXTS[10]]) {
            for (const policy of ['team', 'balanced', 'cheapest', 'hinted']) {
              const request: RouteRequest = { input: INPUTS[1] as RequestInput, policy };
              if (models) request.models = models;
              if (outputTokens !== undefined) request.outputTokens = outputTokens;
              if (tags) request.tags = tags;
              same(request, extended, workspace, ctx);
            }
          }
        }
      }
    }
    for (const policy of [undefined, 'team', 'best', 'cheapest']) same({ input: big, ...(policy ? { policy } : {}) }, extended, workspace, {});
    same({ input: big, outputTokens: 1_500_000 }, bundled, builtins, { today: '2026-01-01' });
  });

  it('when the context window filter removes the cheapest, dearest, best or worst models', () => {
    // Output sizes and inputs that knock out models at the ends of the cost and quality ranges (the one-pass path
    // must notice and hand over to the two-pass one).
    const medium = { prompt: 'Summarize the following report. '.repeat(2_000) };
    const big = { prompt: 'The quick brown fox jumps over the lazy dog. '.repeat(12_000) };
    for (const input of [INPUTS[0], INPUTS[2], medium, big] as RequestInput[]) {
      for (const outputTokens of [4_000, 8_192, 16_384, 32_000, 65_536, 100_000, 128_000, 200_000]) {
        for (const policy of ['balanced', 'cheapest', 'best', 'fastest']) {
          same({ input, outputTokens, policy }, bundled, builtins, CONTEXTS[2]);
        }
      }
    }
  });

  it('on random synthetic catalogs (fast-check): ties, free models, tiers, extremes filtered out', () => {
    const FAMILY_NAMES = ['gpt-4o-x', 'gpt-4-x', 'claude-x', 'gemini-x', 'llama-x', 'mistral-x'];
    const priceArb = fc.oneof(fc.constantFrom(0, 0.1, 0.15, 0.5, 1, 2.5, 3, 10, 15, 60), fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000));
    const limitArb = fc.constantFrom(2048, 4096, 8192, 16_384, 32_000, 128_000, 200_000, 1_000_000);
    const qualityArb = fc.option(
      fc.record({ overall: fc.integer({ min: 900, max: 1500 }), coding: fc.integer({ min: 900, max: 1500 }), math: fc.integer({ min: 900, max: 1500 }) }, { requiredKeys: ['overall'] }),
      { nil: undefined, freq: 3 },
    );
    const modelArb = fc.record({
      provider: fc.constantFrom('openai', 'anthropic', 'groq', 'ollama', 'acme', 'gemini'),
      family: fc.constantFrom(...FAMILY_NAMES),
      input: priceArb,
      output: priceArb,
      tiers: fc.option(fc.tuple(fc.integer({ min: 10, max: 50_000 }), priceArb, priceArb), { nil: undefined, freq: 4 }),
      context: limitArb,
      maxOutput: limitArb,
      quality: qualityArb,
      caps: fc.subarray(['tools', 'vision', 'json', 'reasoning'] as const),
      deprecated: fc.option(fc.constantFrom('2025-01-01', '2026-06-01'), { nil: undefined, freq: 5 }),
    });
    const catalogArb = fc.array(modelArb, { minLength: 1, maxLength: 70 }).map((specs) =>
      new Catalog(
        specs.map((m, k): Model => {
          const model: Model = {
            id: `${m.provider}/${m.family}-${k}`,
            provider: m.provider,
            name: `${m.family}-${k}`,
            contextWindow: m.context,
            maxOutputTokens: Math.min(m.maxOutput, m.context),
            pricing: { inputPerMTok: m.input, outputPerMTok: m.output, ...(m.tiers ? { tiers: [{ aboveInputTokens: m.tiers[0], inputPerMTok: m.tiers[1], outputPerMTok: m.tiers[2] }] } : {}) },
            capabilities: [...m.caps],
          };
          if (m.quality) model.quality = m.quality;
          if (m.deprecated) model.deprecationDate = m.deprecated;
          return model;
        }),
      ),
    );
    const requestArb = fc.record({
      prompt: fc.constantFrom('hi', 'Write a TypeScript function that merges two sorted arrays', 'Solve 3x + 5 = 20', 'word '.repeat(3000), 'data '.repeat(40_000)),
      policy: fc.constantFrom('balanced', 'cheapest', 'best', 'fastest'),
      outputTokens: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(4096, 8192, 16_384, 32_000, 100_000, 300_000)),
      preferences: fc.option(fc.record({ costPriority: fc.constantFrom(0, 0.3, 1), speedPriority: fc.constantFrom(0, 0.5), intelligencePriority: fc.constantFrom(0, 0.7, 1) }), { nil: undefined }),
      today: fc.option(fc.constantFrom('2025-06-01', '2027-01-01'), { nil: undefined }),
    });
    let decided = 0;
    fc.assert(
      fc.property(catalogArb, requestArb, (catalog, r) => {
        const request: RouteRequest = { input: { prompt: r.prompt }, policy: r.policy, outputTokens: r.outputTokens };
        if (r.preferences) request.preferences = r.preferences;
        const out = same(request, catalog, builtins, r.today ? { today: r.today } : {});
        if ('ok' in out) decided++;
      }),
      { numRuns: 600, seed: 7 },
    );
    expect(decided).toBeGreaterThan(300);
  });

  it('on an empty catalog and a one-model catalog', () => {
    const empty = bundled.withModels([]).withModels([]);
    same({ input: { prompt: 'hi' } }, new Catalog([]), builtins, {});
    same({ input: { prompt: 'hi' } }, empty, builtins, {});
    const one = new Catalog([USER_MODELS[2] as Model]);
    for (const ctx of CONTEXTS) same({ input: { prompt: 'hi' } }, one, builtins, ctx);
  });

  it('on random combinations (fast-check)', () => {
    const bundledIds = bundled.all().map((m) => m.id);
    const often = <T>(arb: fc.Arbitrary<T>, weight = 3) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 10 - weight }, { arbitrary: arb, weight });
    const knownIdArb = fc.oneof({ arbitrary: fc.constantFrom(...bundledIds), weight: 9 }, { arbitrary: fc.constantFrom('gpt-4o', 'claude-sonnet-4-5', 'local/llama3', 'acme/tiered-pro'), weight: 1 });
    const idArb = fc.oneof({ arbitrary: knownIdArb, weight: 19 }, { arbitrary: fc.constant('nope/nothing'), weight: 1 });
    const globArb = fc.constantFrom('openai/*', 'anthropic/*', '*mini*', '*preview*', 'gemini/gemini-2.5-*', '*/llama*', 'ollama/*', '?roq/*', 'azure*', 'bedrock/*', '*', '*o*', 'vertex_ai/*');
    const capsArb = fc.record({ tools: fc.boolean(), vision: fc.boolean(), json: fc.boolean(), reasoning: fc.boolean(), pdf: fc.constant(false) }, { requiredKeys: [] }).map((r) => {
      // keep requirements plausible: at most two of them true
      let n = 0;
      for (const k of Object.keys(r) as (keyof typeof r)[]) if (r[k] && ++n > 2) r[k] = false;
      return r;
    });
    const prioArb = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.05, 0.2, 0.5, 0.7));
    const prefsArb = fc.record(
      {
        costPriority: prioArb,
        speedPriority: prioArb,
        intelligencePriority: prioArb,
        hints: fc.array(fc.constantFrom('claude', 'gpt', 'gemini', 'llama', 'mini', 'nothing', 'sonnet', 'FLASH', 'qwen', 'deepseek'), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    const promptArb = fc.oneof(
      fc.constantFrom(...INPUTS),
      fc.string({ maxLength: 400 }).map((prompt) => ({ prompt })),
      fc.string({ unit: 'grapheme', maxLength: 200 }).map((prompt) => ({ prompt })),
      fc.tuple(fc.constantFrom(...FIXTURE.map((p) => p.prompt ?? 'x')), fc.integer({ min: 1, max: 40 })).map(([p, n]) => ({ prompt: p.repeat(n) })),
    );
    const policyArb = fc
      .record({
        extends: fc.oneof({ arbitrary: fc.constantFrom('balanced', 'best', 'cheapest', 'fastest', 'team', 'speedy'), weight: 19 }, { arbitrary: fc.constant('local-only'), weight: 1 }),
        preferences: often(prefsArb, 6),
        allow: often(fc.array(globArb, { minLength: 1, maxLength: 3 }), 2),
        deny: often(fc.array(globArb, { minLength: 1, maxLength: 2 }), 4),
        require: often(capsArb, 4),
        maxCostPerRequest: often(fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 50_000 }).map((n) => n / 1e6), weight: 9 }), 3),
        fallbacks: often(fc.array(idArb, { maxLength: 4 }), 5),
        rules: often(
          fc.array(
            fc.record(
              {
                when: fc.record({ task: fc.constantFrom('coding', 'math', 'creative', 'instructions', 'general', 'vision', 'multi-turn', 'long-context'), inputTokensOver: fc.integer({ min: 0, max: 5000 }), tag: fc.constantFrom('a', 'b') }, { requiredKeys: [] }),
                use: idArb,
                preferences: prefsArb,
              },
              { requiredKeys: ['when'] },
            ),
            { maxLength: 3 },
          ),
          5,
        ),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    const ctxArb = fc
      .record({
        budgetLeft: often(fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 200_000 }).map((n) => n / 1e6), weight: 9 }), 3),
        today: often(fc.constantFrom('2024-01-01', '2025-09-30', '2026-07-01', '2030-01-01'), 5),
        providers: often(
          fc.tuple(fc.boolean(), fc.subarray(bundled.providers().slice(), { minLength: 3 }), fc.subarray(['ollama', 'lemonade', 'local', 'openai'])).map(([any, a, l]) => fake(any, a, l)),
          5,
        ),
        observedLatencyMs: often(fc.array(fc.tuple(knownIdArb, fc.integer({ min: 1, max: 60_000 })), { maxLength: 30 }).map((e) => new Map(e)), 5),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as RouteContext);
    const stats = { ok: 0, large: 0, errors: 0 };
    fc.assert(
      fc.property(
        promptArb,
        policyArb,
        often(prefsArb, 5),
        often(capsArb, 3),
        often(fc.array(idArb, { minLength: 1, maxLength: 40 }), 2),
        often(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4000 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 300_000 }), weight: 1 }), 4),
        ctxArb,
        fc.boolean(),
        (input, policy, preferences, req, models, outputTokens, ctx, useExtended) => {
          const policies = resolvePolicies([{ source: 'workspace', content: { ...WORKSPACE, policies: { ...WORKSPACE.policies, random: policy }, active: 'random' } }]);
          const request: RouteRequest = { input, tags: ['a'] };
          if (preferences) request.preferences = preferences;
          if (req) request.require = req;
          if (models) request.models = models;
          if (outputTokens !== undefined) request.outputTokens = outputTokens;
          const r = same(request, useExtended ? extended : bundled, policies, ctx);
          if (!('ok' in r)) stats.errors++;
          else if (((r.ok as { candidates: number }).candidates) > 16) stats.large++;
          else stats.ok++;
        },
      ),
      { numRuns: 500, seed: 20261126 },
    );
    console.log('fast-check outcomes', JSON.stringify(stats));
    // The generators must mostly produce decisions, many over more candidates than the exactly-ranked top.
    expect(stats.large).toBeGreaterThan(200);
    expect(stats.errors).toBeLessThan(150);
  });
});
