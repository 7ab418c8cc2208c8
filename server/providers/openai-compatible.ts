/**
 * OpenAI-compatible Chat Completions (`POST {baseUrl}/chat/completions`): OpenAI, OpenRouter, Groq,
 * DeepSeek, Mistral, xAI, Together, Fireworks, Ollama, vLLM, LM Studio, …
 */
import { effortForBudget } from '../../shared/routing/thinking.js';
import type { SseEvent } from './sse.js';
import { Upstream, asArray, completionResult, isObject, num, str, type Json, type StreamDecoder } from './http.js';
import {
  contentText,
  type CompletionRequest,
  type CompletionResult,
  type FinishReason,
  type Provider,
  type ProviderConfig,
  type ProviderMessage,
  type StreamEvent,
  type ToolCall,
  type Usage,
} from './types.js';


export function createOpenAICompatibleProvider(config: ProviderConfig): Provider {
  const upstream = new Upstream(config);
  const headers: Record<string, string> = { ...config.headers };
  if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
  const maxTokensField = config.maxTokensField ?? 'max_tokens';
  const path = '/chat/completions';
  return {
    id: config.id,
    async complete(req, signal) {
      const json = await upstream.postJson({ path, headers, body: toRequestBody(req, false, maxTokensField), signal });
      return parseResponse(upstream, json);
    },
    stream(req, signal) {
      return upstream.stream(
        { path, headers, body: toRequestBody(req, true, maxTokensField), signal },
        new ChatStreamDecoder(upstream),
        (json) => parseResponse(upstream, json),
      );
    },
  };
}

export function toRequestBody(
  req: CompletionRequest,
  stream: boolean,
  maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens',
): Json {
  const body: Json = { model: req.model, messages: req.messages.map(toWireMessage) };
  if (req.maxTokens !== undefined) body[maxTokensField] = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description !== undefined ? { description: t.description } : {}),
        parameters: t.parameters,
        ...(t.strict !== undefined ? { strict: t.strict } : {}),
      },
    }));
  }
  if (req.toolChoice !== undefined) {
    body.tool_choice = typeof req.toolChoice === 'string' ? req.toolChoice : { type: 'function', function: { name: req.toolChoice.name } };
  }
  if (req.parallelToolCalls !== undefined && req.tools?.length) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.jsonSchema) {
    const { name, schema, description, strict } = req.jsonSchema;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, ...(description !== undefined ? { description } : {}), ...(strict !== undefined ? { strict } : {}) } };
  } else if (req.json) body.response_format = { type: 'json_object' };
  const passthrough: Array<[keyof CompletionRequest, string]> = [
    ['topP', 'top_p'],
    ['stop', 'stop'],
    ['seed', 'seed'],
    ['presencePenalty', 'presence_penalty'],
    ['frequencyPenalty', 'frequency_penalty'],
    ['logitBias', 'logit_bias'],
    ['n', 'n'],
    ['reasoningEffort', 'reasoning_effort'],
    ['user', 'user'],
    ['metadata', 'metadata'],
    ['store', 'store'],
  ];
  for (const [field, wire] of passthrough) if (req[field] !== undefined) body[wire] = req[field];
  // not in OpenAI's spec, but vLLM, Together, OpenRouter and others take it; OpenAI itself answers 400
  if (req.topK !== undefined) body.top_k = req.topK;
  if (req.thinkingBudget !== undefined && req.reasoningEffort === undefined) body.reasoning_effort = effortForBudget(req.thinkingBudget);
  for (const [key, value] of Object.entries(req.openaiExtra ?? {})) if (value !== undefined && !(key in body)) body[key] = value;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

function toWireMessage(m: ProviderMessage): Json {
  const wire = wireMessage(m);
  if (m.name && m.role !== 'tool') wire.name = m.name;
  return wire;
}

function wireMessage(m: ProviderMessage): Json {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: contentText(m.content) };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: contentText(m.content) };
    case 'assistant': {
      const text = contentText(m.content);
      // `content: null` is only valid beside tool calls.
      const msg: Json = { role: 'assistant', content: text || (m.toolCalls?.length ? null : '') };
      if (m.toolCalls?.length) {
        msg.tool_calls = m.toolCalls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        }));
      }
      return msg;
    }
    case 'user':
      if (typeof m.content === 'string') return { role: 'user', content: m.content };
      return {
        role: 'user',
        content: m.content.map((p) =>
          p.type === 'text'
            ? { type: 'text', text: p.text }
            : {
                type: 'image_url',
                image_url: { url: p.url ?? `data:${p.mimeType ?? 'image/png'};base64,${p.data ?? ''}` },
              },
        ),
      };
  }
}

export function parseUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const usage: Usage = { inputTokens: num(u.prompt_tokens) ?? 0, outputTokens: num(u.completion_tokens) ?? 0 };
  const promptDetails = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const completionDetails = isObject(u.completion_tokens_details) ? u.completion_tokens_details : {};
  // DeepSeek reports cache hits as `prompt_cache_hit_tokens`.
  const cached = num(promptDetails.cached_tokens) ?? num(u.prompt_cache_hit_tokens);
  const reasoning = num(completionDetails.reasoning_tokens);
  if (cached) usage.cachedInputTokens = cached;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}

function mapFinish(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'stop':
    case undefined:
      // Some servers (Ollama, vLLM) say `stop` even when the turn ends in tool calls.
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}

