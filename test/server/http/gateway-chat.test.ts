/**
 * /v1/chat/completions as a faithful gateway, driven by the official openai SDK (6.x) against local upstreams:
 * parameters forwarded or mapped, refusals, content null, max_tokens, and upstream errors keeping their meaning.
 * Every answer is checked against OpenAI's own OpenAPI schemas.
 */
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openapiErrors } from '../../helpers/openapi.js';
import { startGateway, type Gateway } from '../../helpers/gateway-sandbox.js';

let gw: Gateway;
let client: OpenAI;
beforeEach(async () => {
  gw = await startGateway();
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'sk-client-never-forwarded', maxRetries: 0 });
});
afterEach(() => gw.close());

type Body = Record<string, unknown>;
const lastBody = (f: { requests: { body: unknown }[] }) => f.requests.at(-1)?.body as Body;
const weather = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } };
const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };

describe('parameters reach the upstream', () => {
  it('forwards every Chat Completions parameter to an OpenAI-compatible upstream', async () => {
    const sent = {
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema, strict: true } },
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      user: 'u-1',
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      logit_bias: { '50256': -100 },
      reasoning_effort: 'low',
      metadata: { team: 'infra' },
      store: false,
      service_tier: 'auto',
      temperature: 0.3,
    } satisfies Partial<OpenAI.ChatCompletionCreateParamsNonStreaming>;
    const res = await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'hi', name: 'ada' }], tools: [weather], ...sent });
    expect(openapiErrors('CreateChatCompletionResponse', res)).toEqual([]);
    const body = lastBody(gw.sb.alpha);
    expect(body).toMatchObject({ ...sent, messages: [{ role: 'user', content: 'hi', name: 'ada' }] });
    expect(openapiErrors('CreateChatCompletionRequest', { ...body, model: 'gpt-4o' })).toEqual([]);
  });

  it('maps them for Anthropic: tool_choice, stop_sequences, top_p, user, thinking, json_schema as a forced tool', async () => {
    await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }], tools: [weather], tool_choice: 'required', parallel_tool_calls: false, stop: 'END', top_p: 0.8, user: 'u-2' });
    expect(lastBody(gw.sb.beta)).toMatchObject({ tool_choice: { type: 'any', disable_parallel_tool_use: true }, stop_sequences: ['END'], top_p: 0.8, metadata: { user_id: 'u-2' } });

    await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }], tools: [weather], tool_choice: 'none' });
    expect(lastBody(gw.sb.beta).tool_choice).toEqual({ type: 'none' });

    await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'think' }], reasoning_effort: 'medium', max_completion_tokens: 6000 });
    expect(lastBody(gw.sb.beta)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 6000 });

    gw.sb.beta.setReply({ text: '', toolCalls: [{ id: 'toolu_1', name: 'reply', arguments: '{"answer":"42"}' }], finishReason: 'tool_calls', usage: { inputTokens: 3, outputTokens: 4 } });
    const structured = await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'answer' }], response_format: { type: 'json_schema', json_schema: { name: 'reply', schema } } });
    expect(lastBody(gw.sb.beta)).toMatchObject({ tool_choice: { type: 'tool', name: 'reply' }, tools: [{ name: 'reply', input_schema: schema }] });
    expect(structured.choices[0]?.message.content).toBe('{"answer":"42"}');
    expect(structured.choices[0]?.message.tool_calls).toBeUndefined();
    expect(structured.choices[0]?.finish_reason).toBe('stop');
  });

  it('maps them for Gemini: toolConfig, stopSequences, topP, seed, penalties, responseJsonSchema, thinkingConfig', async () => {
    await client.chat.completions.create({
      model: 'policy:gamma-only',
      messages: [{ role: 'user', content: 'hi' }],
      tools: [weather],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      stop: ['END'],
      top_p: 0.7,
      seed: 3,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      response_format: { type: 'json_schema', json_schema: { name: 'reply', schema } },
      reasoning_effort: 'high',
    });
    expect(lastBody(gw.gamma)).toMatchObject({
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { stopSequences: ['END'], topP: 0.7, seed: 3, presencePenalty: 0.1, frequencyPenalty: 0.2, responseMimeType: 'application/json', responseJsonSchema: schema, thinkingConfig: { thinkingBudget: 24_576 } },
    });
  });

  it('routes around a model that cannot honour a parameter, and refuses with a 400 naming it when none can', async () => {
    // pinned to beta (Anthropic has no logit_bias): alpha, the fallback, answers
    const routed = await client.chat.completions.create({ model: 'beta/beta-small', messages: [{ role: 'user', content: 'hi' }], logit_bias: { '1': 5 } });
    expect(routed.model).toBe('alpha/alpha-large');
    expect(gw.sb.beta.requests).toHaveLength(0);

    const refused = await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }], logit_bias: { '1': 5 } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    const err = refused as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err.status).toBe(400);
    expect(err.code).toBe('unsupported_parameter');
    expect(err.param).toBe('logit_bias');
    expect(gw.sb.beta.requests).toHaveLength(0);

    const streamedN = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], n: 2, stream: true }).catch((e: unknown) => e);
    expect((streamedN as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('n');
    expect(gw.upstreamCalls()).toBe(1);
  });

  it('forwards n > 1 to an OpenAI-compatible upstream and answers every choice; Claude cannot, so it is routed around', async () => {
    gw.sb.alpha.setReply({ text: 'first', moreChoices: ['second'], usage: { inputTokens: 2, outputTokens: 4 } });
    const res = await client.chat.completions.create({ model: 'beta/beta-small', messages: [{ role: 'user', content: 'hi' }], n: 2 });
    expect(res.model).toBe('alpha/alpha-large');
    expect(res.choices.map((c) => [c.index, c.message.content])).toEqual([[0, 'first'], [1, 'second']]);
    expect(lastBody(gw.sb.alpha).n).toBe(2);
    expect(openapiErrors('CreateChatCompletionResponse', res)).toEqual([]);
    const refused = (await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }], n: 2 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe('n');
    expect(gw.sb.beta.requests).toHaveLength(0);
  });
});

