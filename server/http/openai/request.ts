import { z } from 'zod';
import type { ChatRequest } from '../../invoke/chat-service.js';
import type { GenerationParams, ProviderMessage, ReasoningEffort, ToolCall, ToolChoice, ToolDef } from '../../providers/types.js';
import { HttpError } from '../body.js';
import { ParamError } from './errors.js';

export const AUTO_MODEL = 'auto';
export const POLICY_PREFIX = 'policy:';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = z.object({ type: z.literal('image_url'), image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().optional() })]) });
const otherPart = z.looseObject({ type: z.string() });
const toolCallSchema = z.object({ id: z.string(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }) });

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, imagePart, refusalPart, otherPart])), z.null()]).optional(),
  refusal: z.string().nullable().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});

const functionTool = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }),
});

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
  z.looseObject({ type: z.string() }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({ name: z.string().min(1), description: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }),
  }),
]);

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

/** The OpenAI Chat Completions request. Every field is used, forwarded or refused by name (see toChatRequest). */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: nullable(z.boolean()),
  stream_options: nullable(z.looseObject({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() })),
  max_tokens: nullable(z.number().int().positive()),
  max_completion_tokens: nullable(z.number().int().positive()),
  temperature: nullable(z.number().min(0).max(2)),
  top_p: nullable(z.number().min(0).max(1)),
  top_k: nullable(z.number().int().positive()),
  n: nullable(z.number().int().min(1).max(128)),
  stop: nullable(z.union([z.string(), z.array(z.string()).max(4)])),
  seed: nullable(z.number().int()),
  presence_penalty: nullable(z.number().min(-2).max(2)),
  frequency_penalty: nullable(z.number().min(-2).max(2)),
  logit_bias: nullable(z.record(z.string(), z.number())),
  logprobs: nullable(z.boolean()),
  top_logprobs: nullable(z.number().int().min(0).max(20)),
  user: nullable(z.string()),
  metadata: nullable(z.record(z.string(), z.string())),
  store: nullable(z.boolean()),
  reasoning_effort: nullable(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])),
  tools: z.array(z.union([functionTool, z.looseObject({ type: z.string() })])).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: nullable(z.boolean()),
  response_format: responseFormatSchema.optional(),
  modalities: nullable(z.array(z.string())),
  audio: z.unknown().optional(),
  functions: z.unknown().optional(),
  function_call: z.unknown().optional(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** Fields taken apart above; anything else the client sends is forwarded verbatim to OpenAI-compatible upstreams. */
const MAPPED = new Set(Object.keys(chatCompletionRequestSchema.shape));

export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  return parseWith(chatCompletionRequestSchema, body);
}

/** Parses a body with a zod schema; the first problem becomes a 400 naming its path. */
export function parseWith<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new ParamError(where, `${where}: ${issue?.message.replace(/^Invalid input: /, '') ?? 'invalid request'}`);
  }
  return result.data;
}

/** `model`: `auto` (the active policy), `policy:<name>` or a catalog id (pinned, with fallbacks). */
export function modelSelection(model: string): Pick<ChatRequest, 'model' | 'policy'> {
  if (model === AUTO_MODEL) return {};
  if (model.startsWith(POLICY_PREFIX)) return { policy: model.slice(POLICY_PREFIX.length) };
  return { model };
}

/** Drops undefined fields (exactOptionalPropertyTypes). */
export function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined | null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as never;
}

/** The Chat Completions request as the provider-neutral ChatRequest: every parameter mapped, or a 400 naming it. */
export function toChatRequest(body: ChatCompletionRequest): ChatRequest {
  if (body.n != null && body.n > 1 && body.stream) throw new ParamError('n', 'n > 1 is not supported when streaming: Switchyard streams one choice', 'unsupported_parameter');
  if (body.logprobs) throw new ParamError('logprobs', 'logprobs is not supported: Switchyard does not carry token log probabilities through its routing', 'unsupported_parameter');
  if (body.top_logprobs) throw new ParamError('top_logprobs', 'top_logprobs is not supported: Switchyard does not carry token log probabilities through its routing', 'unsupported_parameter');
  if (body.audio != null || body.modalities?.some((m) => m !== 'text')) throw new ParamError(body.audio != null ? 'audio' : 'modalities', 'audio output is not supported: Switchyard answers with text', 'unsupported_parameter');
  if (body.functions != null || body.function_call != null) throw new ParamError(body.functions != null ? 'functions' : 'function_call', 'the deprecated functions/function_call are not supported: send tools and tool_choice', 'unsupported_parameter');

  const tools = toolDefsOf(body.tools);
  const toolChoice = toolChoiceOf(body.tool_choice, tools);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MAPPED.has(key) && value !== undefined && value !== null) extra[key] = value;

  const params: GenerationParams = defined({
    toolChoice,
    parallelToolCalls: body.parallel_tool_calls ?? undefined,
    jsonSchema: body.response_format?.type === 'json_schema' ? jsonSchemaOf(body.response_format.json_schema) : undefined,
    topP: body.top_p,
    topK: body.top_k,
    stop: body.stop == null ? undefined : typeof body.stop === 'string' ? [body.stop] : body.stop,
    seed: body.seed,
    presencePenalty: body.presence_penalty,
    frequencyPenalty: body.frequency_penalty,
    logitBias: body.logit_bias,
    n: body.n,
    reasoningEffort: (body.reasoning_effort ?? undefined) as ReasoningEffort | undefined,
    user: body.user,
    metadata: body.metadata,
    store: body.store,
    openaiExtra: Object.keys(extra).length ? extra : undefined,
  });
  const request: ChatRequest = { ...modelSelection(body.model), input: { messages: toProviderMessages(body.messages) as never } };
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (body.temperature != null) request.temperature = body.temperature;
  if (tools.length) request.tools = tools;
  if (body.response_format?.type === 'json_object') request.json = true;
  if (Object.keys(params).length) request.params = params;
  // a forced tool is a hard requirement: routing keeps to models with tool support (tools already imply it)
  if (toolChoice === 'required' || typeof toolChoice === 'object') request.require = { ...request.require, tools: true };
  return request;
}

