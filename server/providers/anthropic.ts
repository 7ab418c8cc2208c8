/** Anthropic Messages (`POST {baseUrl}/v1/messages`), JSON and SSE. */
import type { SseEvent } from './sse.js';
import {
  Upstream,
  asArray,
  completionResult,
  isObject,
  num,
  parseJsonObject,
  str,
  type Json,
  type StreamDecoder,
} from './http.js';
import {
  contentText,
  type CompletionRequest,
  type CompletionResult,
  type FinishReason,
  type Provider,
  type ProviderConfig,
  type CacheHint,
  type ProviderMessage,
  type ReasoningBlock,
  type StreamEvent,
  type ToolCall,
  type Usage,
  refuseParams,
  unsupportedParam,
} from './types.js';

export const ANTHROPIC_VERSION = '2023-06-01';
/** `max_tokens` is required by the Messages API; used when the request sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;
/** The Messages API has no JSON mode; `json: true` adds this to the system prompt. */
export const JSON_INSTRUCTION = 'Respond with a single JSON object and nothing else.';

export function createAnthropicProvider(config: ProviderConfig): Provider {
  const upstream = new Upstream(config);
  const headers: Record<string, string> = { ...config.headers, 'anthropic-version': ANTHROPIC_VERSION };
  if (config.apiKey) headers['x-api-key'] = config.apiKey;
  const path = '/v1/messages';
  return {
    id: config.id,
    async complete(req, signal) {
      const body = toRequestBody(req, false, config.id);
      const json = await upstream.postJson({ path, headers, body, signal });
      return parseResponse(upstream, json, answerTool(req));
    },
    stream(req, signal) {
      const body = toRequestBody(req, true, config.id);
      return upstream.stream(
        { path, headers, body, signal },
        new MessagesStreamDecoder(upstream, answerTool(req)),
        (json) => parseResponse(upstream, json, answerTool(req)),
      );
    },
  };
}

type Block = Json;

/** The forced tool whose input is the json_schema answer, if the request has one. */
const answerTool = (req: CompletionRequest): string | undefined => (req.jsonSchema ? schemaToolName(req.jsonSchema.name) : undefined);

function contentBlocks(content: ProviderMessage['content']): Block[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const blocks: Block[] = [];
  for (const p of content) {
    if (p.type === 'text') {
      if (p.text) blocks.push({ type: 'text', text: p.text });
    } else if (p.data !== undefined) {
      blocks.push({
        type: 'image',
        source: { type: 'base64', media_type: p.mimeType ?? 'image/png', data: p.data },
      });
    } else if (p.url !== undefined) {
      blocks.push({ type: 'image', source: { type: 'url', url: p.url } });
    }
  }
  return blocks;
}

