import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, JSON_INSTRUCTION } from '../../../server/providers/anthropic.js';
import { closeSharedAgents } from '../../../server/providers/http.js';
import { createProvider } from '../../../server/providers/registry.js';
import { startAnthropicFixture, type Fixture } from '../../fixtures/providers/index.js';
import { KEY, collect, doneOf } from './helpers.js';

const T = { timeout: 5000 };

afterAll(async () => {
  await closeSharedAgents();
});

describe('Anthropic adapter: wire shapes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startAnthropicFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  const provider = () => createProvider({ id: 'anthropic', api: 'anthropic', baseUrl: f.url, apiKey: KEY });

  it('posts /v1/messages with version header, system apart, images, tools and merged tool results', T, async () => {
    await provider().complete({
      model: 'claude-sonnet-4-5',
      temperature: 0.5,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'system', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this was taken?' },
            { type: 'image', data: '/9j/4AAQ', mimeType: 'image/jpeg' },
            { type: 'image', url: 'https://example.com/p.png' },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me check both.',
          toolCalls: [
            { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Lyon"}' },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: '18 C' },
        { role: 'tool', toolCallId: 'toolu_2', content: '21 C' },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    const r = f.requests[0];
    expect(r?.path).toBe('/v1/messages');
    expect(r?.headers['anthropic-version']).toBe('2023-06-01');
    expect(r?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      system: 'Be brief.\n\nUse metric units.',
      temperature: 0.5,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where this was taken?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/p.png' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check both.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Lyon' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18 C' },
            { type: 'tool_result', tool_use_id: 'toolu_2', content: '21 C' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
  });

  it('streams with stream: true and honours maxTokens; json adds an instruction to the system prompt', T, async () => {
    await collect(provider().stream({ model: 'c', messages: [{ role: 'user', content: 'hi' }], maxTokens: 10, json: true }));
    expect(f.requests[0]?.body).toMatchObject({ stream: true, max_tokens: 10, system: JSON_INSTRUCTION });
  });

  it('counts cache reads and writes into inputTokens (Anthropic reports them apart)', T, async () => {
    f.setReply({ text: 'ok', usage: { inputTokens: 5000, outputTokens: 40, cachedInputTokens: 3000, cacheWriteInputTokens: 1500 } });
    const want = { inputTokens: 5000, outputTokens: 40, cachedInputTokens: 3000, cacheWriteInputTokens: 1500 };
    const req = { model: 'c', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect((await provider().complete(req)).usage).toEqual(want);
    expect(doneOf(await collect(provider().stream(req))).usage).toEqual(want);
    expect(f.requests[0]?.body).not.toHaveProperty('stream');
  });
});
