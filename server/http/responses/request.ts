/** The OpenAI Responses API request (`POST /v1/responses`), parsed and mapped onto the provider-neutral ChatRequest. */
import { z } from 'zod';
import type { ChatRequest } from '../../invoke/chat-service.js';
import type { GenerationParams, ImagePart, ProviderMessage, ReasoningEffort, TextPart, ToolChoice, ToolDef } from '../../providers/types.js';
import { ParamError } from '../openai/errors.js';
import { defined, imagePartOf, jsonSchemaOf, modelSelection, parseWith } from '../openai/request.js';

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional(), refusal: z.string().optional(), image_url: z.string().nullable().optional() });
const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPart)]),
});
const functionCallItem = z.looseObject({ type: z.literal('function_call'), call_id: z.string(), name: z.string(), arguments: z.string() });
const functionOutputItem = z.looseObject({ type: z.literal('function_call_output'), call_id: z.string(), output: z.union([z.string(), z.array(contentPart)]) });
const otherItem = z.looseObject({ type: z.string() });

const functionTool = z.looseObject({ type: z.literal('function'), name: z.string(), description: z.string().nullable().optional(), parameters: z.record(z.string(), z.unknown()).nullable().optional(), strict: z.boolean().nullable().optional() });

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({ type: z.literal('json_schema'), name: z.string().min(1), description: z.string().optional(), schema: z.record(z.string(), z.unknown()), strict: z.boolean().nullable().optional() }),
]);

