/**
 * POST /v1/messages and /v1/messages/count_tokens: Anthropic's Messages API over the same routing, fallback, budget
 * and ledger path as every other surface (runChat), so `ANTHROPIC_BASE_URL=http://127.0.0.1:3717` works for the
 * Anthropic SDK and Claude Code, with Claude answering natively and other providers translated. The client's
 * `x-api-key` and `anthropic-*` headers are accepted and never forwarded: upstream keys are Switchyard's own.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { countO200kTokens } from '../../../shared/pricing/token-count.js';
import { runChat, type ChatOutcome } from '../../invoke/chat-service.js';
import type { Runtime } from '../../runtime.js';
import { readJsonBody } from '../body.js';
import { abortOnClose, addSwitchyardTrailers, sseHeaders, switchyardHeaders, switchyardJson } from '../openai/chat-completions.js';
import { errorAnswer, errorHeaders, type ErrorAnswer } from '../openai/errors.js';
import { parseWith } from '../openai/request.js';
import { countTokensSchema, messagesToChatRequest, parseMessagesRequest } from './request.js';

type Json = Record<string, unknown>;

export async function handleMessages(req: IncomingMessage, res: ServerResponse, runtime: Runtime, bodyLimit: number): Promise<void> {
  try {
    const body = parseMessagesRequest(await readJsonBody(req, bodyLimit));
    const request = messagesToChatRequest(body);
    const controller = abortOnClose(res);
    const id = `msg_${randomUUID().replace(/-/g, '')}`;
    if (body.stream) return await streamMessage(res, runtime, request, controller, id);
    const outcome = await runChat(runtime, request, { via: 'http', signal: controller.signal });
    res.writeHead(200, { 'content-type': 'application/json', ...switchyardHeaders(outcome) });
    res.end(JSON.stringify({ ...messageJson(id, outcome), switchyard: switchyardJson(outcome) }));
  } catch (error) {
    sendAnthropicError(res, error);
  }
}

/**
 * count_tokens: the o200k count of the system prompt, the messages' text and the tools' definitions (Claude's own
 * tokenizer is not public, so this is an estimate, as Anthropic's own count for tools also is).
 */
export async function handleCountTokens(req: IncomingMessage, res: ServerResponse, bodyLimit: number): Promise<void> {
  try {
    const body = parseWith(countTokensSchema, await readJsonBody(req, bodyLimit));
    const request = messagesToChatRequest({ ...body, max_tokens: body.max_tokens ?? 1 });
    const messages = (request.input as { messages: Array<{ content: unknown; toolCalls?: unknown }> }).messages;
    const text = [JSON.stringify(request.tools ?? []), ...messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)) + (m.toolCalls ? JSON.stringify(m.toolCalls) : ''))].join('\n');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ input_tokens: countO200kTokens(text) + 4 * messages.length }));
  } catch (error) {
    sendAnthropicError(res, error);
  }
}

function stopReason(outcome: ChatOutcome): string {
  switch (outcome.finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return outcome.refusal ? 'refusal' : 'end_turn';
  }
}

/** Anthropic counts cache reads and writes apart from `input_tokens`. */
function usageJson(outcome: ChatOutcome): Json {
  const u = outcome.usage;
  const read = u.cachedInputTokens ?? 0;
  const write = u.cacheWriteInputTokens ?? 0;
  return { input_tokens: Math.max(0, u.inputTokens - read - write), output_tokens: u.outputTokens, cache_read_input_tokens: read, cache_creation_input_tokens: write };
}

/** Thinking as Claude signed it (so clients can send it back), else the reasoning text other providers return. */
function thinkingBlocks(outcome: ChatOutcome): Json[] {
  if (outcome.reasoningBlocks?.length) return outcome.reasoningBlocks.map((r) => (r.type === 'thinking' ? { type: 'thinking', thinking: r.text, signature: r.signature } : { type: 'redacted_thinking', data: r.data }));
  return outcome.reasoning ? [{ type: 'thinking', thinking: outcome.reasoning, signature: '' }] : [];
}

