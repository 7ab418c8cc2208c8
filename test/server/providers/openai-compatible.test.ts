import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedAgents } from '../../../server/providers/http.js';
import { createProvider } from '../../../server/providers/registry.js';
import type { CompletionRequest, ProviderMessage } from '../../../server/providers/types.js';
import { startOpenAIFixture, type Fixture } from '../../fixtures/providers/index.js';
import { KEY, collect, doneOf } from './helpers.js';

const T = { timeout: 5000 };

afterAll(async () => {
  await closeSharedAgents();
});

describe('OpenAI-compatible adapter: wire shapes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startOpenAIFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  // A trailing slash on the base URL is tolerated.
  const provider = (id = 'groq') => createProvider({ id, api: 'openai', baseUrl: `${f.url}/v1/`, apiKey: KEY });

  const conversation: ProviderMessage[] = [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
        { type: 'image', url: 'https://example.com/cat.jpg' },
      ],
    },
    { role: 'assistant', content: '', toolCalls: [{ id: 'call_9', name: 'lookup', arguments: '{"q":"cat"}' }] },
    { role: 'tool', toolCallId: 'call_9', content: '{"answer":"a cat"}' },
  ];

  it('posts {baseUrl}/chat/completions with the documented body', T, async () => {
    const req: CompletionRequest = {
      model: 'llama-3.3-70b-versatile',
      messages: conversation,
      maxTokens: 100,
      temperature: 0.2,
      tools: [{ name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: { q: { type: 'string' } } } }],
      json: true,
    };
    await provider().complete(req);
    const r = f.requests[0];
    expect(r?.method).toBe('POST');
    expect(r?.path).toBe('/v1/chat/completions');
    expect(r?.headers['content-type']).toBe('application/json');
    expect(r?.body).toEqual({
      model: 'llama-3.3-70b-versatile',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'lookup', arguments: '{"q":"cat"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_9', content: '{"answer":"a cat"}' },
      ],
      max_tokens: 100,
      temperature: 0.2,
      tools: [
        {
          type: 'function',
          function: { name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        },
      ],
      response_format: { type: 'json_object' },
    });
  });

  it('asks for usage in streams', T, async () => {
    await collect(provider().stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(f.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('uses max_completion_tokens for OpenAI itself (its reasoning models reject max_tokens)', T, async () => {
    await provider('openai').complete({ model: 'o4-mini', messages: [{ role: 'user', content: 'hi' }], maxTokens: 50 });
    const body = f.requests[0]?.body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(50);
    expect(body.max_tokens).toBeUndefined();
  });

  it('sends no Authorization header to a keyless local server', T, async () => {
    const ollama = createProvider({ id: 'ollama', api: 'openai', baseUrl: `${f.url}/v1` });
    await ollama.complete({ model: 'llama3.1', messages: [{ role: 'user', content: 'hi' }] });
    expect(f.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('extracts reasoning and cached tokens from the usage details', T, async () => {
    f.setReply({ text: 'ok', usage: { inputTokens: 900, outputTokens: 300, cachedInputTokens: 512, reasoningTokens: 256 } });
    const want = { inputTokens: 900, outputTokens: 300, cachedInputTokens: 512, reasoningTokens: 256 };
    const p = provider('openai');
    expect((await p.complete({ model: 'o4-mini', messages: [{ role: 'user', content: 'hi' }] })).usage).toEqual(want);
    expect(doneOf(await collect(p.stream({ model: 'o4-mini', messages: [{ role: 'user', content: 'hi' }] }))).usage).toEqual(want);
  });

  it('maps a filtered completion (finish_reason content_filter) without throwing', T, async () => {
    f.setReply({ text: 'Partial', finishReason: 'content_filter' });
    const r = await provider().complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(r.finishReason).toBe('content_filter');
  });

  it('a model the server does not know → not_found', T, async () => {
    const p = createProvider({ id: 'vllm', api: 'openai', baseUrl: `${f.url}/wrong` });
    await expect(p.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      kind: 'not_found',
      status: 404,
      provider: 'vllm',
    });
  });
});
