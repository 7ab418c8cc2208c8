import { z } from 'zod';
import type { ProviderMessage, ToolCall, ToolDef } from '../../providers/types.js';
import { HttpError } from '../body.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({ type: z.literal('image_url'), image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().optional() })]) });
const toolCallSchema = z.object({ id: z.string(), type: z.literal('function').optional(), function: z.object({ name: z.string(), arguments: z.string() }) });

const messageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(z.union([textPart, imagePart])), z.null()]).optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});

/** The OpenAI Chat Completions request, the parts Switchyard uses; other fields are accepted and ignored. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  tools: z.array(z.object({ type: z.literal('function'), function: z.object({ name: z.string(), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }) })).optional(),
  response_format: z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).optional(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  const result = chatCompletionRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new HttpError(400, `${where}: ${issue?.message.replace(/^Invalid input: /, '') ?? 'invalid request'}`);
  }
  return result.data;
}

/** OpenAI messages → the provider-neutral shape (developer → system, image_url → image parts, tool calls kept). */
export function toProviderMessages(messages: ChatCompletionRequest['messages']): ProviderMessage[] {
  return messages.map((m) => {
    const role = m.role === 'developer' ? 'system' : m.role;
    const content: ProviderMessage['content'] =
      typeof m.content === 'string' || m.content == null
        ? (m.content ?? '')
        : m.content.map((part) => (part.type === 'text' ? { type: 'text' as const, text: part.text } : imagePartOf(part.image_url)));
    const out: ProviderMessage = { role, content };
    if (m.tool_call_id) out.toolCallId = m.tool_call_id;
    if (m.tool_calls?.length) out.toolCalls = m.tool_calls.map((c): ToolCall => ({ id: c.id, name: c.function.name, arguments: c.function.arguments }));
    return out;
  });
}

function imagePartOf(image: string | { url: string }): { type: 'image'; url?: string; data?: string; mimeType?: string } {
  const url = typeof image === 'string' ? image : image.url;
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data ? { type: 'image', mimeType: data[1] ?? 'image/png', data: data[2] ?? '' } : { type: 'image', url };
}

export function toolDefsOf(tools: ChatCompletionRequest['tools']): ToolDef[] | undefined {
  return tools?.map((t) => ({ name: t.function.name, ...(t.function.description ? { description: t.function.description } : {}), parameters: t.function.parameters ?? { type: 'object', properties: {} } }));
}
