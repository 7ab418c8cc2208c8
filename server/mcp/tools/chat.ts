import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatUsd } from '../../../shared/format.js';
import { preferencesSchema, requireSchema } from '../../../shared/policy/schema.js';
import { runChat, type ChatOutcome, type ChatRequest, type SamplingDelegate } from '../../invoke/chat-service.js';
import type { Runtime } from '../../runtime.js';
import { reasoningInputShape, reasoningRequestFrom, requestInputFrom, requestInputShape } from '../request-input.js';
import { guarded, toolResult } from '../tool-result.js';

export const chatInput = z.object({
  ...requestInputShape,
  policy: z.string().optional().describe('A policy name; default: the active policy.'),
  preferences: preferencesSchema.optional(),
  require: requireSchema.optional(),
  model: z.string().optional().describe('Pin a model (id or alias). Fallbacks still apply unless fallbacks is false.'),
  fallbacks: z.boolean().optional().describe('Try other models when the first fails (default true).'),
  maxTokens: z.number().int().positive().optional().describe('Maximum output tokens, sent as is; models that cannot write that many are skipped. Without it none is sent (the model’s own limit applies) and 4,096 (plus the thinking budget reasoningEffort or thinkingBudget asks for) are reserved against budgets.'),
  temperature: z.number().min(0).max(2).optional(),
  ...reasoningInputShape,
});

export const chatOutput = z.object({
  model: z.string().describe('The model that answered (canonical id).'),
  endpoint: z.string().describe('The endpoint that answered: provider/name-at-provider.'),
  text: z.string(),
  finishReason: z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'error', 'other']),
  usage: z.object({
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    cachedInputTokens: z.number().int().optional(),
    reasoningTokens: z.number().int().optional(),
  }),
  cost: z.number().describe('USD, from the provider’s reported usage and the catalog price.'),
  attempts: z.array(
    z.object({
      model: z.string(),
      outcome: z.enum(['ok', 'retry', 'fallback', 'skipped', 'failed', 'cancelled']),
      status: z.number().int().optional(),
      error: z.string().optional(),
      ms: z.number(),
    }),
  ),
  routedModel: z.string().optional().describe('What the router chose (the first model tried unless one was pinned).'),
  task: z.string().optional(),
  policy: z.string(),
  via: z.string().describe('provider (a direct API call) or sampling (the client’s own model).'),
  usageEstimated: z.boolean().describe('True when the provider reported no usage and tokens were counted locally.'),
});

export function chatOutputOf(outcome: ChatOutcome): z.infer<typeof chatOutput> {
  const usage: z.infer<typeof chatOutput>['usage'] = { inputTokens: outcome.usage.inputTokens, outputTokens: outcome.usage.outputTokens };
  if (outcome.usage.cachedInputTokens !== undefined) usage.cachedInputTokens = outcome.usage.cachedInputTokens;
  if (outcome.usage.reasoningTokens !== undefined) usage.reasoningTokens = outcome.usage.reasoningTokens;
  const out: z.infer<typeof chatOutput> = {
    model: outcome.model,
    endpoint: outcome.endpoint,
    text: outcome.text,
    finishReason: outcome.finishReason,
    usage,
    cost: outcome.cost,
    attempts: outcome.attempts,
    policy: outcome.policy,
    via: outcome.via === 'sampling' ? 'sampling' : 'provider',
    usageEstimated: outcome.usageEstimated,
  };
  if (outcome.decision) {
    out.routedModel = outcome.decision.model;
    out.task = outcome.decision.task;
  }
  return out;
}

export function chatRequestFrom(args: z.infer<typeof chatInput>): ChatRequest {
  const request: ChatRequest = { input: requestInputFrom(args) };
  if (args.policy !== undefined) request.policy = args.policy;
  if (args.preferences !== undefined) request.preferences = args.preferences;
  if (args.require !== undefined) request.require = args.require;
  if (args.model !== undefined) request.model = args.model;
  if (args.fallbacks !== undefined) request.fallbacks = args.fallbacks;
  if (args.maxTokens !== undefined) request.maxTokens = args.maxTokens;
  if (args.temperature !== undefined) request.temperature = args.temperature;
  // sent to the provider as its own thinking control; runChat routes on it too
  const reasoning = reasoningRequestFrom(args);
  if (reasoning) request.params = { ...(reasoning.effort !== undefined ? { reasoningEffort: reasoning.effort } : {}), ...(reasoning.budgetTokens !== undefined ? { thinkingBudget: reasoning.budgetTokens } : {}) };
  return request;
}

export function registerChatTool(server: McpServer, runtime: Runtime): void {
  server.registerTool(
    'chat',
    {
      title: 'Chat through the router',
      description:
        'Route the request (or use the pinned model) and call it through the provider’s API, streaming progress, falling back to other models on failure, within the budgets; records actual usage and cost in the spend ledger. With no provider configured, asks the client’s own model through MCP sampling when the client supports it.',
      inputSchema: chatInput,
      outputSchema: chatOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    (args, extra) =>
      guarded(async () => {
        const request = chatRequestFrom(args);
        const progressToken = extra._meta?.progressToken;
        let received = 0;
        const onText = progressToken === undefined
          ? undefined
          : (text: string) => {
              received += text.length;
              void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: received, message: text } }).catch(() => undefined);
            };
        // Each retry and fallback is a progress message too, so a client sees why the answer is taking longer.
        const onProgress = progressToken === undefined
          ? undefined
          : (message: string) => void extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: received, message } }).catch(() => undefined);
        const sampling: SamplingDelegate | undefined = server.server.getClientCapabilities()?.sampling ? samplingVia(server) : undefined;
        const outcome = await runChat(runtime, request, { via: 'mcp', signal: extra.signal, ...(onText ? { onText } : {}), ...(onProgress ? { onProgress } : {}), ...(sampling ? { sampling } : {}) });
        const out = chatOutputOf(outcome);
        const tried = outcome.attempts.length > 1 ? ` after ${outcome.attempts.length} attempts` : '';
        return toolResult(out, `${outcome.text}\n\n— ${outcome.model}${tried}, ${out.usage.inputTokens}+${out.usage.outputTokens} tokens, ${formatUsd(outcome.cost)}`);
      }),
  );
}

/** Ask the client's model, with the routed model as the first hint and the policy's priorities. */
function samplingVia(server: McpServer): SamplingDelegate {
  return async (decision, messages, maxTokens, signal) => {
    const system = messages.filter((m) => m.role === 'system').map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    const turns = messages
      .filter((m) => m.role === 'user' || m.role === 'assistant')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: { type: 'text' as const, text: typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('') } }));
    const result = await server.server.createMessage(
      {
        messages: turns,
        maxTokens,
        ...(system ? { systemPrompt: system } : {}),
        modelPreferences: { hints: [{ name: decision.model }, ...decision.fallbacks.map((f) => ({ name: f.model }))] },
      },
      signal ? { signal } : undefined,
    );
    const content = Array.isArray(result.content) ? result.content : [result.content];
    const text = content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    return { model: result.model, text, ...(result.stopReason ? { stopReason: result.stopReason } : {}) };
  };
}
