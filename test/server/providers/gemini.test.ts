import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SKIP_SIGNATURE } from '../../../server/providers/gemini.js';
import { closeSharedAgents } from '../../../server/providers/http.js';
import { createProvider } from '../../../server/providers/registry.js';
import { startGeminiFixture, type Fixture } from '../../fixtures/providers/index.js';
import { KEY, collect, doneOf } from './helpers.js';

const T = { timeout: 5000 };

afterAll(async () => {
  await closeSharedAgents();
});

describe('Gemini adapter: wire shapes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startGeminiFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  const provider = () => createProvider({ id: 'gemini', api: 'gemini', baseUrl: f.url, apiKey: KEY });
  const hi = [{ role: 'user' as const, content: 'hi' }];

  it('uses :generateContent and :streamGenerateContent?alt=sse, the key never in the URL', T, async () => {
    await provider().complete({ model: 'gemini-2.5-flash', messages: hi });
    await collect(provider().stream({ model: 'models/gemini-2.5-pro', messages: hi }));
    expect(f.requests.map((r) => r.path)).toEqual([
      '/v1beta/models/gemini-2.5-flash:generateContent',
      '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    ]);
    for (const r of f.requests) {
      expect(r.path).not.toContain('key=');
      expect(r.headers['x-goog-api-key']).toBe(KEY);
    }
  });

  it('maps system, roles, images, tools, tool results and generation config', T, async () => {
    await provider().complete({
      model: 'gemini-2.5-flash',
      maxTokens: 200,
      temperature: 0,
      json: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe.' },
            { type: 'image', data: 'AAAA', mimeType: 'image/webp' },
          ],
        },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_0', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'sig-from-gemini' },
            { id: 'call_1', name: 'get_time', arguments: '{"tz":"CET"}' },
          ],
        },
        { role: 'tool', toolCallId: 'call_0', content: '{"temp":18}' },
        { role: 'tool', toolCallId: 'call_1', content: '12:00' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', additionalProperties: false } }],
    });
    expect(f.requests[0]?.body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Describe.' }, { inlineData: { mimeType: 'image/webp', data: 'AAAA' } }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-from-gemini' },
            { functionCall: { name: 'get_time', args: { tz: 'CET' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
            { functionResponse: { name: 'get_time', response: { result: '12:00' } } },
          ],
        },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'get_weather', description: 'Weather', parametersJsonSchema: { type: 'object', additionalProperties: false } },
          ],
        },
      ],
      generationConfig: { maxOutputTokens: 200, temperature: 0, responseMimeType: 'application/json' },
    });
  });

  it('replays a function call without a signature with the documented skip sentinel', T, async () => {
    await provider().complete({
      model: 'gemini-3-pro',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'x', name: 'get_weather', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'x', content: 'sunny' },
      ],
    });
    const body = f.requests[0]?.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe(SKIP_SIGNATURE);
  });

  it('returns thought signatures with tool calls so they can be sent back', T, async () => {
    f.setReply({ text: '', toolCalls: [{ id: 'ignored', name: 'get_weather', arguments: '{"city":"Oslo"}', signature: 'c2lnbmF0dXJl' }] });
    const r = await provider().complete({ model: 'g', messages: hi });
    expect(r.toolCalls).toEqual([{ id: 'call_0', name: 'get_weather', arguments: '{"city":"Oslo"}', signature: 'c2lnbmF0dXJl' }]);
    expect(r.finishReason).toBe('tool_calls');
  });

  it('counts thoughts as output and reports them as reasoning tokens', T, async () => {
    f.setReply({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 700, cachedInputTokens: 400, reasoningTokens: 600 } });
    const want = { inputTokens: 1000, outputTokens: 700, cachedInputTokens: 400, reasoningTokens: 600 };
    expect((await provider().complete({ model: 'g', messages: hi })).usage).toEqual(want);
    expect(doneOf(await collect(provider().stream({ model: 'g', messages: hi }))).usage).toEqual(want);
  });

  it('maps SAFETY to content_filter and MAX_TOKENS to length', T, async () => {
    f.setReply({ text: 'Partial answer', finishReason: 'content_filter' });
    expect((await provider().complete({ model: 'g', messages: hi })).finishReason).toBe('content_filter');
    f.setReply({ text: 'Partial answer', finishReason: 'length' });
    expect(doneOf(await collect(provider().stream({ model: 'g', messages: hi }))).finishReason).toBe('length');
  });

  it('a bad key (400 API_KEY_INVALID, not 401) is an auth error', T, async () => {
    f.setFault({ type: 'authError' });
    await expect(provider().complete({ model: 'g', messages: hi })).rejects.toMatchObject({ kind: 'auth', status: 400 });
  });

  it("a 429's RetryInfo.retryDelay becomes retryAfterMs", T, async () => {
    f.setFault({ type: 'status429', retryAfter: '3' });
    await expect(provider().complete({ model: 'g', messages: hi })).rejects.toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 3000,
    });
  });
});
