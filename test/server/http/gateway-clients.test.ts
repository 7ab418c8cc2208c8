/**
 * The gateway's Chat Completions endpoint from the AI SDK's OpenAI-compatible provider and LangChain's ChatOpenAI,
 * streamed and not: text, tools with a forced choice, structured output with a JSON schema, errors that are not retried.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, jsonSchema, Output, streamText, tool, APICallError } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../helpers/gateway-sandbox.js';

let gw: Gateway;
beforeEach(async () => {
  gw = await startGateway();
});
afterEach(() => gw.close());

type Body = Record<string, unknown>;
const lastBody = (f: { requests: { body: unknown }[] }) => f.requests.at(-1)?.body as Body;
const citySchema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } as const;

describe('AI SDK (@ai-sdk/openai-compatible)', () => {
  const provider = () => createOpenAICompatible({ name: 'switchyard', baseURL: `${gw.url}/v1`, apiKey: 'sk-client', supportsStructuredOutputs: true, includeUsage: true });

  it('generates and streams text, with usage', async () => {
    const sy = provider();
    const result = await generateText({ model: sy('policy:beta-only'), prompt: 'hi', maxRetries: 0, topP: 0.5, stopSequences: ['END'] });
    expect(result.text).toBe('Hello from the fixture.');
    expect(result.usage.totalTokens).toBe(17);
    expect(lastBody(gw.sb.beta)).toMatchObject({ top_p: 0.5, stop_sequences: ['END'] });

    const streamed = streamText({ model: sy('policy:alpha-only'), prompt: 'go', maxRetries: 0 });
    let text = '';
    for await (const t of streamed.textStream) text += t;
    expect(text).toBe('Hello from the fixture.');
    expect((await streamed.usage).totalTokens).toBe(17);
  });

  it('forces a tool and structures output with a JSON schema', async () => {
    gw.sb.alpha.setReply({ text: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Lima"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const sy = provider();
    const called = await generateText({ model: sy('policy:alpha-only'), prompt: 'weather', tools: { weather: tool({ inputSchema: jsonSchema<{ city: string }>(citySchema) }) }, toolChoice: { type: 'tool', toolName: 'weather' }, maxRetries: 0 });
    expect(called.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Lima' } });
    expect(lastBody(gw.sb.alpha).tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });

    gw.sb.alpha.setReply({ text: '{"city":"Quito"}', usage: { inputTokens: 2, outputTokens: 3 } });
    const structured = await generateText({ model: sy('policy:alpha-only'), prompt: 'a city', output: Output.object({ schema: jsonSchema<{ city: string }>(citySchema) }), maxRetries: 0 });
    expect(structured.output).toEqual({ city: 'Quito' });
    expect(lastBody(gw.sb.alpha).response_format).toMatchObject({ type: 'json_schema', json_schema: { schema: citySchema } });
  });

  it('sees a 400 it does not retry when no candidate can take the request', async () => {
    gw.sb.alpha.setFault({ type: 'contextLength' });
    gw.sb.beta.setFault({ type: 'contextLength' });
    const err = await generateText({ model: provider()('auto'), prompt: 'hi', maxRetries: 2 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(err)).toBe(true);
    expect((err as APICallError).statusCode).toBe(400);
    expect((err as APICallError).isRetryable).toBe(false);
    expect(gw.upstreamCalls()).toBe(2);
  });
});

describe('LangChain (@langchain/openai ChatOpenAI)', () => {
  const chat = (fields: ConstructorParameters<typeof ChatOpenAI>[0] = {}) => new ChatOpenAI({ model: 'policy:beta-only', apiKey: 'sk-client', configuration: { baseURL: `${gw.url}/v1` }, maxRetries: 0, ...fields });

  it('invokes and streams', async () => {
    const answer = await chat({ temperature: 0.1, topP: 0.9 }).invoke('hi');
    expect(answer.content).toBe('Hello from the fixture.');
    expect(lastBody(gw.sb.beta)).toMatchObject({ temperature: 0.1, top_p: 0.9 });
    let text = '';
    for await (const chunk of await chat({ model: 'policy:alpha-only' }).stream('go')) text += String(chunk.content);
    expect(text).toBe('Hello from the fixture.');
  });

  it('binds tools with a forced choice and gets structured output', async () => {
    gw.sb.beta.setReply({ text: '', toolCalls: [{ id: 'toolu_2', name: 'weather', arguments: '{"city":"Bern"}' }], usage: { inputTokens: 2, outputTokens: 3 } });
    const bound = chat().bindTools([{ type: 'function', function: { name: 'weather', description: 'weather', parameters: citySchema } }], { tool_choice: 'weather' });
    const msg = await bound.invoke('weather in Bern');
    expect(msg.tool_calls?.[0]).toMatchObject({ name: 'weather', args: { city: 'Bern' } });
    expect(lastBody(gw.sb.beta).tool_choice).toEqual({ type: 'tool', name: 'weather' });

    gw.sb.alpha.setReply({ text: '{"city":"Oslo"}', usage: { inputTokens: 2, outputTokens: 3 } });
    const structured = await chat({ model: 'policy:alpha-only' }).withStructuredOutput(citySchema, { name: 'city', method: 'jsonSchema' }).invoke('a city');
    expect(structured).toEqual({ city: 'Oslo' });
    expect(lastBody(gw.sb.alpha).response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'city' } });
  });
});