export function toRequestBody(req: CompletionRequest, stream: boolean, provider = 'anthropic'): Json {
  const system: Array<{ text: string; cache?: CacheHint | undefined }> = [];
  const messages: Array<{ role: 'user' | 'assistant'; content: Block[] }> = [];
  let cacheNext: CacheHint | undefined;
  const append = (role: 'user' | 'assistant', blocks: Block[]): void => {
    if (blocks.length === 0) return;
    const mark = cacheNext;
    cacheNext = undefined;
    if (mark) {
      const lastBlock = blocks[blocks.length - 1] as Block;
      blocks[blocks.length - 1] = { ...lastBlock, cache_control: cacheControl(mark) };
    }
    const last = messages[messages.length - 1];
    // Consecutive turns of one role (e.g. several tool results) become one message.
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of req.messages) {
    cacheNext = m.cache;
    switch (m.role) {
      case 'system':
        system.push({ text: contentText(m.content), cache: m.cache });
        break;
      case 'user':
        append('user', contentBlocks(m.content));
        break;
      case 'assistant':
        append('assistant', [
          // signed thinking goes back first and unchanged, as tool use with thinking requires
          ...(m.reasoning ?? []).map((r) => (r.type === 'thinking' ? { type: 'thinking', thinking: r.text, signature: r.signature } : { type: 'redacted_thinking', data: r.data })),
          ...contentBlocks(m.content),
          ...(m.toolCalls ?? []).map((c) => ({
            type: 'tool_use',
            id: c.id,
            name: c.name,
            input: parseJsonObject(c.arguments) ?? {},
          })),
        ]);
        break;
      case 'tool':
        append('user', [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: contentText(m.content) }]);
        break;
    }
  }
  refuseParams(provider, req, ['seed', 'presencePenalty', 'frequencyPenalty', 'logitBias', 'n', 'store'], 'the Anthropic Messages API');
  if (req.metadata && Object.keys(req.metadata).length) throw unsupportedParam(provider, 'metadata', 'the Anthropic Messages API keeps no stored completions to tag (only user, as metadata.user_id)');
  // Structured output: Claude follows a schema given as the input of a forced tool; the JSON object mode is an instruction.
  if (req.json && !req.jsonSchema) system.push({ text: JSON_INSTRUCTION });
  const maxTokens = req.maxTokens ?? req.outputLimit ?? ANTHROPIC_DEFAULT_MAX_TOKENS;
  const body: Json = { model: req.model, max_tokens: maxTokens, messages };
  const systemParts = system.filter((p) => p.text);
  // with cache breakpoints, the system prompt goes as blocks so each can carry its cache_control
  if (systemParts.some((p) => p.cache)) body.system = systemParts.map((p) => ({ type: 'text', text: p.text, ...(p.cache ? { cache_control: cacheControl(p.cache) } : {}) }));
  else if (systemParts.length) body.system = systemParts.map((p) => p.text).join('\n\n');
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  if (req.topK !== undefined) body.top_k = req.topK;
  if (req.stop?.length) body.stop_sequences = req.stop;
  if (req.user) body.metadata = { user_id: req.user };
  const tools: Json[] = (req.tools ?? []).map((t) => ({
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    input_schema: t.parameters,
    ...(t.cache ? { cache_control: cacheControl(t.cache) } : {}),
  }));
  let toolChoice: Json | undefined;
  if (req.jsonSchema) {
    if (req.toolChoice !== undefined && req.toolChoice !== 'auto' && req.toolChoice !== 'none') {
      throw unsupportedParam(provider, 'tool_choice', 'a forced tool cannot be combined with a json_schema response_format on Anthropic (the schema is itself a forced tool)');
    }
    tools.push({ name: schemaToolName(req.jsonSchema.name), description: req.jsonSchema.description ?? 'Give the answer as this tool\'s input.', input_schema: req.jsonSchema.schema });
    toolChoice = { type: 'tool', name: schemaToolName(req.jsonSchema.name) };
  } else if (req.toolChoice !== undefined) {
    toolChoice = req.toolChoice === 'auto' ? { type: 'auto' } : req.toolChoice === 'none' ? { type: 'none' } : req.toolChoice === 'required' ? { type: 'any' } : { type: 'tool', name: req.toolChoice.name };
  }
  if (req.parallelToolCalls === false && tools.length) {
    toolChoice ??= { type: 'auto' };
    if (toolChoice.type !== 'none') toolChoice.disable_parallel_tool_use = true;
  }
  if (tools.length) body.tools = tools;
  if (toolChoice && tools.length) body.tool_choice = toolChoice;
  const budget = req.thinkingBudget ?? (req.reasoningEffort ? THINKING_BUDGETS[req.reasoningEffort] : undefined);
  if (budget !== undefined && budget > 0) {
    if (budget < 1024) throw unsupportedParam(provider, req.thinkingBudget !== undefined ? 'thinking.budget_tokens' : 'reasoning_effort', 'Claude thinks with a budget of at least 1,024 tokens');
    if (budget >= maxTokens) {
      if (req.maxTokens !== undefined) throw unsupportedParam(provider, 'max_tokens', `thinking needs max_tokens above its budget of ${budget} tokens`);
      body.max_tokens = budget + maxTokens;
    }
    if (toolChoice && (toolChoice.type === 'any' || toolChoice.type === 'tool')) throw unsupportedParam(provider, req.jsonSchema ? 'response_format' : 'tool_choice', 'Claude cannot be forced to call a tool while thinking');
    body.thinking = { type: 'enabled', budget_tokens: budget };
  }
  if (stream) body.stream = true;
  return body;
}

function cacheControl(hint: CacheHint): Json {
  return { type: 'ephemeral', ...(hint.ttl ? { ttl: hint.ttl } : {}) };
}