export function jsonSchemaOf(f: { name: string; description?: string | undefined; schema?: Record<string, unknown> | undefined; strict?: boolean | null | undefined }) {
  return defined({ name: f.name, schema: f.schema ?? { type: 'object' }, description: f.description, strict: f.strict ?? undefined }) as NonNullable<GenerationParams['jsonSchema']>;
}

function toolChoiceOf(choice: ChatCompletionRequest['tool_choice'], tools: ToolDef[]): ToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (typeof choice === 'string') {
    if (choice === 'required' && tools.length === 0) throw new ParamError('tool_choice', 'tool_choice "required" needs tools');
    return choice;
  }
  const name = (choice as { function?: { name?: unknown } }).function?.name;
  if (choice.type !== 'function' || typeof name !== 'string') throw new ParamError('tool_choice', `tool_choice of type "${choice.type}" is not supported: Switchyard forwards function tools only`, 'unsupported_parameter');
  if (!tools.some((t) => t.name === name)) throw new ParamError('tool_choice', `tool_choice names "${name}", which is not among the tools`);
  return { name };
}

/** OpenAI messages → the provider-neutral shape (developer → system, image_url → image parts, refusals as text, tool calls kept). */
export function toProviderMessages(messages: ChatCompletionRequest['messages']): ProviderMessage[] {
  return messages.map((m, i) => {
    const role = m.role === 'developer' ? 'system' : m.role;
    let content: ProviderMessage['content'];
    if (typeof m.content === 'string' || m.content == null) content = m.content ?? m.refusal ?? '';
    else {
      content = m.content.map((part, j) => {
        if (part.type === 'text') return { type: 'text' as const, text: (part as { text: string }).text };
        if (part.type === 'refusal') return { type: 'text' as const, text: (part as { refusal: string }).refusal };
        if (part.type === 'image_url') return imagePartOf((part as { image_url: string | { url: string } }).image_url);
        throw new ParamError(`messages.${i}.content.${j}`, `content parts of type "${part.type}" are not supported: Switchyard forwards text and images`, 'unsupported_parameter');
      });
    }
    const out: ProviderMessage = { role, content };
    // Anthropic-style cache_control on a text part (as OpenRouter takes it): a cache breakpoint after this message
    const marked = Array.isArray(m.content) ? m.content.find((p) => (p as { cache_control?: { type?: string } }).cache_control?.type === 'ephemeral') : undefined;
    if (marked) {
      const ttl = (marked as { cache_control?: { ttl?: string } }).cache_control?.ttl;
      out.cache = ttl === '5m' || ttl === '1h' ? { ttl } : {};
    }
    if (m.name) out.name = m.name;
    if (m.tool_call_id) out.toolCallId = m.tool_call_id;
    if (m.tool_calls?.length) out.toolCalls = m.tool_calls.map((c): ToolCall => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
    return out;
  });
}

export function imagePartOf(image: string | { url: string }): { type: 'image'; url?: string; data?: string; mimeType?: string } {
  const url = typeof image === 'string' ? image : image.url;
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data ? { type: 'image', mimeType: data[1] ?? 'image/png', data: data[2] ?? '' } : { type: 'image', url };
}

export function toolDefsOf(tools: ChatCompletionRequest['tools']): ToolDef[] {
  return (tools ?? []).map((t, i) => {
    if (t.type !== 'function' || !('function' in t)) throw new ParamError(`tools.${i}`, `tools of type "${t.type}" are not supported: Switchyard forwards function tools`, 'unsupported_parameter');
    const f = (t as z.infer<typeof functionTool>).function;
    return { name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters ?? { type: 'object', properties: {} }, ...(f.strict != null ? { strict: f.strict } : {}) };
  });
}

export { HttpError };
