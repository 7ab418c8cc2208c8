/** The Anthropic Messages request (`POST /v1/messages`), parsed and mapped onto the provider-neutral ChatRequest. */
import { z } from 'zod';
import type { ChatRequest } from '../../invoke/chat-service.js';
import type { CacheHint, GenerationParams, ImagePart, ProviderMessage, ReasoningBlock, TextPart, ToolCall, ToolChoice, ToolDef } from '../../providers/types.js';
import { ParamError } from '../openai/errors.js';
import { defined, modelSelection, parseWith } from '../openai/request.js';

const block = z.looseObject({ type: z.string() });
const messageSchema = z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) });
const toolSchema = z.looseObject({ name: z.string(), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()).optional(), type: z.string().nullable().optional() });

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(messageSchema).min(1),
  system: z.union([z.string(), z.array(z.looseObject({ type: z.literal('text'), text: z.string() }))]).optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional(), disable_parallel_tool_use: z.boolean().optional() }).optional(),
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().optional() }).optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
  service_tier: z.string().optional(),
  mcp_servers: z.unknown().optional(),
  container: z.unknown().optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

export const countTokensSchema = messagesRequestSchema.omit({ max_tokens: true, stream: true }).extend({ max_tokens: z.number().int().positive().optional() });

export function parseMessagesRequest(body: unknown): MessagesRequest {
  return parseWith(messagesRequestSchema, body);
}

/** `cache_control: { type: "ephemeral", ttl? }` as a cache hint; anything else is not a cache mark. */
function cacheOf(block: unknown): CacheHint | undefined {
  const c = (block as { cache_control?: { type?: unknown; ttl?: unknown } } | null)?.cache_control;
  if (!c || c.type !== 'ephemeral') return undefined;
  return c.ttl === '5m' || c.ttl === '1h' ? { ttl: c.ttl } : {};
}

const unsupported = (param: string, why: string) => new ParamError(param, `${param} is not supported: ${why}`, 'unsupported_parameter');

/** Tools, tool choice, thinking and sampling as provider-neutral values; what has no mapping is refused by name. */
export function messagesToChatRequest(body: MessagesRequest): ChatRequest {
  if (body.mcp_servers != null) throw unsupported('mcp_servers', 'Switchyard does not connect upstream models to MCP servers; add Switchyard as an MCP server to your client instead');
  if (body.container != null) throw unsupported('container', 'code-execution containers run at Anthropic only');
  const tools: ToolDef[] = (body.tools ?? []).map((t, i) => {
    if (t.type && t.type !== 'custom') throw unsupported(`tools.${i}`, `server tools of type "${t.type}" run at Anthropic; Switchyard forwards client tools (name, description, input_schema)`);
    const cache = cacheOf(t);
    return { name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.input_schema ?? { type: 'object', properties: {} }, ...(cache ? { cache } : {}) };
  });
  let toolChoice: ToolChoice | undefined;
  const tc = body.tool_choice;
  if (tc) {
    if (tc.type === 'tool') {
      if (!tc.name || !tools.some((t) => t.name === tc.name)) throw new ParamError('tool_choice.name', `tool_choice names "${tc.name ?? ''}", which is not among the tools`);
      toolChoice = { name: tc.name };
    } else toolChoice = tc.type === 'any' ? 'required' : tc.type;
  }
  let thinkingBudget: number | undefined;
  if (body.thinking && body.thinking.type === 'enabled') {
    if (body.thinking.budget_tokens === undefined) throw new ParamError('thinking.budget_tokens', 'thinking.budget_tokens is required when thinking is enabled');
    thinkingBudget = body.thinking.budget_tokens;
  } else if (body.thinking && body.thinking.type !== 'disabled') throw unsupported('thinking.type', `thinking of type "${body.thinking.type}" is not supported: use enabled (with budget_tokens) or disabled`);

  const params: GenerationParams = defined({
    toolChoice,
    parallelToolCalls: tc?.disable_parallel_tool_use ? false : undefined,
    topP: body.top_p,
    topK: body.top_k,
    stop: body.stop_sequences?.length ? body.stop_sequences : undefined,
    thinkingBudget,
    user: body.metadata?.user_id ?? undefined,
    openaiExtra: body.service_tier && body.service_tier !== 'auto' ? { service_tier: body.service_tier } : undefined,
  });
  const messages: ProviderMessage[] = [];
  if (typeof body.system === 'string') messages.push({ role: 'system', content: body.system });
  for (const b of typeof body.system === 'string' ? [] : (body.system ?? [])) {
    const cache = cacheOf(b);
    messages.push({ role: 'system', content: b.text, ...(cache ? { cache } : {}) });
  }
  body.messages.forEach((m, i) => messages.push(...toProviderMessages(m, i)));
  const request: ChatRequest = { ...modelSelection(body.model), input: { messages: messages as never }, maxTokens: body.max_tokens };
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (tools.length) request.tools = tools;
  if (Object.keys(params).length) request.params = params;
  if (toolChoice === 'required' || typeof toolChoice === 'object') request.require = { ...request.require, tools: true };
  return request;
}

