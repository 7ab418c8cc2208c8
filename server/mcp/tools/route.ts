import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatChance, formatUsd } from '../../../shared/format.js';
import { preferencesSchema, requireSchema } from '../../../shared/policy/schema.js';
import { route } from '../../../shared/routing/route.js';
import type { RouteDecision, RouteRequest } from '../../../shared/routing/types.js';
import { TASKS } from '../../../shared/routing/detect-task.js';
import { reasoningInputShape, reasoningRequestFrom, requestInputFrom, requestInputShape } from '../request-input.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';

export const routeInputShape = {
  ...requestInputShape,
  policy: z.string().optional().describe('A policy name (built-in: cheapest, balanced, best, fastest, local-only; or one from .switchyard.json). Default: the active policy.'),
  preferences: preferencesSchema.optional(),
  require: requireSchema.optional(),
  outputTokens: z.number().int().nonnegative().optional().describe('Output tokens the answer will take, when you know (default: forecast from the request).'),
  models: z.array(z.string()).optional().describe('Only consider these models (ids or aliases; an endpoint id such as "bedrock/anthropic.claude-…" restricts to that endpoint).'),
  tags: z.array(z.string()).optional().describe('Tags for policy rules with when.tag.'),
  ...reasoningInputShape,
};
export const routeInput = z.object(routeInputShape);

const choiceSchema = z.object({
  model: z.string().describe('Canonical model id.'),
  provider: z.string(),
  endpoint: z.string().describe('provider/name-at-provider'),
  estimatedCost: z.number(),
  success: z.number().describe('Predicted chance of a good answer (0..1).'),
});

export const routeOutput = z.object({
  model: z.string().describe('The canonical model id, e.g. anthropic/claude-sonnet-4-5.'),
  provider: z.string().describe('The provider of the endpoint that would serve it.'),
  endpoint: z.string().describe('provider/name-at-provider.'),
  callable: z.boolean().describe('False when no key or local server makes the endpoint callable yet; needs says what to set.'),
  needs: z.string().optional(),
  task: z.enum(TASKS),
  taskConfidence: z.number(),
  estimatedCost: z.number().describe('USD for this request on the chosen endpoint.'),
  costRange: z.tuple([z.number(), z.number()]).describe('[low, high] USD.'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int().describe('Forecast output tokens billed (answer + hidden reasoning).'),
  outputForecast: z.object({ tokens: z.number().int(), low: z.number().int(), high: z.number().int(), reasoningTokens: z.number().int(), basis: z.string() }),
  exactTokens: z.boolean(),
  quality: z.object({ rating: z.number(), category: z.string(), source: z.enum(['arena', 'estimated']), basis: z.string() }),
  success: z.number().describe('Predicted chance of a good answer on this request (0..1).'),
  difficulty: z.number().describe('Predicted difficulty of the request (0..1).'),
  policy: z.string(),
  score: z.number(),
  alternatives: z.array(choiceSchema).describe('Other models, best first (distinct models).'),
  fallbacks: z.array(choiceSchema).describe('Tried in order when the chosen endpoint fails.'),
  explanation: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type RouteOutput = z.infer<typeof routeOutput>;

export function routeRequestFrom(args: z.infer<typeof routeInput>): RouteRequest {
  const request: RouteRequest = { input: requestInputFrom(args) };
  if (args.policy !== undefined) request.policy = args.policy;
  if (args.preferences !== undefined) request.preferences = args.preferences;
  if (args.require !== undefined) request.require = args.require;
  if (args.outputTokens !== undefined) request.outputTokens = args.outputTokens;
  if (args.models !== undefined) request.models = args.models;
  if (args.tags !== undefined) request.tags = args.tags;
  const reasoning = reasoningRequestFrom(args);
  if (reasoning) request.reasoning = reasoning;
  return request;
}

export function decide(deps: ToolDeps, request: RouteRequest): RouteDecision {
  return route(request, deps.catalog(), deps.policies(), deps.routeContext());
}

export function routeOutputOf(d: RouteDecision): RouteOutput {
  return {
    model: d.model,
    provider: d.provider,
    endpoint: d.endpoint,
    callable: d.callable,
    ...(d.needs ? { needs: d.needs } : {}),
    task: d.task,
    taskConfidence: Math.round(d.taskConfidence * 100) / 100,
    estimatedCost: d.estimatedCost,
    costRange: d.costRange,
    inputTokens: d.estimate.inputTokens,
    outputTokens: d.outputTokens,
    outputForecast: d.outputForecast,
    exactTokens: d.estimate.exact,
    quality: d.quality,
    success: d.success,
    difficulty: d.difficulty,
    policy: d.policy,
    score: d.score,
    alternatives: d.alternatives,
    fallbacks: d.fallbacks,
    explanation: d.explanation,
    warnings: d.warnings,
  };
}

/** The decision for people: the pick, its cost and range, why, then the alternatives and fallbacks with their providers. */
export function describeDecision(d: RouteDecision): string {
  const lines = [
    `→ ${d.model} via ${d.provider} (${d.task}, policy ${d.policy}) — estimated ${formatUsd(d.estimatedCost)} (${formatUsd(d.costRange[0])}–${formatUsd(d.costRange[1])}), success ${formatChance(d.success)} predicted`,
    `  quality: ${d.quality.category} ${Math.round(d.quality.rating)} (${d.quality.source === 'arena' ? d.quality.basis : `estimated — ${d.quality.basis}`})`,
    ...(d.needs ? [`  not callable yet: ${d.needs}`] : []),
    ...d.explanation.map((l) => `  • ${l}`),
  ];
  if (d.alternatives.length > 0) lines.push(`Alternatives: ${d.alternatives.map((a) => `${a.model} via ${a.provider} (${formatUsd(a.estimatedCost)}, success ${formatChance(a.success)})`).join(', ')}`);
  if (d.fallbacks.length > 0) lines.push(`Fallbacks: ${d.fallbacks.map((f) => f.endpoint).join(' → ')}`);
  for (const w of d.warnings) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}

export function registerRouteTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'route',
    {
      title: 'Route a request',
      description:
        'Choose the best model for a prompt under a policy: detects the task (coding, math, creative, …), forecasts the output (length asked for, hidden reasoning), applies hard filters (capabilities, context window, allow/deny, providers, price cap, budget), predicts each model’s chance of answering well and trades it against this request’s cost and speed by the MCP ModelPreferences priorities, then picks the endpoint (provider) that serves it. Returns the model, endpoint, cost estimate with range, quality evidence, alternatives (distinct models), a fallback chain and an explanation. Calls no model.',
      inputSchema: routeInput,
      outputSchema: routeOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        const request = routeRequestFrom(args);
        await deps.ready();
        const decision = decide(deps, request);
        return toolResult(routeOutputOf(decision), describeDecision(decision));
      }),
  );
}
