import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isSwitchyardError } from '../../../shared/errors.js';
import { runChat, type ChatOutcome, type ChatRequest } from '../../invoke/chat-service.js';
import type { Runtime } from '../../runtime.js';
import { readJsonBody } from '../body.js';
import { parseChatCompletionRequest, toolDefsOf, toProviderMessages } from './request.js';
import { statusForError } from './errors.js';

export const AUTO_MODEL = 'auto';
export const POLICY_PREFIX = 'policy:';

/**
 * POST /v1/chat/completions: `model` is a catalog id (pinned, with fallbacks), `auto` (the active policy) or
 * `policy:<name>`. The same routing, fallbacks, budgets and ledger as the MCP `chat` tool: one code path (runChat).
 */
export async function handleChatCompletions(req: IncomingMessage, res: ServerResponse, runtime: Runtime, bodyLimit: number): Promise<void> {
  const body = parseChatCompletionRequest(await readJsonBody(req, bodyLimit));
  const request: ChatRequest = { input: { messages: toProviderMessages(body.messages) as never } };
  if (body.model === AUTO_MODEL) {
    // the active policy
  } else if (body.model.startsWith(POLICY_PREFIX)) {
    request.policy = body.model.slice(POLICY_PREFIX.length);
  } else {
    request.model = body.model;
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (body.temperature != null) request.temperature = body.temperature;
  const tools = toolDefsOf(body.tools);
  if (tools?.length) request.tools = tools;
  if (body.response_format?.type === 'json_object' || body.response_format?.type === 'json_schema') request.json = true;

  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  if (body.stream) return streamCompletion(res, runtime, request, controller, { id, created, includeUsage: body.stream_options?.include_usage === true });

  const outcome = await runChat(runtime, request, { via: 'http', signal: controller.signal });
  res.writeHead(200, { 'content-type': 'application/json', ...switchyardHeaders(outcome) });
  res.end(JSON.stringify(completionJson(outcome, id, created)));
}

function switchyardHeaders(outcome: ChatOutcome): Record<string, string> {
  return {
    'x-switchyard-model': outcome.model,
    'x-switchyard-cost': outcome.cost.toFixed(8),
    'x-switchyard-attempts': String(outcome.attempts.filter((a) => a.outcome !== 'skipped').length),
  };
}

function usageJson(outcome: ChatOutcome) {
  const u = outcome.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    ...(u.cachedInputTokens !== undefined ? { prompt_tokens_details: { cached_tokens: u.cachedInputTokens } } : {}),
    ...(u.reasoningTokens !== undefined ? { completion_tokens_details: { reasoning_tokens: u.reasoningTokens } } : {}),
  };
}

function switchyardJson(outcome: ChatOutcome) {
  return { cost: outcome.cost, attempts: outcome.attempts, policy: outcome.policy, ...(outcome.decision ? { routed_model: outcome.decision.model, task: outcome.decision.task } : {}) };
}

function toolCallsJson(outcome: ChatOutcome) {
  return outcome.toolCalls?.map((c, index) => ({ index, id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
}

function completionJson(outcome: ChatOutcome, id: string, created: number) {
  const toolCalls = toolCallsJson(outcome)?.map(({ index: _index, ...rest }) => rest);
  return {
    id,
    object: 'chat.completion',
    created,
    model: outcome.model,
    choices: [{ index: 0, message: { role: 'assistant', content: outcome.text, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: outcome.finishReason === 'other' || outcome.finishReason === 'error' ? 'stop' : outcome.finishReason, logprobs: null }],
    usage: usageJson(outcome),
    switchyard: switchyardJson(outcome),
  };
}

/**
 * SSE in OpenAI's chunk format. Headers go out with the first text, once the answering model is known (a fallback
 * before any content stays invisible to the client); cost and attempts, known only at the end, come as HTTP trailers
 * and in the final chunk's `switchyard` field.
 */
async function streamCompletion(
  res: ServerResponse,
  runtime: Runtime,
  request: ChatRequest,
  controller: AbortController,
  meta: { id: string; created: number; includeUsage: boolean },
): Promise<void> {
  let started = false;
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) => ({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
  const start = (model: string) => {
    if (started) return;
    started = true;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-switchyard-model': model,
      trailer: 'x-switchyard-cost, x-switchyard-attempts',
    });
    send(chunk(model, { role: 'assistant', content: '' }));
  };
  try {
    const outcome = await runChat(runtime, request, {
      via: 'http',
      signal: controller.signal,
      onText: (text, model) => {
        start(model);
        send(chunk(model, { content: text }));
      },
    });
    start(outcome.model);
    const toolCalls = toolCallsJson(outcome);
    if (toolCalls) send(chunk(outcome.model, { tool_calls: toolCalls }));
    const finish = outcome.finishReason === 'other' || outcome.finishReason === 'error' ? 'stop' : outcome.finishReason;
    send({ ...chunk(outcome.model, {}, finish), switchyard: switchyardJson(outcome) });
    if (meta.includeUsage) send({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: outcome.model, choices: [], usage: usageJson(outcome) });
    res.write('data: [DONE]\n\n');
    const headers = switchyardHeaders(outcome);
    res.addTrailers({ 'x-switchyard-cost': headers['x-switchyard-cost'] ?? '', 'x-switchyard-attempts': headers['x-switchyard-attempts'] ?? '' });
    res.end();
  } catch (error) {
    if (!started) throw error; // answered as a normal JSON error by the caller
    const status = statusForError(error);
    send({ error: { message: error instanceof Error ? error.message : String(error), type: status.type, code: isSwitchyardError(error) ? error.code : 'internal_error' } });
    res.end();
  }
}