function parseToolCall(raw: unknown, index: number): ToolCall | undefined {
  if (!isObject(raw) || !isObject(raw.function)) return undefined;
  const name = str(raw.function.name);
  if (!name) return undefined;
  const args = raw.function.arguments;
  return {
    id: str(raw.id) || `call_${index}`,
    name,
    arguments: typeof args === 'string' ? args || '{}' : JSON.stringify(args ?? {}),
  };
}

export function parseResponse(upstream: Upstream, json: unknown): CompletionResult {
  if (isObject(json) && json.error !== undefined && json.error !== null) {
    throw upstream.errorFromBody(0, json, '');
  }
  const choices = isObject(json) ? asArray(json.choices).filter((c): c is Json => isObject(c) && isObject(c.message)) : [];
  const [first, ...more] = choices.sort((a, b) => (num(a.index) ?? 0) - (num(b.index) ?? 0));
  if (!isObject(json) || !first) {
    throw upstream.error({ kind: 'malformed', message: 'the response has no choices[0].message' });
  }
  const result = choiceResult(first, parseUsage(json.usage), str(json.model));
  // n > 1: the other choices, usage counted once on the first
  if (more.length) result.moreChoices = more.map((c) => choiceResult(c));
  return result;
}

function choiceResult(choice: Json, usage?: Usage, model?: string): CompletionResult {
  const msg = choice.message as Json;
  const toolCalls = asArray(msg.tool_calls)
    .map(parseToolCall)
    .filter((c): c is ToolCall => c !== undefined);
  const result = completionResult(typeof msg.content === 'string' ? msg.content : '', mapFinish(str(choice.finish_reason), toolCalls.length > 0), toolCalls, usage, model);
  if (typeof msg.refusal === 'string' && msg.refusal) result.refusal = msg.refusal;
  const reasoning = str(msg.reasoning_content) ?? str(msg.reasoning);
  if (reasoning) result.reasoning = reasoning;
  return result;
}

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

/** Assembles `chat.completion.chunk`s: text deltas, tool-call deltas by index, finish, final usage. */
class ChatStreamDecoder implements StreamDecoder {
  private text = '';
  private refusal = '';
  private reasoning = '';
  private readonly calls = new Map<number, PartialCall>();
  private emittedCalls: ToolCall[] | undefined;
  private finish: string | undefined;
  private usage: Usage | undefined;
  private model: string | undefined;
  private done = false;

  constructor(private readonly upstream: Upstream) {}

  get complete(): boolean {
    return this.done || this.finish !== undefined;
  }

  push(ev: SseEvent): StreamEvent[] {
    if (this.done) return [];
    if (ev.data.trim() === '[DONE]') {
      this.done = true;
      return this.flushCalls();
    }
    const chunk = this.upstream.parseJson(ev.data, 'a stream chunk');
    if (!isObject(chunk)) return [];
    if (chunk.error !== undefined && chunk.error !== null) throw this.upstream.errorFromBody(0, chunk, ev.data);
    this.model ??= str(chunk.model);
    const usage = parseUsage(chunk.usage);
    if (usage) this.usage = usage;
    const out: StreamEvent[] = [];
    for (const choice of asArray(chunk.choices)) {
      if (!isObject(choice) || (num(choice.index) ?? 0) !== 0) continue;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.content === 'string' && delta.content) {
        this.text += delta.content;
        out.push({ type: 'text', text: delta.content });
      }
      if (typeof delta.refusal === 'string' && delta.refusal) {
        this.refusal += delta.refusal;
        out.push({ type: 'refusal', text: delta.refusal });
      }
      const reasoning = str(delta.reasoning_content) ?? str(delta.reasoning);
      if (reasoning) this.reasoning += reasoning;
      for (const tc of asArray(delta.tool_calls)) this.addCallDelta(tc);
      const finish = str(choice.finish_reason);
      if (finish) {
        this.finish = finish;
        out.push(...this.flushCalls());
      }
    }
    return out;
  }

  private addCallDelta(tc: unknown): void {
    if (!isObject(tc)) return;
    const index = num(tc.index) ?? this.calls.size;
    const fn = isObject(tc.function) ? tc.function : {};
    let call = this.calls.get(index);
    if (!call) {
      call = { id: '', name: '', args: '' };
      this.calls.set(index, call);
    }
    if (str(tc.id)) call.id = str(tc.id) ?? '';
    if (str(fn.name)) call.name += str(fn.name);
    if (typeof fn.arguments === 'string') call.args += fn.arguments;
    else if (isObject(fn.arguments)) call.args = JSON.stringify(fn.arguments);
  }

  /** Tool calls are yielded whole, once their arguments are complete (at finish or `[DONE]`). */
  private flushCalls(): StreamEvent[] {
    if (this.emittedCalls) return [];
    this.emittedCalls = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, c]) => c.name)
      .map(([i, c]) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.args || '{}' }));
    return this.emittedCalls.map((call) => ({ type: 'tool_call', call }));
  }

  result(): CompletionResult {
    const toolCalls = this.emittedCalls ?? [];
    const result = completionResult(this.text, mapFinish(this.finish, toolCalls.length > 0), toolCalls, this.usage, this.model);
    if (this.refusal) result.refusal = this.refusal;
    if (this.reasoning) result.reasoning = this.reasoning;
    return result;
  }
}
