import { describe, expect, it } from 'vitest';
import { chatCompletionsBody, ChatStreamParser, gatewayError, toOpenAIMessages } from '../../extension/lm/wire.js';
import { gatewayUrlFrom } from '../../extension/lm/gateway.js';

const sse = (...chunks: unknown[]) => chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`).join('');
const delta = (d: Record<string, unknown>, model = 'fixture/echo-small', finish: string | null = null) => ({ object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: d, finish_reason: finish }] });

describe('language model requests to the gateway', () => {
  it('maps text, images, tool calls and tool results to Chat Completions messages', () => {
    const messages = toOpenAIMessages([
      { role: 'system', parts: [{ kind: 'text', text: 'Be brief.' }] },
      { role: 'user', parts: [{ kind: 'text', text: 'What is in ' }, { kind: 'image', mimeType: 'image/png', data: new Uint8Array([1, 2, 3]) }] },
      { role: 'assistant', parts: [{ kind: 'toolCall', callId: 'c1', name: 'read_file', input: { path: 'a.ts' } }] },
      { role: 'user', parts: [{ kind: 'toolResult', callId: 'c1', text: 'export const a = 1;' }, { kind: 'text', text: 'and now?' }] },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'What is in ' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'export const a = 1;' },
      { role: 'user', content: 'and now?' },
    ]);
  });

  it('asks for a stream with usage, and passes tools with the tool mode', () => {
    const body = chatCompletionsBody('policy:cheapest', [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }], [{ name: 'grep', description: 'search', inputSchema: { type: 'object' } }], 'required');
    expect(body).toMatchObject({ model: 'policy:cheapest', stream: true, stream_options: { include_usage: true }, tool_choice: 'required' });
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'grep', description: 'search', parameters: { type: 'object' } } }]);
    expect(chatCompletionsBody('auto', []).tools).toBeUndefined();
  });
});

describe('the gateway stream', () => {
  it('yields text as it arrives, split anywhere, then the routed model and the cost', () => {
    const text = sse(delta({ role: 'assistant', content: '' }), delta({ content: 'Hel' }), delta({ content: 'lo' }), { ...delta({}, 'fixture/echo-small', 'stop'), switchyard: { cost: 0.000123, policy: 'cheapest' } }, '[DONE]');
    const parser = new ChatStreamParser();
    const events = [];
    for (let i = 0; i < text.length; i += 7) events.push(...parser.feed(text.slice(i, i + 7)));
    events.push(...parser.end());
    expect(events).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'done', model: 'fixture/echo-small', cost: 0.000123 },
    ]);
  });

  it('assembles streamed tool calls (fragments of arguments) into one call each', () => {
    const parser = new ChatStreamParser();
    const events = parser.feed(
      sse(
        delta({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'grep', arguments: '{"pat' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: 'tern":"x"}' } }] }),
        delta({ tool_calls: [{ index: 1, id: 'call_2', function: { name: 'ls', arguments: '' } }] }),
        '[DONE]',
      ),
    );
    expect(events.filter((e) => e.type === 'toolCall')).toEqual([
      { type: 'toolCall', callId: 'call_1', name: 'grep', input: { pattern: 'x' } },
      { type: 'toolCall', callId: 'call_2', name: 'ls', input: {} },
    ]);
  });

  it('reports an error the gateway sends mid-stream, and error bodies as one line', () => {
    const parser = new ChatStreamParser();
    expect(parser.feed(sse(delta({ content: 'a' }), { error: { message: 'upstream reset', code: 'provider_failed' } }))).toEqual([
      { type: 'text', text: 'a' },
      { type: 'error', message: 'upstream reset', code: 'provider_failed' },
    ]);
    expect(gatewayError(429, JSON.stringify({ error: { message: 'Daily budget of $1.00 exceeded', code: 'budget_exceeded' } }))).toEqual({ message: 'Daily budget of $1.00 exceeded', code: 'budget_exceeded' });
    expect(gatewayError(502, 'Bad gateway').message).toBe('the Switchyard gateway answered HTTP 502: Bad gateway');
  });

  it('finds the gateway address in the serve command’s start-up line', () => {
    expect(gatewayUrlFrom('switchyard: MCP at http://127.0.0.1:41234/mcp, OpenAI-compatible API at http://127.0.0.1:41234/v1 (workspace /w)')).toBe('http://127.0.0.1:41234');
    expect(gatewayUrlFrom('switchyard: loading')).toBeUndefined();
  });
});