type Part = TextPart | ImagePart;

function imageOf(b: Record<string, unknown>, where: string): ImagePart {
  const source = (b.source ?? {}) as { type?: string; media_type?: string; data?: string; url?: string };
  if (source.type === 'base64' && typeof source.data === 'string') return { type: 'image', data: source.data, mimeType: source.media_type ?? 'image/png' };
  if (source.type === 'url' && typeof source.url === 'string') return { type: 'image', url: source.url };
  throw unsupported(`${where}.source`, `image sources of type "${source.type ?? '(none)'}" are not supported: send base64 or url`);
}

function toolResultContent(content: unknown, where: string): string | Part[] {
  if (content === undefined || typeof content === 'string') return content ?? '';
  if (!Array.isArray(content)) return JSON.stringify(content);
  return content.map((b: Record<string, unknown>, j) => {
    if (b.type === 'text') return { type: 'text' as const, text: String(b.text ?? '') };
    if (b.type === 'image') return imageOf(b, `${where}.${j}`);
    throw unsupported(`${where}.${j}`, `tool results of type "${String(b.type)}" are not supported: send text or images`);
  });
}

/**
 * One Anthropic message → provider messages: a user turn's tool_result blocks become tool messages (before its
 * text), an assistant turn's tool_use blocks its tool calls and its signed thinking blocks its reasoning (replayed
 * to Claude, which needs them with tool use; other providers cannot take them). A cache_control mark becomes a cache
 * breakpoint after the message (Claude caches up to it; providers that cache on their own ignore it).
 */
function toProviderMessages(m: MessagesRequest['messages'][number], i: number): ProviderMessage[] {
  if (typeof m.content === 'string') return [{ role: m.role, content: m.content }];
  const parts: Part[] = [];
  const calls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  const results: ProviderMessage[] = [];
  let cache: CacheHint | undefined;
  m.content.forEach((b, j) => {
    const where = `messages.${i}.content.${j}`;
    const blockJson = b as Record<string, unknown>;
    if (b.type !== 'tool_result') cache = cacheOf(b) ?? cache;
    switch (b.type) {
      case 'text':
        parts.push({ type: 'text', text: String(blockJson.text ?? '') });
        break;
      case 'image':
        parts.push(imageOf(blockJson, where));
        break;
      case 'tool_use':
        if (m.role !== 'assistant') throw new ParamError(where, 'tool_use blocks belong in assistant messages');
        calls.push({ id: String(blockJson.id), name: String(blockJson.name), arguments: JSON.stringify(blockJson.input ?? {}) });
        break;
      case 'tool_result': {
        const content = toolResultContent(blockJson.content, `${where}.content`);
        const resultCache = cacheOf(b);
        results.push({ role: 'tool', toolCallId: String(blockJson.tool_use_id), content: blockJson.is_error === true && typeof content === 'string' ? `Error: ${content}` : content, ...(resultCache ? { cache: resultCache } : {}) });
        break;
      }
      case 'thinking':
        if (typeof blockJson.signature === 'string' && blockJson.signature) reasoning.push({ type: 'thinking', text: String(blockJson.thinking ?? ''), signature: blockJson.signature });
        break;
      case 'redacted_thinking':
        if (typeof blockJson.data === 'string') reasoning.push({ type: 'redacted', data: blockJson.data });
        break;
      default:
        throw unsupported(where, `content blocks of type "${b.type}" are not supported: Switchyard forwards text, images, tool_use and tool_result`);
    }
  });
  const out: ProviderMessage[] = [...results];
  if (parts.length || calls.length || reasoning.length) {
    const content = parts.length === 1 && parts[0]?.type === 'text' ? parts[0].text : parts;
    out.push({ role: m.role, content, ...(calls.length ? { toolCalls: calls } : {}), ...(m.role === 'assistant' && reasoning.length ? { reasoning } : {}), ...(cache ? { cache } : {}) });
  } else if (cache && out.length) {
    const last = out[out.length - 1] as ProviderMessage;
    last.cache ??= cache;
  }
  return out;
}
