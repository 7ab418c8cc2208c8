import { describe, expect, it } from 'vitest';
import { exhaustedForMs, parseResetDuration, reportRateLimitHeaders } from '../../../server/providers/rate-limit.js';
import { createRuntime } from '../../../server/runtime.js';
import { runChat } from '../../../server/invoke/chat-service.js';
import { parseExposition } from '../../helpers/prom-text.js';
import { providerSandbox } from '../../helpers/provider-sandbox.js';

describe('rate-limit headroom from x-ratelimit-* headers', () => {
  it('reads OpenAI durations and Anthropic reset times', () => {
    expect(parseResetDuration('1s')).toBe(1000);
    expect(parseResetDuration('6m0s')).toBe(360_000);
    expect(parseResetDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(exhaustedForMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s' }, now)).toBe(2000);
    expect(exhaustedForMs({ 'x-ratelimit-remaining-requests': '3', 'x-ratelimit-reset-requests': '2s' }, now)).toBeUndefined();
    // Tokens: under 1% of the limit left is as good as none.
    expect(exhaustedForMs({ 'x-ratelimit-limit-tokens': '100000', 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '30s' }, now)).toBe(30_000);
    expect(exhaustedForMs({ 'x-ratelimit-limit-tokens': '100000', 'x-ratelimit-remaining-tokens': '5000', 'x-ratelimit-reset-tokens': '30s' }, now)).toBeUndefined();
    expect(exhaustedForMs({ 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:10Z' }, now)).toBe(10_000);
    // Never longer than five minutes on one response's word.
    expect(exhaustedForMs({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '3h' }, now)).toBe(300_000);
  });

  it('routing avoids an endpoint with no headroom until its reset, before it answers 429', async () => {
    const sb = await providerSandbox({ alphaPrice: [0.1, 0.1] });
    const runtime = await createRuntime({ workspace: sb.workspace, env: sb.env });
    try {
      const first = await runChat(runtime, { input: { prompt: 'hello' }, maxTokens: 5 }, { via: 'test' });
      expect(first.model).toBe('alpha/alpha-large'); // the cheaper one
      reportRateLimitHeaders('alpha', 'alpha-large', { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '30s' });
      expect([...(runtime.routeContext().rateLimited ?? [])]).toEqual(['alpha/alpha-large']);
      const before = sb.alpha.requests.length;
      const second = await runChat(runtime, { input: { prompt: 'hello' }, maxTokens: 5 }, { via: 'test' });
      expect(second.model).toBe('beta/beta-small');
      expect(sb.alpha.requests.length).toBe(before);
    } finally {
      await runtime.close();
      await sb.close();
    }
  }, 30_000);
});

describe('the Prometheus text parser used by the metrics tests', () => {
  it('parses families, labels with escapes and histogram series, and refuses what is not the format', () => {
    const m = parseExposition(
      ['# HELP a_total A.', '# TYPE a_total counter', 'a_total{x="1",y="q\\"uote"} 3', '# TYPE h histogram', 'h_bucket{le="+Inf"} 2', 'h_sum 0.5', 'h_count 2', ''].join('\n'),
    );
    expect(m.value('a_total', { y: 'q"uote' })).toBe(3);
    expect(m.value('h_bucket', { le: '+Inf' })).toBe(2);
    expect(m.value('h_count')).toBe(2);
    expect(() => parseExposition('# TYPE a counter\na{x=1} 2')).toThrow(/bad labels/);
    expect(() => parseExposition('b 1')).toThrow(/untyped family/);
    expect(() => parseExposition('# TYPE a counter\na one')).toThrow(/bad value/);
  });
});
