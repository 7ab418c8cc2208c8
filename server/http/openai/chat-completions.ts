import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runChat, type ChatOutcome, type ChatRequest } from '../../invoke/chat-service.js';
import type { Runtime } from '../../runtime.js';
import { readJsonBody } from '../body.js';
import { errorAnswer, openAIErrorBody } from './errors.js';
import { parseChatCompletionRequest, toChatRequest } from './request.js';

export { AUTO_MODEL, POLICY_PREFIX } from './request.js';

/**
 * POST /v1/chat/completions: `model` is a catalog id (pinned, with fallbacks), `auto` (the active policy) or
 * `policy:<name>`. The same routing, fallbacks, budgets and ledger as the MCP `chat` tool: one code path (runChat).
 */
export async function handleChatCompletions(req: IncomingMessage, res: ServerResponse, runtime: Runtime, bodyLimit: number): Promise<void> {
  const body = parseChatCompletionRequest(await readJsonBody(req, bodyLimit));
  const request = toChatRequest(body);
  const controller = abortOnClose(res);
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  if (body.stream) return streamCompletion(res, runtime, request, controller, { id, created, includeUsage: body.stream_options?.include_usage === true });

  const outcome = await runChat(runtime, request, { via: 'http', signal: controller.signal });
  res.writeHead(200, { 'content-type': 'application/json', ...switchyardHeaders(outcome) });
  res.end(JSON.stringify(completionJson(outcome, id, created)));
}

/** Aborts the upstream call when the client goes away before the answer is complete. */
export function abortOnClose(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

export function switchyardHeaders(outcome: ChatOutcome): Record<string, string> {
  return {
    'x-switchyard-model': outcome.model,
    'x-switchyard-endpoint': outcome.endpoint,
    'x-switchyard-cost': outcome.cost.toFixed(8),
    'x-switchyard-attempts': String(outcome.attempts.filter((a) => a.outcome !== 'skipped').length),
  };
}

/** SSE headers once the answering model is known; cost and attempts follow as trailers. */
export function sseHeaders(model: string): Record<string, string> {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-switchyard-model': model,
    trailer: 'x-switchyard-cost, x-switchyard-attempts',
  };
}

export function addSwitchyardTrailers(res: ServerResponse, outcome: ChatOutcome): void {
  const headers = switchyardHeaders(outcome);
  res.addTrailers({ 'x-switchyard-cost': headers['x-switchyard-cost'] ?? '', 'x-switchyard-attempts': headers['x-switchyard-attempts'] ?? '' });
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

export function switchyardJson(outcome: ChatOutcome) {
  return { cost: outcome.cost, attempts: outcome.attempts, policy: outcome.policy, ...(outcome.decision ? { routed_model: outcome.decision.model, task: outcome.decision.task } : {}) };
}

function toolCallsJson(outcome: ChatOutcome) {
  return outcome.toolCalls?.map((c, index) => ({ index, id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
}

function finishReason(outcome: Pick<ChatOutcome, 'finishReason'>): 'stop' | 'length' | 'tool_calls' | 'content_filter' {
  return outcome.finishReason === 'other' || outcome.finishReason === 'error' ? 'stop' : outcome.finishReason;
}

type Choice = Pick<ChatOutcome, 'text' | 'refusal' | 'toolCalls' | 'finishReason'>;

function choiceJson(choice: Choice, index: number) {
  const toolCalls = choice.toolCalls?.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } }));
  // `content` is null when the turn is only tool calls or a refusal, as OpenAI sends it.
  const content = choice.text || (toolCalls || choice.refusal ? null : '');
  return { index, message: { role: 'assistant', content, refusal: choice.refusal ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finishReason(choice), logprobs: null };
}

function completionJson(outcome: ChatOutcome, id: string, created: number) {
  return {
    id,
    object: 'chat.completion',
    created,
    model: outcome.model,
    choices: [outcome, ...(outcome.moreChoices ?? [])].map(choiceJson),
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
  let refused = false;
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) => ({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const start = (model: string) => {
    if (started) return;
    started = true;
    res.writeHead(200, sseHeaders(model));
    send(chunk(model, { role: 'assistant', content: '', refusal: null }));
  };
  try {
    const outcome = await runChat(runtime, request, {
      via: 'http',
      signal: controller.signal,
      onText: (text, model) => {
        start(model);
        send(chunk(model, { content: text }));
      },
      onRefusal: (refusal, model) => {
        start(model);
        refused = true;
        send(chunk(model, { refusal }));
      },
    });
    start(outcome.model);
    if (outcome.refusal && !refused) send(chunk(outcome.model, { refusal: outcome.refusal }));
    const toolCalls = toolCallsJson(outcome);
    if (toolCalls) send(chunk(outcome.model, { tool_calls: toolCalls }));
    send({ ...chunk(outcome.model, {}, finishReason(outcome)), switchyard: switchyardJson(outcome) });
    if (meta.includeUsage) send({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: outcome.model, choices: [], usage: usageJson(outcome) });
    res.write('data: [DONE]\n\n');
    addSwitchyardTrailers(res, outcome);
    res.end();
  } catch (error) {
    if (!started) throw error; // answered as a normal JSON error by the caller
    send(openAIErrorBody(errorAnswer(error)));
    res.end();
  }
}