/** The tool that carries a json_schema answer (`json_schema.name`, made a valid tool name). */
export function schemaToolName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'json_answer';
}

/** Thinking budgets for OpenAI's reasoning efforts (`none`/`minimal`: no thinking). */
export const THINKING_BUDGETS: Readonly<Record<NonNullable<CompletionRequest['reasoningEffort']>, number>> = Object.freeze({
  none: 0,
  minimal: 0,
  low: 1024,
  medium: 4096,
  high: 16_384,
  xhigh: 32_768,
});

/** Anthropic's raw usage counters; `input_tokens` excludes the cache reads and writes. */
interface RawUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

function mergeUsage(into: RawUsage, u: unknown): void {
  if (!isObject(u)) return;
  for (const k of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
    const v = num(u[k]);
    if (v !== undefined) into[k] = v;
  }
}

function normalizeUsage(u: RawUsage): Usage {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  const usage: Usage = { inputTokens: (u.input_tokens ?? 0) + read + write, outputTokens: u.output_tokens ?? 0 };
  if (read) usage.cachedInputTokens = read;
  if (write) usage.cacheWriteInputTokens = write;
  return usage;
}

function mapStopReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}

export function parseResponse(upstream: Upstream, json: unknown, answerToolName?: string): CompletionResult {
  if (isObject(json) && json.type === 'error') throw upstream.errorFromBody(0, json, '');
  if (!isObject(json) || !Array.isArray(json.content)) {
    throw upstream.error({ kind: 'malformed', message: 'the response has no content array' });
  }
  let text = '';
  let reasoning = '';
  let answered = false;
  const toolCalls: ToolCall[] = [];
  const reasoningBlocks: ReasoningBlock[] = [];
  for (const block of asArray(json.content)) {
    if (!isObject(block)) continue;
    if (block.type === 'text') text += str(block.text) ?? '';
    else if (block.type === 'thinking') {
      reasoning += str(block.thinking) ?? '';
      if (str(block.signature)) reasoningBlocks.push({ type: 'thinking', text: str(block.thinking) ?? '', signature: str(block.signature) ?? '' });
    } else if (block.type === 'redacted_thinking' && str(block.data)) reasoningBlocks.push({ type: 'redacted', data: str(block.data) ?? '' });
    else if (block.type === 'tool_use' && answerToolName !== undefined && block.name === answerToolName) {
      // a json_schema answer: the forced tool's input is the JSON the client asked for
      text = JSON.stringify(block.input ?? {});
      answered = true;
    } else if (block.type === 'tool_use') {
      toolCalls.push({
        id: str(block.id) ?? `call_${toolCalls.length}`,
        name: str(block.name) ?? '',
        arguments: JSON.stringify(block.input ?? {}),
      });
    }
  }
  const raw: RawUsage = {};
  mergeUsage(raw, json.usage);
  const usage = isObject(json.usage) ? normalizeUsage(raw) : undefined;
  const stop = mapStopReason(str(json.stop_reason));
  const result = completionResult(text, answered && stop === 'tool_calls' && toolCalls.length === 0 ? 'stop' : stop, toolCalls, usage, str(json.model));
  if (reasoning) result.reasoning = reasoning;
  if (reasoningBlocks.length) result.reasoningBlocks = reasoningBlocks;
  return result;
}

type OpenBlock =
  | { kind: 'text' }
  | { kind: 'tool'; id: string; name: string; json: string }
  | { kind: 'answer'; json: string }
  | { kind: 'thinking'; text: string; signature: string }
  | { kind: 'other' };

/** message_start → content_block_start/delta/stop… → message_delta → message_stop; `error` events throw. */
class MessagesStreamDecoder implements StreamDecoder {
  private text = '';
  private reasoning = '';
  private readonly reasoningBlocks: ReasoningBlock[] = [];
  private answered = false;
  private readonly blocks = new Map<number, OpenBlock>();
  private readonly toolCalls: ToolCall[] = [];
  private readonly usage: RawUsage = {};
  private sawUsage = false;
  private stopReason: string | undefined;
  private model: string | undefined;
  private done = false;

  constructor(
    private readonly upstream: Upstream,
    private readonly answerToolName?: string,
  ) {}

