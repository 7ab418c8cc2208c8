/**
 * POST /v1/messages (+ count_tokens) driven by the official Anthropic SDK pointed at the gateway, as
 * ANTHROPIC_BASE_URL does for it and for Claude Code: Claude answers natively, OpenAI-format and Gemini upstreams
 * are translated; client keys never go upstream; errors keep Anthropic's shape and their status.
 */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALPHA_KEY, BETA_KEY } from '../../helpers/provider-sandbox.js';
import { startGateway, type Gateway } from '../../helpers/gateway-sandbox.js';

let gw: Gateway;
let client: Anthropic;
beforeEach(async () => {
  gw = await startGateway();
  client = new Anthropic({ baseURL: gw.url, apiKey: 'sk-ant-client-never-forwarded', maxRetries: 0 });
});
afterEach(() => gw.close());

type Body = Record<string, unknown>;
const lastBody = (f: { requests: { body: unknown }[] }) => f.requests.at(-1)?.body as Body;
const weather: Anthropic.Tool = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

describe('Anthropic SDK against /v1/messages', () => {
  it('answers with Claude natively: system, tools, tool_choice, thinking, stop sequences, sampling, metadata', async () => {
    const msg = await client.messages.create({
      model: 'beta/beta-small',
      max_tokens: 5000,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: 'hi' }],
      tools: [weather],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      stop_sequences: ['END'],
      metadata: { user_id: 'u-9' },
      ...({ top_k: 5 } as object), // the Messages API takes it; this SDK version's types no longer list it
    });
    expect(msg).toMatchObject({ type: 'message', role: 'assistant', model: 'beta/beta-small', stop_reason: 'end_turn', content: [{ type: 'text', text: 'Hello from the fixture.' }] });
    expect(msg.usage).toMatchObject({ input_tokens: 12, output_tokens: 5 });
    expect(lastBody(gw.sb.beta)).toMatchObject({
      max_tokens: 5000,
      system: 'Be brief.',
      tools: [{ name: 'get_weather', input_schema: weather.input_schema }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      stop_sequences: ['END'],
      top_k: 5,
      metadata: { user_id: 'u-9' },
    });
    const headers = gw.sb.beta.requests.at(-1)?.headers ?? {};
    expect(headers['x-api-key']).toBe(BETA_KEY);
    expect(JSON.stringify(gw.sb.beta.requests)).not.toContain('sk-ant-client');
  });

  it('translates for an OpenAI-format upstream, tool use across turns included', async () => {
    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_3', name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 5, outputTokens: 6 } });
    const first = await client.messages.create({ model: 'policy:alpha-only', max_tokens: 300, messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([{ type: 'tool_use', id: 'call_3', name: 'get_weather', input: { city: 'Oslo' } }]);
    expect(lastBody(gw.sb.alpha)).toMatchObject({ max_tokens: 300, tool_choice: { type: 'function', function: { name: 'get_weather' } } });
    expect(gw.sb.alpha.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ALPHA_KEY}`);

    gw.sb.alpha.setReply({ text: 'Clear skies.', usage: { inputTokens: 5, outputTokens: 2 } });
    const second = await client.messages.create({
      model: 'policy:alpha-only',
      max_tokens: 300,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_3', content: '{"sky":"clear"}' }] },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Clear skies.' }]);
    expect(lastBody(gw.sb.alpha).messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_3', content: '{"sky":"clear"}' },
    ]);
  });

  it('streams the documented events; the SDK assembles text and tool use (Gemini upstream)', async () => {
    gw.gamma.setReply({ text: 'one two three', toolCalls: [{ id: 'fc_1', name: 'get_weather', arguments: '{"city":"Rome"}' }], usage: { inputTokens: 3, outputTokens: 4 } });
    const stream = client.messages.stream({ model: 'policy:gamma-only', max_tokens: 400, messages: [{ role: 'user', content: 'go' }], tools: [weather] });
    const types: string[] = [];
    stream.on('streamEvent', (e) => types.push(e.type));
    const final = await stream.finalMessage();
    expect(final.content).toEqual([
      { type: 'text', text: 'one two three' },
      { type: 'tool_use', id: expect.any(String), name: 'get_weather', input: { city: 'Rome' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBe(4);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(lastBody(gw.gamma)).toMatchObject({ generationConfig: { maxOutputTokens: 400 } });
  });

  it('round-trips Claude’s signed thinking, streamed and not, so tool use with thinking can continue', async () => {
    gw.sb.beta.setReply({ text: '', thinking: { text: 'Need the weather.', signature: 'sig-abc' }, toolCalls: [{ id: 'toolu_5', name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 5, outputTokens: 6 } });
    const ask = { model: 'policy:beta-only', max_tokens: 4000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, tools: [weather], messages: [{ role: 'user' as const, content: 'Weather in Oslo?' }] };
    const plain = await client.messages.create(ask);
    expect(plain.content[0]).toEqual({ type: 'thinking', thinking: 'Need the weather.', signature: 'sig-abc' });
    const streamed = await client.messages.stream(ask).finalMessage();
    const thinking = streamed.content.find((b) => b.type === 'thinking');
    expect(thinking).toEqual({ type: 'thinking', thinking: 'Need the weather.', signature: 'sig-abc' });

    gw.sb.beta.setReply({ text: 'Clear.', usage: { inputTokens: 5, outputTokens: 1 } });
    await client.messages.create({ ...ask, messages: [...ask.messages, { role: 'assistant', content: streamed.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_5', content: 'clear' }] }] });
    const replayed = (lastBody(gw.sb.beta).messages as Array<{ role: string; content: Array<{ type: string }> }>)[1];
    expect(replayed?.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    expect(replayed?.content[0]).toEqual({ type: 'thinking', thinking: 'Need the weather.', signature: 'sig-abc' });
  });

  it('keeps Claude Code’s prompt-cache breakpoints for Claude: system blocks, tools, messages, tool results', async () => {
    await client.messages.create({
      model: 'policy:beta-only',
      max_tokens: 100,
      system: [{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral' } }],
      tools: [{ ...weather, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    const body = lastBody(gw.sb.beta);
    expect(body.system).toEqual([{ type: 'text', text: 'You are Claude Code.' }, { type: 'text', text: 'Project rules.', cache_control: { type: 'ephemeral' } }]);
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'Weather', input_schema: weather.input_schema, cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  it('accepts Claude Code’s way of calling: ?beta=true, x-api-key and anthropic-beta headers (never forwarded), cache_control', async () => {
    const res = await fetch(`${gw.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-claude-code', 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14' },
      body: JSON.stringify({ model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }] }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { type: string }).type).toBe('message');
    expect(JSON.stringify([...gw.sb.alpha.requests, ...gw.sb.beta.requests])).not.toContain('sk-ant-claude-code');
    expect(JSON.stringify([...gw.sb.alpha.requests, ...gw.sb.beta.requests])).not.toContain('interleaved-thinking');
  });

  it('lists auto, the policies and the catalog in Anthropic’s model-list shape', async () => {
    const page = await client.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids.slice(0, 2)).toEqual(['auto', 'policy:cheapest']);
    expect(ids).toContain('beta/beta-small');
    expect(page.data[0]?.type).toBe('model');
  });

  it('counts tokens', async () => {
    const count = await client.messages.countTokens({ model: 'auto', messages: [{ role: 'user', content: 'Hello there, how are you today?' }], tools: [weather] });
    expect(count.input_tokens).toBeGreaterThan(10);
    expect(gw.upstreamCalls()).toBe(0);
  });

  it('keeps the meaning of errors, in Anthropic’s shape: 400 unsupported, 429 with retry-after, 400 context length', async () => {
    const seed = (await fetch(`${gw.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], container: 'c1' }) }));
    expect(seed.status).toBe(400);
    expect(await seed.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', param: 'container' } });

    gw.sb.alpha.setFault({ type: 'status429', retryAfter: '30' });
    gw.sb.beta.setFault({ type: 'status429', retryAfter: '30' });
    const limited = (await client.messages.create({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect(limited.headers?.get('retry-after')).toBe('30');
    expect((limited.error as { error: { type: string } }).error.type).toBe('rate_limit_error');

    gw.sb.alpha.setFault({ type: 'contextLength' });
    gw.sb.beta.setFault({ type: 'contextLength' });
    const retrying = new Anthropic({ baseURL: gw.url, apiKey: 'x', maxRetries: 2 });
    const before = gw.upstreamCalls();
    const tooLong = await retrying.messages.create({ model: 'auto', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(Anthropic.BadRequestError);
    expect(gw.upstreamCalls() - before).toBe(2);
  });
});
