/**
 * POST /v1/responses, driven by the openai SDK's Responses API and the AI SDK's default OpenAI provider (which
 * speaks Responses), against local upstreams of every wire format. Answers and every stream event are checked
 * against OpenAI's OpenAPI schemas.
 */
import OpenAI from 'openai';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openapiErrors, responseEventErrors } from '../../helpers/openapi.js';
import { startGateway, type Gateway } from '../../helpers/gateway-sandbox.js';

let gw: Gateway;
let client: OpenAI;
beforeEach(async () => {
  gw = await startGateway();
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'sk-client', maxRetries: 0 });
});
afterEach(() => gw.close());

type Body = Record<string, unknown>;
const lastBody = (f: { requests: { body: unknown }[] }) => f.requests.at(-1)?.body as Body;
const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };

describe('openai SDK, Responses API', () => {
  it('answers input items and instructions, on every wire format, with a Response that validates', async () => {
    for (const policy of ['alpha-only', 'beta-only', 'gamma-only']) {
      const res = await client.responses.create({ model: `policy:${policy}`, instructions: 'Be brief.', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], max_output_tokens: 500, temperature: 0.2 });
      expect(openapiErrors('Response', res)).toEqual([]);
      expect(res.output_text).toBe('Hello from the fixture.');
      expect(res.status).toBe('completed');
      expect(res.usage?.total_tokens).toBe(17);
    }
    expect(lastBody(gw.sb.alpha)).toMatchObject({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 500, temperature: 0.2 });
    expect(lastBody(gw.sb.beta)).toMatchObject({ system: 'Be brief.', max_tokens: 500 });
  });

  it('runs function tools across turns: calls out, outputs back in', async () => {
    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage: { inputTokens: 5, outputTokens: 6 } });
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }];
    const first = await client.responses.create({ model: 'policy:alpha-only', input: 'Weather in Oslo?', tools, tool_choice: { type: 'function', name: 'get_weather' } });
    expect(openapiErrors('Response', first)).toEqual([]);
    const call = first.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', call_id: 'call_7', name: 'get_weather', arguments: '{"city":"Oslo"}' });
    expect(lastBody(gw.sb.alpha)).toMatchObject({ tool_choice: { type: 'function', function: { name: 'get_weather' } }, tools: [{ type: 'function', function: { name: 'get_weather', strict: true } }] });

    gw.sb.alpha.setReply({ text: 'Sunny.', usage: { inputTokens: 5, outputTokens: 1 } });
    const second = await client.responses.create({ model: 'policy:alpha-only', tools, input: [{ role: 'user', content: 'Weather in Oslo?' }, ...first.output.filter((o) => o.type === 'function_call'), { type: 'function_call_output', call_id: 'call_7', output: '{"sky":"clear"}' }] });
    expect(second.output_text).toBe('Sunny.');
    expect(lastBody(gw.sb.alpha).messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_7', content: '{"sky":"clear"}' },
    ]);
  });

  it('passes text.format json_schema and reasoning effort; refuses previous_response_id with a 400', async () => {
    await client.responses.create({ model: 'policy:gamma-only', input: 'answer', text: { format: { type: 'json_schema', name: 'reply', schema, strict: true } }, reasoning: { effort: 'low' } });
    expect(lastBody(gw.gamma)).toMatchObject({ generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema, thinkingConfig: { thinkingBudget: 1024 } } });
    const err = (await client.responses.create({ model: 'auto', input: 'again', previous_response_id: 'resp_123' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect(err.param).toBe('previous_response_id');
    expect(err.message).toContain('does not store responses');
    expect(gw.upstreamCalls()).toBe(1);
  });

  it('streams the documented events, each valid, with the text, a refusal and function calls', async () => {
    gw.sb.beta.setReply({ text: 'one two three', toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Rome"}' }], usage: { inputTokens: 3, outputTokens: 4 } });
    const stream = await client.responses.create({ model: 'policy:beta-only', input: 'go', stream: true, tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }] });
    const types: string[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      expect(responseEventErrors(event)).toEqual([]);
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('one two three');
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types).toContain('response.function_call_arguments.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(completed?.output.map((o) => o.type)).toEqual(['message', 'function_call']);
    expect(openapiErrors('Response', completed)).toEqual([]);

    gw.sb.alpha.setReply({ text: '', refusal: 'No.', usage: { inputTokens: 1, outputTokens: 1 } });
    const refused = await client.responses.create({ model: 'policy:alpha-only', input: 'bad', stream: true });
    const events: Array<{ type: string }> = [];
    for await (const e of refused) events.push(e);
    events.forEach((e) => expect(responseEventErrors(e)).toEqual([]));
    expect(events.find((e) => e.type === 'response.refusal.done')).toMatchObject({ refusal: 'No.' });
  });
});

describe('AI SDK (@ai-sdk/openai, whose default is the Responses API)', () => {
  const paths: string[] = [];
  const provider = () =>
    createOpenAI({
      baseURL: `${gw.url}/v1`,
      apiKey: 'sk-client',
      fetch: (input, init) => {
        paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
        return fetch(input, init);
      },
    });

  it('generateText and streamText with a tool', async () => {
    const openai = provider();
    const result = await generateText({ model: openai('policy:alpha-only'), prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('Hello from the fixture.');
    expect(result.usage.totalTokens).toBe(17);
    expect(gw.sb.alpha.requests).toHaveLength(1);
    expect(paths).toEqual(['/v1/responses']);

    gw.sb.beta.setReply({ text: 'a b c', usage: { inputTokens: 2, outputTokens: 3 } });
    const streamed = streamText({ model: openai('policy:beta-only'), prompt: 'go', maxRetries: 0 });
    let text = '';
    for await (const t of streamed.textStream) text += t;
    expect(text).toBe('a b c');

    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const called = await generateText({
      model: openai('policy:alpha-only'),
      prompt: 'weather in Paris',
      tools: { weather: tool({ description: 'weather', inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }) }) },
      toolChoice: 'required',
      maxRetries: 0,
    });
    expect(called.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Paris' } });
    expect(lastBody(gw.sb.alpha).tool_choice).toBe('required');
  });

  it('runs a multi-step tool loop: the tool’s result goes back as a function_call_output', async () => {
    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const result = await generateText({
      model: provider()('policy:alpha-only'),
      prompt: 'weather in Paris',
      maxRetries: 0,
      stopWhen: stepCountIs(2),
      tools: {
        weather: tool({
          inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
          execute: async () => {
            gw.sb.alpha.setReply({ text: 'Sunny', usage: { inputTokens: 2, outputTokens: 1 } });
            return { sky: 'clear' };
          },
        }),
      },
    });
    expect(result.text).toBe('Sunny');
    expect(lastBody(gw.sb.alpha).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris' }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"sky":"clear"}' },
    ]);
  });
});