describe('answers as OpenAI gives them', () => {
  it('round-trips refusals, streamed and not, and sends content null beside tool calls only', async () => {
    gw.sb.alpha.setReply({ text: '', refusal: 'I can’t help with that.', usage: { inputTokens: 2, outputTokens: 3 } });
    const res = await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'bad' }] });
    expect(res.choices[0]?.message).toMatchObject({ content: null, refusal: 'I can’t help with that.' });
    expect(openapiErrors('CreateChatCompletionResponse', res)).toEqual([]);

    const stream = await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'bad' }], stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      expect(openapiErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
      if (chunk.choices[0]?.delta.refusal) pieces.push(chunk.choices[0].delta.refusal);
    }
    expect(pieces.join('')).toBe('I can’t help with that.');
    expect(pieces.length).toBeGreaterThan(1); // passed on as it streams, not at the end

    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const tools = await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'weather?' }], tools: [weather] });
    expect(tools.choices[0]?.message).toMatchObject({ content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] });
    expect(tools.choices[0]?.finish_reason).toBe('tool_calls');
    expect(openapiErrors('CreateChatCompletionResponse', tools)).toEqual([]);
  });

  it('streams chunks that validate, with the SDK assembling text and tool calls', async () => {
    gw.sb.beta.setReply({ text: 'one two', toolCalls: [{ id: 'toolu_9', name: 'get_weather', arguments: '{"city":"Rome"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const runner = client.chat.completions.stream({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'go' }], tools: [weather], stream_options: { include_usage: true } });
    for await (const chunk of runner) expect(openapiErrors('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('one two');
    expect(final.choices[0]?.message.tool_calls?.[0]?.function).toEqual({ name: 'get_weather', arguments: '{"city":"Rome"}' });
    expect(final.usage?.completion_tokens).toBe(3);
  });
});

describe('max_tokens', () => {
  it('sends none when the client sends none (Anthropic, which requires one, gets the model’s own limit)', async () => {
    await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'hi' }] });
    expect(lastBody(gw.sb.alpha)).not.toHaveProperty('max_tokens');
    expect(lastBody(gw.sb.alpha)).not.toHaveProperty('max_completion_tokens');
    await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }] });
    expect(lastBody(gw.sb.beta).max_tokens).toBe(6000);
  });

  it('honours a client’s value up to the model’s real limit, and routes around a model that cannot write it', async () => {
    await client.chat.completions.create({ model: 'policy:alpha-only', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8000 });
    expect(lastBody(gw.sb.alpha).max_tokens).toBe(8000);
    // beta can write 6,000: pinned to it, 7,000 goes to alpha instead
    const routed = await client.chat.completions.create({ model: 'beta/beta-small', messages: [{ role: 'user', content: 'hi' }], max_completion_tokens: 7000 });
    expect(routed.model).toBe('alpha/alpha-large');
    const refused = await client.chat.completions.create({ model: 'policy:beta-only', messages: [{ role: 'user', content: 'hi' }], max_tokens: 7000 }).catch((e: unknown) => e);
    // routing already keeps to models that can write that much: none can, so a 400 naming max_tokens, never retried
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).param).toBe('max_tokens');
    expect(gw.sb.beta.requests).toHaveLength(0);
  });
});

