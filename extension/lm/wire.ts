/**
 * The language model provider's wire: VS Code's chat messages (as plain data) to an OpenAI Chat Completions
 * request for the bundled gateway, and the gateway's SSE stream back to text, tool calls and what Switchyard
 * adds (the answering model, the cost). Pure: no vscode, no network.
 */

export type NeutralPart =
  | { kind: 'text'; text: string }
  | { kind: 'image'; mimeType: string; data: Uint8Array }
  | { kind: 'toolCall'; callId: string; name: string; input: unknown }
  | { kind: 'toolResult'; callId: string; text: string };

export interface NeutralMessage {
  role: 'user' | 'assistant' | 'system';
  parts: NeutralPart[];
  name?: string;
}

export interface NeutralTool {
  name: string;
  description: string;
  inputSchema?: object;
}

type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ChatCompletionsBody {
  model: string;
  stream: true;
  stream_options: { include_usage: true };
  messages: Record<string, unknown>[];
  tools?: { type: 'function'; function: { name: string; description: string; parameters: object } }[];
  tool_choice?: 'auto' | 'required';
}

function base64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** One VS Code message can become several OpenAI messages: tool results are messages of their own. */
export function toOpenAIMessages(messages: readonly NeutralMessage[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of messages) {
    const content: ContentPart[] = [];
    const toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
    for (const p of m.parts) {
      if (p.kind === 'text') content.push({ type: 'text', text: p.text });
      else if (p.kind === 'image') content.push({ type: 'image_url', image_url: { url: `data:${p.mimeType};base64,${base64(p.data)}` } });
      else if (p.kind === 'toolCall') toolCalls.push({ id: p.callId, type: 'function', function: { name: p.name, arguments: JSON.stringify(p.input ?? {}) } });
      else out.push({ role: 'tool', tool_call_id: p.callId, content: p.text });
    }
    const onlyText = content.every((c) => c.type === 'text');
    const text = content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    if (m.role === 'assistant') {
      if (content.length === 0 && toolCalls.length === 0) continue;
      out.push({ role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}), ...(m.name ? { name: m.name } : {}) });
    } else if (content.length > 0) {
      out.push({ role: m.role, content: onlyText || m.role === 'system' ? text : content, ...(m.name ? { name: m.name } : {}) });
    }
  }
  return out;
}

export function chatCompletionsBody(model: string, messages: readonly NeutralMessage[], tools: readonly NeutralTool[] = [], toolMode: 'auto' | 'required' = 'auto'): ChatCompletionsBody {
  const body: ChatCompletionsBody = { model, stream: true, stream_options: { include_usage: true }, messages: toOpenAIMessages(messages) };
  if (tools.length > 0) {
    body.tools = tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema ?? { type: 'object', properties: {} } } }));
    body.tool_choice = toolMode;
  }
  return body;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'toolCall'; callId: string; name: string; input: object }
  | { type: 'done'; model: string | undefined; cost: number | undefined; inputTokens?: number; outputTokens?: number }
  | { type: 'error'; message: string; code?: string };

/** Parses the gateway's SSE (OpenAI chunks plus a `switchyard` field on the last one) incrementally. */
export class ChatStreamParser {
  private buffer = '';
  private model: string | undefined;
  private cost: number | undefined;
  private usage: { inputTokens: number; outputTokens: number } | undefined;
  private readonly calls = new Map<number, { id: string; name: string; args: string }>();
  private finished = false;

  feed(chunk: string): StreamEvent[] {
    this.buffer += chunk;
    const events: StreamEvent[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data === '') continue;
      if (data === '[DONE]') {
        events.push(...this.end());
        continue;
      }
      let json: Record<string, any>;
      try {
        json = JSON.parse(data) as Record<string, any>;
      } catch {
        continue;
      }
      events.push(...this.chunk(json));
    }
    return events;
  }

  /** Call when the body ends: flushes tool calls and reports the result if `[DONE]` never came. */
  end(): StreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    const events: StreamEvent[] = [];
    for (const [, c] of [...this.calls].sort((a, b) => a[0] - b[0])) {
      let input: object = {};
      try {
        const parsed: unknown = c.args.trim() === '' ? {} : JSON.parse(c.args);
        input = parsed && typeof parsed === 'object' ? parsed : { value: parsed };
      } catch {
        events.push({ type: 'error', message: `the model sent invalid JSON arguments for tool "${c.name}"` });
        continue;
      }
      events.push({ type: 'toolCall', callId: c.id, name: c.name, input });
    }
    this.calls.clear();
    events.push({ type: 'done', model: this.model, cost: this.cost, ...(this.usage ?? {}) });
    return events;
  }

  private chunk(json: Record<string, any>): StreamEvent[] {
    if (json.error) {
      this.finished = true;
      return [{ type: 'error', message: String(json.error.message ?? 'the gateway reported an error'), ...(json.error.code ? { code: String(json.error.code) } : {}) }];
    }
    if (typeof json.model === 'string') this.model = json.model;
    if (json.switchyard && typeof json.switchyard.cost === 'number') this.cost = json.switchyard.cost;
    if (json.usage) this.usage = { inputTokens: Number(json.usage.prompt_tokens ?? 0), outputTokens: Number(json.usage.completion_tokens ?? 0) };
    const events: StreamEvent[] = [];
    for (const choice of (json.choices as any[] | undefined) ?? []) {
      const delta = choice?.delta ?? {};
      if (typeof delta.content === 'string' && delta.content !== '') events.push({ type: 'text', text: delta.content });
      if (typeof delta.refusal === 'string' && delta.refusal !== '') events.push({ type: 'text', text: delta.refusal });
      for (const tc of (delta.tool_calls as any[] | undefined) ?? []) {
        const index = Number(tc.index ?? 0);
        const call = this.calls.get(index) ?? { id: '', name: '', args: '' };
        if (tc.id) call.id = String(tc.id);
        if (tc.function?.name) call.name += String(tc.function.name);
        if (tc.function?.arguments) call.args += String(tc.function.arguments);
        this.calls.set(index, call);
      }
    }
    return events;
  }
}

/** The gateway's error body (`{ error: { message, code } }`) as one readable line. */
export function gatewayError(status: number, body: string): { message: string; code?: string } {
  try {
    const json = JSON.parse(body) as { error?: { message?: string; code?: string; type?: string } };
    if (json.error?.message) return { message: json.error.message, ...(json.error.code ? { code: json.error.code } : json.error.type ? { code: json.error.type } : {}) };
  } catch {
    // not JSON
  }
  return { message: `the Switchyard gateway answered HTTP ${status}${body.trim() ? `: ${body.trim().slice(0, 300)}` : ''}` };
}