  get complete(): boolean {
    return this.done;
  }

  push(ev: SseEvent): StreamEvent[] {
    if (this.done) return [];
    const data = this.upstream.parseJson(ev.data, 'a stream event');
    if (!isObject(data)) return [];
    const type = str(data.type) ?? ev.event;
    const index = num(data.index) ?? 0;
    switch (type) {
      case 'message_start': {
        const message = isObject(data.message) ? data.message : {};
        this.model = str(message.model);
        this.addUsage(message.usage);
        return [];
      }
      case 'content_block_start': {
        const block = isObject(data.content_block) ? data.content_block : {};
        if (block.type === 'text') {
          this.blocks.set(index, { kind: 'text' });
          return this.addText(str(block.text) ?? '');
        }
        if (block.type === 'tool_use' && this.answerToolName !== undefined && block.name === this.answerToolName) {
          this.blocks.set(index, { kind: 'answer', json: '' });
        } else if (block.type === 'tool_use') {
          this.blocks.set(index, { kind: 'tool', id: str(block.id) ?? `call_${index}`, name: str(block.name) ?? '', json: '' });
        } else if (block.type === 'thinking') {
          this.blocks.set(index, { kind: 'thinking', text: str(block.thinking) ?? '', signature: str(block.signature) ?? '' });
        } else {
          if (block.type === 'redacted_thinking' && str(block.data)) this.reasoningBlocks.push({ type: 'redacted', data: str(block.data) ?? '' });
          this.blocks.set(index, { kind: 'other' });
        }
        return [];
      }
      case 'content_block_delta': {
        const delta = isObject(data.delta) ? data.delta : {};
        const block = this.blocks.get(index);
        if (delta.type === 'text_delta') return this.addText(str(delta.text) ?? '');
        if (delta.type === 'input_json_delta' && block?.kind === 'tool') block.json += str(delta.partial_json) ?? '';
        if (delta.type === 'input_json_delta' && block?.kind === 'answer') {
          // a json_schema answer streams as the forced tool's input: pass it on as text
          this.answered = true;
          return this.addText(str(delta.partial_json) ?? '');
        }
        if (delta.type === 'thinking_delta') {
          this.reasoning += str(delta.thinking) ?? '';
          if (block?.kind === 'thinking') block.text += str(delta.thinking) ?? '';
        }
        if (delta.type === 'signature_delta' && block?.kind === 'thinking') block.signature += str(delta.signature) ?? '';
        return []; // citation deltas are not part of the answer
      }
      case 'content_block_stop': {
        const block = this.blocks.get(index);
        this.blocks.delete(index);
        if (block?.kind === 'thinking' && block.signature) this.reasoningBlocks.push({ type: 'thinking', text: block.text, signature: block.signature });
        if (block?.kind !== 'tool') return [];
        const call: ToolCall = { id: block.id, name: block.name, arguments: block.json || '{}' };
        this.toolCalls.push(call);
        return [{ type: 'tool_call', call }];
      }
      case 'message_delta': {
        const delta = isObject(data.delta) ? data.delta : {};
        this.stopReason = str(delta.stop_reason) ?? this.stopReason;
        this.addUsage(data.usage);
        return [];
      }
      case 'message_stop':
        this.done = true;
        return [];
      case 'error':
        throw this.upstream.errorFromBody(0, data, ev.data);
      default: // ping and future event types
        return [];
    }
  }

  private addText(text: string): StreamEvent[] {
    if (!text) return [];
    this.text += text;
    return [{ type: 'text', text }];
  }

  private addUsage(u: unknown): void {
    if (!isObject(u)) return;
    this.sawUsage = true;
    mergeUsage(this.usage, u);
  }

  result(): CompletionResult {
    const usage = this.sawUsage ? normalizeUsage(this.usage) : undefined;
    const stop = mapStopReason(this.stopReason);
    const result = completionResult(this.text, this.answered && stop === 'tool_calls' && this.toolCalls.length === 0 ? 'stop' : stop, this.toolCalls, usage, this.model);
    if (this.reasoning) result.reasoning = this.reasoning;
    if (this.reasoningBlocks.length) result.reasoningBlocks = this.reasoningBlocks;
    return result;
  }
}