describe('upstream errors keep their meaning', () => {
  const ask = (c: OpenAI = client) => c.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] });

  it('a context-length 400 everywhere is a 400 the SDK does not retry', async () => {
    gw.sb.alpha.setFault({ type: 'contextLength' });
    gw.sb.beta.setFault({ type: 'contextLength' });
    const retrying = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 2 });
    const err = (await ask(retrying).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.code).toBe('context_length_exceeded');
    expect(gw.upstreamCalls()).toBe(2);
    const body = err.error as { attempts?: unknown[] };
    expect(body).toMatchObject({ type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it('rate limits everywhere are a 429 with retry-after, and one create() makes a bounded number of upstream calls', async () => {
    gw.sb.alpha.setFault({ type: 'status429', retryAfter: '0' });
    gw.sb.beta.setFault({ type: 'status429', retryAfter: '0' });
    const raw = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    const json = (await raw.json()) as { error: { type: string; code: string }; attempts: { kind: string }[] };
    expect(json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(json.attempts.every((a) => a.kind === 'rate_limit')).toBe(true);
    const perCall = gw.upstreamCalls(); // each model: the call and 2 retries
    expect(perCall).toBe(6);

    const retrying = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 1 });
    const err = await ask(retrying).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.RateLimitError);
    expect(gw.upstreamCalls() - perCall).toBe(2 * perCall);
  });

  it('open circuit breakers are a 503 with retry-after', async () => {
    gw.sb.alpha.setFault({ type: 'status500' });
    gw.sb.beta.setFault({ type: 'status500' });
    for (let i = 0; i < 3; i++) await ask().catch(() => undefined);
    const raw = await fetch(`${gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(raw.status).toBe(503);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('circuit_open');
  });

  it('upstream timeouts are a 504; broken upstream protocol a 502', async () => {
    await gw.close();
    gw = await startGateway({ timeouts: { connectMs: 1000, headersMs: 300, completeMs: 300, bodyMs: 300 } });
    client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'x', maxRetries: 0 });
    gw.sb.alpha.setFault({ type: 'slowFirstByte', ms: 2000 });
    gw.sb.beta.setFault({ type: 'slowFirstByte', ms: 2000 });
    const timeout = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(timeout.status).toBe(504);
    gw.sb.alpha.setFault({ type: 'malformedJson' });
    gw.sb.beta.setFault({ type: 'malformedJson' });
    const broken = (await ask().catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(broken.status).toBe(502);
  });
});
