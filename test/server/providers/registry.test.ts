import { describe, expect, it } from 'vitest';
import {
  BUILTIN_PROVIDERS,
  apiKeyFromEnv,
  createProvider,
  findProviderRow,
} from '../../../server/providers/registry.js';
import type { ApiKind } from '../../../server/providers/types.js';

describe('built-in provider table', () => {
  it('has the catalog provider names, each once', () => {
    const ids = BUILTIN_PROVIDERS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'openai', 'anthropic', 'gemini', 'openrouter', 'groq', 'deepseek', 'mistral', 'xai', 'together_ai',
      'fireworks_ai', 'perplexity', 'cerebras', 'deepinfra', 'novita', 'moonshot', 'ollama', 'lm_studio', 'vllm',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('speaks the right wire format, with well-formed URLs and key variables', () => {
    const api = (id: string): ApiKind | undefined => findProviderRow(id)?.api;
    expect(api('anthropic')).toBe('anthropic');
    expect(api('gemini')).toBe('gemini');
    for (const row of BUILTIN_PROVIDERS) {
      if (row.id !== 'anthropic' && row.id !== 'gemini') expect(row.api).toBe('openai');
      const url = new URL(row.baseUrl);
      expect(row.baseUrl.endsWith('/')).toBe(false);
      if (row.local) {
        expect(url.protocol).toBe('http:');
        expect(url.hostname).toBe('127.0.0.1');
        expect(row.apiKeyEnv).toEqual([]);
      } else {
        expect(url.protocol).toBe('https:');
        expect(row.apiKeyEnv.length).toBeGreaterThan(0);
        for (const v of row.apiKeyEnv) expect(v).toMatch(/^[A-Z0-9_]+_API_KEY$/);
      }
    }
    expect(findProviderRow('openrouter')?.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(findProviderRow('ollama')).toMatchObject({ local: true, baseUrl: 'http://127.0.0.1:11434/v1' });
  });

  it('finds keys in the given environment, in order of preference', () => {
    const gemini = findProviderRow('gemini');
    if (!gemini) throw new Error('no gemini row');
    expect(apiKeyFromEnv(gemini, { GOOGLE_API_KEY: 'g' })).toBe('g');
    expect(apiKeyFromEnv(gemini, { GEMINI_API_KEY: 'a', GOOGLE_API_KEY: 'g' })).toBe('a');
    expect(apiKeyFromEnv(gemini, { GEMINI_API_KEY: '  ', GOOGLE_API_KEY: 'g' })).toBe('g');
    expect(apiKeyFromEnv(gemini, {})).toBeUndefined();
  });
});

describe('createProvider', () => {
  it('builds each wire format', () => {
    for (const api of ['openai', 'anthropic', 'gemini'] as const) {
      const p = createProvider({ id: `my-${api}`, api, baseUrl: 'https://example.com' });
      expect(p.id).toBe(`my-${api}`);
      expect(typeof p.complete).toBe('function');
      expect(typeof p.stream).toBe('function');
    }
  });

  it('explains a bad config, naming the provider and the field', () => {
    expect(() => createProvider({ id: 'x', api: 'cohere' as ApiKind, baseUrl: 'https://example.com' })).toThrow(
      /provider "x": unknown api "cohere"/,
    );
    expect(() => createProvider({ id: 'x', api: 'openai', baseUrl: 'localhost:1234' })).toThrow(/provider "x": baseUrl/);
    expect(() => createProvider({ id: 'x', api: 'openai', baseUrl: 'not a url' })).toThrow(/is not a URL/);
  });
});