function contentBlocks(outcome: ChatOutcome): Json[] {
  const blocks: Json[] = thinkingBlocks(outcome);
  const text = outcome.text || outcome.refusal || '';
  if (text || !outcome.toolCalls?.length) blocks.push({ type: 'text', text });
  for (const c of outcome.toolCalls ?? []) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseInput(c.arguments) });
  return blocks;
}

function parseInput(args: string): unknown {
  try {
    return JSON.parse(args || '{}');
  } catch {
    return {};
  }
}

function messageJson(id: string, outcome: ChatOutcome): Json {
  return { id, type: 'message', role: 'assistant', model: outcome.model, content: contentBlocks(outcome), stop_reason: stopReason(outcome), stop_sequence: null, usage: usageJson(outcome) };
}

/**
 * Messages streaming events: message_start once the answering model is known, a text block growing with each
 * delta, then any refusal text, tool_use blocks (input as one input_json_delta), message_delta with the stop reason
 * and usage, message_stop.
 */
async function streamMessage(res: ServerResponse, runtime: Runtime, request: ReturnType<typeof messagesToChatRequest>, controller: AbortController, id: string): Promise<void> {
  let started = false;
  let index = -1;
  let textOpen = false;
  const send = (type: string, data: Json) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  const start = (model: string) => {
    if (started) return;
    started = true;
    res.writeHead(200, sseHeaders(model));
    send('message_start', { message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } } });
  };
  const openText = () => {
    if (textOpen) return;
    textOpen = true;
    index++;
    send('content_block_start', { index, content_block: { type: 'text', text: '' } });
  };
  const closeText = () => {
    if (!textOpen) return;
    textOpen = false;
    send('content_block_stop', { index });
  };
  try {
    const outcome = await runChat(runtime, request, {
      via: 'http',
      signal: controller.signal,
      onText: (text, model) => {
        start(model);
        openText();
        send('content_block_delta', { index, delta: { type: 'text_delta', text } });
      },
    });
    start(outcome.model);
    if (outcome.refusal || (!textOpen && !outcome.toolCalls?.length)) {
      openText();
      if (outcome.refusal) send('content_block_delta', { index, delta: { type: 'text_delta', text: outcome.refusal } });
    }
    closeText();
    for (const block of thinkingBlocks(outcome)) {
      index++;
      if (block.type === 'thinking') {
        send('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking } });
        if (block.signature) send('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } });
      } else send('content_block_start', { index, content_block: block });
      send('content_block_stop', { index });
    }
    for (const c of outcome.toolCalls ?? []) {
      index++;
      send('content_block_start', { index, content_block: { type: 'tool_use', id: c.id, name: c.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: c.arguments || '{}' } });
      send('content_block_stop', { index });
    }
    send('message_delta', { delta: { stop_reason: stopReason(outcome), stop_sequence: null }, usage: usageJson(outcome), switchyard: switchyardJson(outcome) });
    send('message_stop', {});
    addSwitchyardTrailers(res, outcome);
    res.end();
  } catch (error) {
    if (!started) throw error;
    send('error', anthropicErrorBody(errorAnswer(error)));
    res.end();
  }
}

/** Anthropic's error types for each status. */
function anthropicType(status: number, code: string): string {
  if (code === 'no_provider') return 'api_error'; // a configuration problem, not an overload to wait out
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 504) return 'timeout_error';
  return 'api_error';
}

function anthropicErrorBody(answer: ErrorAnswer): Json {
  return {
    type: 'error',
    error: { type: anthropicType(answer.status, answer.code), message: answer.message, code: answer.code, ...(answer.param ? { param: answer.param } : {}) },
    ...(answer.attempts ? { attempts: answer.attempts } : {}),
  };
}

/** An error in Anthropic's shape (`{type: "error", error: {type, message}}`), with the same statuses and retry-after. */
export function sendAnthropicError(res: ServerResponse, error: unknown): void {
  const answer = errorAnswer(error);
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(answer.status, errorHeaders(answer));
  res.end(JSON.stringify(anthropicErrorBody(answer)));
}
