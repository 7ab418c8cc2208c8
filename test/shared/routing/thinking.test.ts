/**
 * A request's thinking controls (`reasoning_effort`, a thinking budget): which models can serve it, the hidden
 * reasoning each is forecast to bill, and whether it is predicted as a model that thinks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';
import { estimateRequest } from '../../../shared/routing/estimate-request.js';
import { defaultPredictor } from '../../../shared/routing/predict/index.js';
import { route } from '../../../shared/routing/route.js';
import { thinkingAsk } from '../../../shared/routing/thinking.js';
import type { ProviderStatus, RouteRequest } from '../../../shared/routing/types.js';

beforeAll(() => loadTokenizers());

const catalog = loadBundledCatalog();
const policies = resolvePolicies([]);
const proof = 'Prove that there are infinitely many primes of the form 4k + 3.';
const keys: ProviderStatus = { anyConfigured: true, isAvailable: (p) => ['openai', 'anthropic', 'gemini'].includes(p), isLocal: () => false };
const ctx = { providers: keys, today: '2026-12-01' };
const decide = (extra: Omit<RouteRequest, 'input'>, prompt = proof) => route({ input: { prompt }, ...extra }, catalog, policies, ctx);

describe('thinkingAsk', () => {
  it('reads efforts and budgets as the provider adapters map them (a budget wins)', () => {
    expect(thinkingAsk(undefined)).toBeUndefined();
    expect(thinkingAsk({})).toBeUndefined();
    expect(thinkingAsk({ effort: 'high' })).toMatchObject({ mode: 'on', scale: 2 });
    expect(thinkingAsk({ effort: 'low' })).toMatchObject({ mode: 'on', scale: 0.5 });
    expect(thinkingAsk({ effort: 'minimal' })).toMatchObject({ mode: 'off', scale: 0.1 });
    expect(thinkingAsk({ effort: 'none' })).toMatchObject({ mode: 'off', scale: 0 });
    expect(thinkingAsk({ budgetTokens: 8000, effort: 'none' })).toMatchObject({ mode: 'on', scale: 1, budget: 8000, label: 'thinking budget 8,000 tokens' });
    expect(thinkingAsk({ budgetTokens: 0, effort: 'high' })).toMatchObject({ mode: 'off', scale: 0 });
  });
});

describe('routing a request that asks for thinking', () => {
  it('considers only models that can think, and says so', () => {
    const d = decide({ policy: 'balanced', reasoning: { effort: 'high' } });
    for (const id of [d.model, ...d.alternatives.map((a) => a.model), ...d.fallbacks.map((f) => f.model)]) {
      expect(catalog.get(id)!.endpoints.some((e) => e.capabilities.includes('reasoning')), id).toBe(true);
    }
    expect(d.explanation.join('\n')).toMatch(/hidden reasoning tokens on every candidate \(reasoning_effort high asked: only models that can think/);
    expect(d.explanation.find((l) => l.startsWith('filters:'))).toMatch(/lacks reasoning −\d+/);
    expect(decide({ policy: 'balanced' }).explanation.find((l) => l.startsWith('filters:'))).not.toMatch(/lacks reasoning/);
  });

  it('bills hidden reasoning to a model that thinks only on request (Claude), more at a higher effort, capped by a budget', () => {
    const claude = (reasoning?: RouteRequest['reasoning']) => decide({ policy: 'balanced', models: ['anthropic/claude-sonnet-4-5'], ...(reasoning ? { reasoning } : {}) });
    const plain = claude();
    const low = claude({ effort: 'low' });
    const high = claude({ effort: 'high' });
    expect(plain.outputForecast.reasoningTokens).toBe(0);
    expect(low.outputForecast.reasoningTokens).toBeGreaterThan(300);
    expect(Math.abs(high.outputForecast.reasoningTokens - 4 * low.outputForecast.reasoningTokens)).toBeLessThanOrEqual(2);
    expect(high.estimatedCost).toBeGreaterThan(low.estimatedCost);
    expect(low.estimatedCost).toBeGreaterThan(plain.estimatedCost);
    // predicted as a model that thinks: more likely to get the proof right
    expect(high.success).toBeGreaterThan(plain.success);
    const budgeted = claude({ budgetTokens: 1200 });
    expect(budgeted.outputForecast.reasoningTokens).toBeLessThanOrEqual(1200);
    expect(budgeted.outputForecast.high).toBeLessThanOrEqual(plain.outputForecast.high + 1200);
  });

  it('turns thinking off where asked: no hidden tokens and no thinking bonus on a model that thinks by default', () => {
    const gpt5 = (reasoning?: RouteRequest['reasoning']) => decide({ policy: 'balanced', models: ['openai/gpt-5'], ...(reasoning ? { reasoning } : {}) });
    const plain = gpt5();
    const none = gpt5({ effort: 'none' });
    const minimal = gpt5({ effort: 'minimal' });
    expect(plain.outputForecast.reasoningTokens).toBeGreaterThan(500);
    expect(none.outputForecast.reasoningTokens).toBe(0);
    expect(minimal.outputForecast.reasoningTokens).toBe(Math.round(plain.outputForecast.reasoningTokens / 10));
    expect(none.estimatedCost).toBeLessThan(plain.estimatedCost);
    expect(none.success).toBeLessThan(plain.success);
  });

  it('a model that cannot think is refused when named, with the reason', () => {
    expect(() => decide({ policy: 'balanced', models: ['openai/gpt-4o-mini'], reasoning: { effort: 'medium' } })).toThrow(/openai\/gpt-4o-mini: cannot think, and the request asks every model to \(reasoning_effort medium\)/);
    expect(decide({ policy: 'balanced', models: ['openai/gpt-4o-mini'], reasoning: { effort: 'none' } }).model).toBe('openai/gpt-4o-mini');
  });

  it('predicts every model as thinking, or none, whatever it does by default', () => {
    const profile = defaultPredictor.profile(proof, 'math', 20);
    const claude = catalog.get('anthropic/claude-sonnet-4-5')!;
    const gpt5 = catalog.get('openai/gpt-5')!;
    const on = { ...profile, thinking: 'on' as const };
    const off = { ...profile, thinking: 'off' as const };
    expect(defaultPredictor.success(on, claude)).toBeGreaterThan(defaultPredictor.success(profile, claude));
    expect(defaultPredictor.success(on, gpt5)).toBe(defaultPredictor.success(profile, gpt5));
    expect(defaultPredictor.success(off, gpt5)).toBeLessThan(defaultPredictor.success(profile, gpt5));
    expect(defaultPredictor.success(off, claude)).toBe(defaultPredictor.success(profile, claude));
    // the batch pass agrees with the one-by-one one
    const batch = defaultPredictor.successes!(on, [claude, gpt5]);
    expect([...batch]).toEqual([defaultPredictor.success(on, claude), defaultPredictor.success(on, gpt5)]);
  });
});

describe('estimating a request that asks for thinking', () => {
  it('prices thinking on every model that can, and leaves out the ones that cannot', () => {
    const plain = estimateRequest({ prompt: proof }, catalog, { ctx });
    const high = estimateRequest({ prompt: proof }, catalog, { ctx, reasoning: { effort: 'high' } });
    expect(plain.cannotThink).toEqual([]);
    expect(high.cannotThink).toContain('openai/gpt-4o-mini');
    expect(high.estimates.map((e) => e.model)).not.toContain('openai/gpt-4o-mini');
    const claudeOf = (r: typeof plain) => r.estimates.find((e) => e.model === 'anthropic/claude-sonnet-4-5')!;
    expect(claudeOf(high).outputTokens).toBe(claudeOf(plain).outputTokens + high.forecast.reasoning.tokens);
    expect(high.forecast.everyModelThinks).toBe(true);
  });
});
