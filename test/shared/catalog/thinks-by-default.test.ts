/**
 * Which models spend hidden reasoning tokens when Switchyard calls them as asked (it never turns thinking on by
 * itself): the forecast counts them only for those, and a model that thinks only on request keeps the `reasoning`
 * capability for `--require reasoning`.
 */
import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { thinksByDefault } from '../../../shared/catalog/lines.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { route } from '../../../shared/routing/route.js';

describe('thinking by default', () => {
  it('follows the makers’ documented defaults', () => {
    const onRequest = ['claude-sonnet-4-5', 'claude-opus-4-1', 'gemini-2.5-flash-lite', 'gemini-3.1-flash-lite-preview', 'gemini-flash-lite-latest', 'gpt-5.1', 'gpt-5.2', 'gpt-5-chat-latest', 'deepseek-v3.1', 'deepseek-chat'];
    const byDefault = ['gpt-5', 'gpt-5-mini', 'gpt-5.1-codex', 'gpt-5.2-pro', 'o3', 'gemini-2.5-pro', 'gemini-2.5-flash', 'deepseek-r1', 'deepseek-v3.2-speciale', 'qwen3-8b', 'claude-3-7-sonnet-thinking'];
    for (const name of onRequest) expect(thinksByDefault(name, true), name).toBe(false);
    for (const name of byDefault) expect(thinksByDefault(name, true), name).toBe(true);
    // a model whose sources list no reasoning thinks only when its name says so
    expect(thinksByDefault('gpt-4o-mini', false)).toBe(false);
    expect(thinksByDefault('qwq-32b', false)).toBe(true);
  });

  it('is what the bundled catalog says, and the forecast bills hidden tokens only to models that think', () => {
    const catalog = loadBundledCatalog();
    const claude = catalog.get('anthropic/claude-sonnet-4-5')!;
    expect(claude.reasoning).toBe(false);
    expect(claude.capabilities).toContain('reasoning');
    expect(catalog.get('google/gemini-2.5-flash-lite')!.reasoning).toBe(false);
    expect(catalog.get('google/gemini-2.5-pro')!.reasoning).toBe(true);
    expect(catalog.get('openai/gpt-5')!.reasoning).toBe(true);

    const policies = resolvePolicies([]);
    const proof = 'Prove that there are infinitely many primes of the form 4k + 3.';
    const on = (model: string) => route({ input: { prompt: proof }, policy: 'balanced', models: [model] }, catalog, policies);
    expect(on('anthropic/claude-sonnet-4-5').outputForecast.reasoningTokens).toBe(0);
    expect(on('openai/gpt-5').outputForecast.reasoningTokens).toBeGreaterThan(500);
    // `--require reasoning` still finds Claude
    const required = route({ input: { prompt: proof }, policy: 'balanced', models: ['anthropic/claude-sonnet-4-5'], require: { reasoning: true } }, catalog, policies);
    expect(required.model).toBe('anthropic/claude-sonnet-4-5');
  });
});