export const createResponseSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.union([messageItem, functionCallItem, functionOutputItem, otherItem]))]),
  instructions: nullable(z.string()),
  stream: nullable(z.boolean()),
  stream_options: nullable(z.looseObject({})),
  max_output_tokens: nullable(z.number().int().positive()),
  temperature: nullable(z.number().min(0).max(2)),
  top_p: nullable(z.number().min(0).max(1)),
  tools: z.array(z.union([functionTool, z.looseObject({ type: z.string() })])).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.string(), name: z.string().optional() })]).optional(),
  parallel_tool_calls: nullable(z.boolean()),
  text: nullable(z.looseObject({ format: textFormat.optional(), verbosity: nullable(z.enum(['low', 'medium', 'high'])) })),
  reasoning: nullable(z.looseObject({ effort: nullable(z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'])), summary: nullable(z.string()) })),
  user: nullable(z.string()),
  metadata: nullable(z.record(z.string(), z.string())),
  store: nullable(z.boolean()),
  include: nullable(z.array(z.string())),
  truncation: nullable(z.enum(['auto', 'disabled'])),
  previous_response_id: nullable(z.string()),
  conversation: z.unknown().optional(),
  background: nullable(z.boolean()),
  prompt: z.unknown().optional(),
  max_tool_calls: nullable(z.number()),
  top_logprobs: nullable(z.number()),
});
export type CreateResponseRequest = z.infer<typeof createResponseSchema>;

const MAPPED = new Set(Object.keys(createResponseSchema.shape));

export function parseCreateResponse(body: unknown): CreateResponseRequest {
  return parseWith(createResponseSchema, body);
}

const unsupported = (param: string, why: string) => new ParamError(param, `${param} is not supported: ${why}`, 'unsupported_parameter');

/** The Responses request as a ChatRequest; state the gateway does not keep, and tools it cannot run, are refused by name. */
export function responsesToChatRequest(body: CreateResponseRequest): ChatRequest {
  if (body.previous_response_id) throw unsupported('previous_response_id', 'Switchyard does not store responses; send the whole conversation as input items (and store: false)');
  if (body.conversation != null) throw unsupported('conversation', 'Switchyard does not store conversations; send the whole conversation as input items');
  if (body.background) throw unsupported('background', 'Switchyard answers in the foreground only');
  if (body.prompt != null) throw unsupported('prompt', 'stored prompt templates live at OpenAI; send instructions and input instead');
  if (body.max_tool_calls != null) throw unsupported('max_tool_calls', 'Switchyard runs no built-in tools');
  if (body.top_logprobs) throw unsupported('top_logprobs', 'Switchyard does not carry token log probabilities through its routing');
  if (body.truncation === 'auto') throw unsupported('truncation', 'Switchyard never drops input; a model with a larger context window is tried instead');

  const tools: ToolDef[] = (body.tools ?? []).map((t, i) => {
    if (t.type !== 'function') throw unsupported(`tools.${i}`, `built-in tools of type "${t.type}" run at OpenAI; Switchyard forwards function tools`);
    const f = t as z.infer<typeof functionTool>;
    return { name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters ?? { type: 'object', properties: {} }, ...(f.strict != null ? { strict: f.strict } : {}) };
  });
  let toolChoice: ToolChoice | undefined;
  if (typeof body.tool_choice === 'string') toolChoice = body.tool_choice;
  else if (body.tool_choice) {
    const { type, name } = body.tool_choice;
    if (type !== 'function' || !name) throw unsupported('tool_choice', `tool_choice of type "${type}" is not supported: Switchyard forwards function tools`);
    if (!tools.some((t) => t.name === name)) throw new ParamError('tool_choice', `tool_choice names "${name}", which is not among the tools`);
    toolChoice = { name };
  }
  const format = body.text?.format;
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!MAPPED.has(key) && value !== undefined && value !== null) extra[key] = value;
  if (body.text?.verbosity) extra.verbosity = body.text.verbosity;

  const params: GenerationParams = defined({
    toolChoice,
    parallelToolCalls: body.parallel_tool_calls ?? undefined,
    jsonSchema: format?.type === 'json_schema' ? jsonSchemaOf(format) : undefined,
    topP: body.top_p,
    reasoningEffort: (body.reasoning?.effort ?? undefined) as ReasoningEffort | undefined,
    user: body.user,
    metadata: body.metadata,
    openaiExtra: Object.keys(extra).length ? extra : undefined,
  });
  const messages: ProviderMessage[] = [];
  if (body.instructions) messages.push({ role: 'system', content: body.instructions });
  messages.push(...inputMessages(body.input));
  const request: ChatRequest = { ...modelSelection(body.model), input: { messages: messages as never } };
  if (body.max_output_tokens != null) request.maxTokens = body.max_output_tokens;
  if (body.temperature != null) request.temperature = body.temperature;
  if (tools.length) request.tools = tools;
  if (format?.type === 'json_object') request.json = true;
  if (Object.keys(params).length) request.params = params;
  if (toolChoice === 'required' || typeof toolChoice === 'object') request.require = { ...request.require, tools: true };
  return request;
}

function parts(content: string | Array<z.infer<typeof contentPart>>, where: string): string | Array<TextPart | ImagePart> {
  if (typeof content === 'string') return content;
  return content.map((p, j) => {
    if ((p.type === 'input_text' || p.type === 'output_text' || p.type === 'text') && typeof p.text === 'string') return { type: 'text' as const, text: p.text };
    if (p.type === 'refusal' && typeof p.refusal === 'string') return { type: 'text' as const, text: p.refusal };
    if (p.type === 'input_image' && typeof p.image_url === 'string') return imagePartOf(p.image_url);
    throw unsupported(`${where}.${j}`, `content of type "${p.type}" is not supported: Switchyard forwards text and images by URL or data URL`);
  });
}

/** Input items → messages; consecutive function calls become one assistant turn, as the wire formats want them. */
function inputMessages(input: CreateResponseRequest['input']): ProviderMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const out: ProviderMessage[] = [];
  input.forEach((item, i) => {
    const where = `input.${i}`;
    if ('role' in item && (item.type === undefined || item.type === 'message')) {
      const m = item as z.infer<typeof messageItem>;
      out.push({ role: m.role === 'developer' ? 'system' : m.role, content: parts(m.content, `${where}.content`) });
      return;
    }
    if (item.type === 'function_call') {
      const c = item as z.infer<typeof functionCallItem>;
      const call = { id: c.call_id, name: c.name, arguments: c.arguments };
      const last = out.at(-1);
      if (last?.role === 'assistant' && (last.toolCalls?.length || last.content === '')) (last.toolCalls ??= []).push(call);
      else out.push({ role: 'assistant', content: '', toolCalls: [call] });
      return;
    }
    if (item.type === 'function_call_output') {
      const o = item as z.infer<typeof functionOutputItem>;
      out.push({ role: 'tool', toolCallId: o.call_id, content: typeof o.output === 'string' ? o.output : parts(o.output, `${where}.output`) });
      return;
    }
    if (item.type === 'reasoning') return; // the model's own earlier reasoning: not replayable across providers
    if (item.type === 'item_reference') throw unsupported(where, 'Switchyard does not store items to reference; send the item itself (store: false)');
    throw unsupported(where, `input items of type "${item.type}" are not supported: Switchyard forwards messages, function calls and their outputs`);
  });
  // an assistant message followed by its function calls is one turn
  return out.reduce<ProviderMessage[]>((acc, m) => {
    const prev = acc.at(-1);
    if (prev?.role === 'assistant' && m.role === 'assistant' && !prev.toolCalls?.length && m.toolCalls?.length && m.content === '') {
      prev.toolCalls = m.toolCalls;
      return acc;
    }
    acc.push(m);
    return acc;
  }, []);
}
