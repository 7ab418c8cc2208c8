/**
 * POST /v1/responses: the OpenAI Responses API over the same routing, fallback, budget and ledger path as every
 * other surface (runChat). Stateless: nothing is stored, so `previous_response_id` is refused and `store` is false.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runChat, type ChatOutcome } from '../../invoke/chat-service.js';
import type { Runtime } from '../../runtime.js';
import { readJsonBody } from '../body.js';
import { abortOnClose, addSwitchyardTrailers, sseHeaders, switchyardHeaders, switchyardJson } from '../openai/chat-completions.js';
import { errorAnswer } from '../openai/errors.js';
import { parseCreateResponse, responsesToChatRequest, type CreateResponseRequest } from './request.js';

type Json = Record<string, unknown>;

export async function handleResponses(req: IncomingMessage, res: ServerResponse, runtime: Runtime, bodyLimit: number): Promise<void> {
  const body = parseCreateResponse(await readJsonBody(req, bodyLimit));
  const request = responsesToChatRequest(body);
  const controller = abortOnClose(res);
  const meta = { id: `resp_${randomUUID().replace(/-/g, '')}`, created: Math.floor(Date.now() / 1000), body };
  if (body.stream) return streamResponse(res, runtime, request, controller, meta);
  const outcome = await runChat(runtime, request, { via: 'http', signal: controller.signal });
  res.writeHead(200, { 'content-type': 'application/json', ...switchyardHeaders(outcome) });
  res.end(JSON.stringify(responseJson(meta, outcome.model, 'completed', outputItems(meta.id, outcome), outcome)));
}

interface Meta {
  id: string;
  created: number;
  body: CreateResponseRequest;
}

function usageJson(outcome: ChatOutcome) {
  const u = outcome.usage;
  return {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0, cache_write_tokens: u.cacheWriteInputTokens ?? 0 },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: u.inputTokens + u.outputTokens,
  };
}

const messageId = (id: string) => `msg_${id.slice(5)}`;

function messageItem(id: string, outcome: Pick<ChatOutcome, 'text' | 'refusal'>, status: 'in_progress' | 'completed'): Json {
  const content: Json[] = [];
  if (outcome.text || !outcome.refusal) content.push({ type: 'output_text', text: outcome.text, annotations: [], logprobs: [] });
  if (outcome.refusal) content.push({ type: 'refusal', refusal: outcome.refusal });
  return { id: messageId(id), type: 'message', role: 'assistant', status, content };
}

function callItem(call: NonNullable<ChatOutcome['toolCalls']>[number], status: 'in_progress' | 'completed', args = call.arguments): Json {
  return { id: `fc_${call.id}`, type: 'function_call', call_id: call.id, name: call.name, arguments: args, status };
}

/** The message first (streamed text opens it), then the function calls, then the reasoning, in both modes. */
function outputItems(id: string, outcome: ChatOutcome): Json[] {
  const items: Json[] = [];
  if (outcome.text || outcome.refusal || !outcome.toolCalls?.length) items.push(messageItem(id, outcome, 'completed'));
  for (const call of outcome.toolCalls ?? []) items.push(callItem(call, 'completed'));
  if (outcome.reasoning) items.push({ id: `rs_${id.slice(5)}`, type: 'reasoning', summary: [{ type: 'summary_text', text: outcome.reasoning }] });
  return items;
}

function responseJson(meta: Meta, model: string, status: 'in_progress' | 'completed' | 'incomplete', output: Json[], outcome?: ChatOutcome): Json {
  const b = meta.body;
  const incomplete = outcome && (outcome.finishReason === 'length' || outcome.finishReason === 'content_filter');
  const format = b.text?.format ?? { type: 'text' };
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.created,
    status: incomplete ? 'incomplete' : status,
    ...(status === 'completed' && !incomplete ? { completed_at: Math.floor(Date.now() / 1000) } : {}),
    error: null,
    incomplete_details: incomplete ? { reason: outcome.finishReason === 'length' ? 'max_output_tokens' : 'content_filter' } : null,
    instructions: b.instructions ?? null,
    max_output_tokens: b.max_output_tokens ?? null,
    model,
    output,
    parallel_tool_calls: b.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: b.reasoning ? { effort: b.reasoning.effort ?? null, summary: b.reasoning.summary ?? null } : null,
    store: false,
    temperature: b.temperature ?? null,
    text: { format },
    tool_choice: b.tool_choice ?? 'auto',
    tools: (b.tools ?? []).map((t) => ({ strict: null, description: null, parameters: null, ...t })),
    top_p: b.top_p ?? null,
    truncation: 'disabled',
    metadata: b.metadata ?? {},
    ...(b.user ? { user: b.user } : {}),
    ...(outcome ? { usage: usageJson(outcome), switchyard: switchyardJson(outcome) } : {}),
  };
}

