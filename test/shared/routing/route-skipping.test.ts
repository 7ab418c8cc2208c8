/**
 * The router skips candidates, and whole cells of them, whose utility bound cannot reach the ranking (`route.ts`,
 * `bounds.ts`). A predictor without `successes` and `successCeilings` turns that off, so the two must decide alike
 * wherever the skipping applies or is refused: observed latencies, a budget, a price cap, policy fallbacks, a cap
 * some model exceeds, preferences from the client, a client's max_tokens, the no-key preview, thinking asked for or
 * turned off.
 */
import { beforeAll, expect, it } from 'vitest';
import { Catalog, loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';
import { defaultPredictor } from '../../../shared/routing/predict/index.js';
import { route } from '../../../shared/routing/route.js';
import type { ProviderStatus, RouteContext, RouteRequest } from '../../../shared/routing/types.js';

beforeAll(() => loadTokenizers());

const catalog = loadBundledCatalog();
const policies = resolvePolicies([
  {
    source: 'workspace',
    content: {
      policies: {
        capped: { extends: 'balanced', maxCostPerRequest: 0.0004 },
        backed: { extends: 'cheapest', fallbacks: ['anthropic/claude-opus-4-1', 'openai/gpt-4o'] },
        target: { extends: 'balanced', minSuccess: 0.9 },
        linear: { extends: 'balanced', pricePerPoint: 0.0001 },
      },
    },
  },
]);
const everything: ProviderStatus = { anyConfigured: true, isAvailable: () => true, isLocal: (p) => p === 'ollama' };
const unskipped = { profile: defaultPredictor.profile, success: defaultPredictor.success };
const PROMPTS = [
  'hi!',
  'Write a TypeScript function that merges two sorted arrays in O(n).',
  'Find all functions f: R → R such that f(x + f(y)) = f(x) + y for all real x, y. Prove your answer is complete.',
  'Write a 3,000-word essay on the history of the lighthouse.',
  `Summarize this log.\n${'12:00:01 INFO worker 7 restarted after a timeout talking to the database\n'.repeat(400)}`,
];
const CONTEXTS: Record<string, RouteContext> = {
  plain: { providers: everything, today: '2026-12-01' },
  preview: { providers: { anyConfigured: false, isAvailable: () => false, isLocal: (p) => p === 'ollama' }, today: '2026-12-01' },
  observed: { providers: everything, today: '2026-12-01', observedLatencyMs: new Map([['openai/gpt-4o-mini', 250], ['groq/llama-3.1-8b-instant', 90_000], ['anthropic/claude-sonnet-4-5', 400]]) },
  budget: { providers: everything, today: '2026-12-01', budget: { period: 'daily', limit: 1, spent: 0.9995 } },
  roomy: { providers: everything, today: '2026-12-01', budget: { period: 'monthly', limit: 1000, spent: 10 } },
};
const REQUESTS: Omit<RouteRequest, 'input'>[] = [
  ...['balanced', 'cheapest', 'best', 'fastest', 'capped', 'backed', 'target', 'linear'].map((policy) => ({ policy })),
  { policy: 'balanced', preferences: { costPriority: 0.9, speedPriority: 0.9, intelligencePriority: 0.1 } },
  // a client's max_tokens (every gateway request): small, typical, above many models' output limits, above all
  ...[16, 4096, 32_768, 100_000, 10_000_000].map((maxTokens) => ({ policy: 'balanced', maxTokens })),
  { policy: 'best', maxTokens: 65_536, outputTokens: 2000 },
  { policy: 'capped', maxTokens: 8192 },
  // thinking asked for (every candidate thinks, even where it does not by default) or turned off
  { policy: 'balanced', reasoning: { effort: 'high' } },
  { policy: 'best', reasoning: { budgetTokens: 3000 }, maxTokens: 16_384 },
  { policy: 'cheapest', reasoning: { effort: 'none' } },
  { policy: 'fastest', reasoning: { effort: 'minimal' } },
];

function decide(request: RouteRequest, ctx: RouteContext): unknown {
  try {
    return route(request, catalog, policies, ctx);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

it('decides every request alike with and without skipping', () => {
  for (const [name, ctx] of Object.entries(CONTEXTS)) {
    for (const r of REQUESTS) {
      for (const prompt of PROMPTS) {
        const request = { ...r, input: { prompt } };
        expect(decide(request, ctx), `${name} ${JSON.stringify(r)} ${prompt.slice(0, 30)}`).toEqual(decide(request, { ...ctx, predictor: unskipped }));
      }
    }
  }
});

it("counts a client's max_tokens like the full pass where a model's small window has the large output limit", () => {
  const base = catalog.get('openai/gpt-4o-mini')!;
  const at = (provider: string, contextWindow: number, maxOutputTokens: number) => ({ ...base.endpoints[0]!, id: `${provider}/x`, provider, name: 'x', contextWindow, maxOutputTokens });
  // fails the context check where it could write max_tokens, and max_tokens where the input fits
  const split = { ...base, id: 'acme/split', aliases: [], endpoints: [{ ...at('acme', 1_500, 8_192), model: 'acme/split' }, { ...at('resell', 128_000, 4_096), model: 'acme/split' }] };
  const roomy = { ...base, id: 'acme/roomy', aliases: [], endpoints: [{ ...at('acme', 128_000, 16_384), id: 'acme/roomy', model: 'acme/roomy' }] };
  const small = new Catalog([split, roomy], []);
  const prompt = `Summarize: ${'the quick brown fox jumps over the lazy dog '.repeat(180)}`;
  for (const maxTokens of [1000, 8192, 16_384]) {
    const request = { input: { prompt }, policy: 'balanced', maxTokens };
    const ctx = { providers: everything, today: '2026-12-01' };
    const skipped = route(request, small, policies, ctx);
    expect(skipped).toEqual(route(request, small, policies, { ...ctx, predictor: unskipped }));
    if (maxTokens === 8192) expect(skipped.explanation.find((l) => l.startsWith('filters:'))).toContain('output limit below max_tokens 8,192 −1');
  }
});