/**
 * Responses streaming events: created and in_progress once the answering model is known, then the message item
 * (content part, text deltas, done events), function-call items with their arguments, and `response.completed`.
 */
async function streamResponse(res: ServerResponse, runtime: Runtime, request: ReturnType<typeof responsesToChatRequest>, controller: AbortController, meta: Meta): Promise<void> {
  let seq = 0;
  let started = false;
  let textOpen = false;
  const send = (type: string, data: Json) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data, sequence_number: seq++ })}\n\n`);
  const item = { item_id: messageId(meta.id), output_index: 0, content_index: 0 };
  const start = (model: string) => {
    if (started) return;
    started = true;
    res.writeHead(200, sseHeaders(model));
    send('response.created', { response: responseJson(meta, model, 'in_progress', []) });
    send('response.in_progress', { response: responseJson(meta, model, 'in_progress', []) });
  };
  const openText = () => {
    if (textOpen) return;
    textOpen = true;
    send('response.output_item.added', { output_index: 0, item: messageItem(meta.id, { text: '' }, 'in_progress') });
    send('response.content_part.added', { ...item, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
  };
  try {
    const outcome = await runChat(runtime, request, {
      via: 'http',
      signal: controller.signal,
      onText: (delta, model) => {
        start(model);
        openText();
        send('response.output_text.delta', { ...item, delta, logprobs: [] });
      },
    });
    start(outcome.model);
    const output = outputItems(meta.id, outcome);
    let index = 0;
    output.forEach((out, index) => {
      if (out.type === 'message') {
        const at = { item_id: out.id, output_index: index };
        const hasText = Boolean(outcome.text) || !outcome.refusal;
        if (hasText || textOpen) {
          openText();
          send('response.output_text.done', { ...at, content_index: 0, text: outcome.text, logprobs: [] });
          send('response.content_part.done', { ...at, content_index: 0, part: { type: 'output_text', text: outcome.text, annotations: [], logprobs: [] } });
        } else {
          send('response.output_item.added', { output_index: index, item: { ...out, status: 'in_progress', content: [] } });
        }
        if (outcome.refusal) {
          const content_index = hasText ? 1 : 0;
          send('response.content_part.added', { ...at, content_index, part: { type: 'refusal', refusal: '' } });
          send('response.refusal.delta', { ...at, content_index, delta: outcome.refusal });
          send('response.refusal.done', { ...at, content_index, refusal: outcome.refusal });
          send('response.content_part.done', { ...at, content_index, part: { type: 'refusal', refusal: outcome.refusal } });
        }
      } else if (out.type === 'function_call') {
        send('response.output_item.added', { output_index: index, item: { ...out, arguments: '', status: 'in_progress' } });
        send('response.function_call_arguments.delta', { item_id: out.id, output_index: index, delta: out.arguments });
        send('response.function_call_arguments.done', { item_id: out.id, name: out.name, output_index: index, arguments: out.arguments });
      } else {
        send('response.output_item.added', { output_index: index, item: out });
      }
      send('response.output_item.done', { output_index: index, item: out });
    });
    send('response.completed', { response: responseJson(meta, outcome.model, 'completed', output, outcome) });
    addSwitchyardTrailers(res, outcome);
    res.end();
  } catch (error) {
    if (!started) throw error;
    const answer = errorAnswer(error);
    send('error', { code: answer.code, message: answer.message, param: answer.param });
    res.end();
  }
}
