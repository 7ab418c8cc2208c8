import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatUsd } from '../../../shared/format.js';
import { preferencesSchema, requireSchema } from '../../../shared/policy/schema.js';
import { route } from '../../../shared/routing/route.js';
import type { RouteDecision, RouteRequest } from '../../../shared/routing/types.js';
import { TASKS } from '../../../shared/routing/detect-task.js';
import { requestInputFrom, requestInputShape } from '../request-input.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';

export const routeInputShape = {
  ...requestInputShape,
  policy: z.string().optional().describe('A policy name (built-in: cheapest, balanced, best, fastest, local-only; or one from .switchyard.json). Default: the active policy.'),
  preferences: preferencesSchema.optional(),
  require: requireSchema.optional(),
  outputTokens: z.number().int().nonnegative().optional().describe('Expected output tokens (default 500).'),
  models: z.array(z.string()).optional().describe('Only consider these model ids.'),
  tags: z.array(z.string()).optional().describe('Tags for policy rules with when.tag.'),
};
export const routeInput = z.object(routeInputShape);

export const routeOutput = z.object({
  model: z.string(),
  provider: z.string(),
  task: z.enum(TASKS),
  taskConfidence: z.number(),
  estimatedCost: z.number().describe('USD for this request on the chosen model.'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  exactTokens: z.boolean(),
  policy: z.string(),
  score: z.number(),
  alternatives: z.array(z.object({ model: z.string(), score: z.number(), estimatedCost: z.number() })),
  fallbacks: z.array(z.string()),
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
  return request;
}

export function decide(deps: ToolDeps, request: RouteRequest): RouteDecision {
  return route(request, deps.catalog(), deps.policies(), deps.routeContext());
}

export function routeOutputOf(d: RouteDecision): RouteOutput {
  return {
    model: d.model,
    provider: d.provider,
    task: d.task,
    taskConfidence: Math.round(d.taskConfidence * 100) / 100,
    estimatedCost: d.estimatedCost,
    inputTokens: d.estimate.inputTokens,
    outputTokens: d.estimate.outputTokens,
    exactTokens: d.estimate.exact,
    policy: d.policy,
    score: Math.round(d.score * 1e4) / 1e4,
    alternatives: d.alternatives,
    fallbacks: d.fallbacks,
    explanation: d.explanation,
    warnings: d.warnings,
  };
}

export function describeDecision(d: RouteDecision): string {
  const lines = [
    `→ ${d.model} (${d.task}, policy ${d.policy}) — estimated ${formatUsd(d.estimatedCost)}`,
    ...d.explanation.map((l) => `  • ${l}`),
  ];
  if (d.alternatives.length > 0) lines.push(`Alternatives: ${d.alternatives.map((a) => `${a.model} (${a.score.toFixed(2)}, ${formatUsd(a.estimatedCost)})`).join(', ')}`);
  for (const w of d.warnings) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}

export function registerRouteTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'route',
    {
      title: 'Route a request',
      description:
        'Choose the best model for a prompt under a policy: detects the task (coding, math, creative, …), applies hard filters (capabilities, context window, allow/deny, price cap) and scores cost, speed and task quality by the MCP ModelPreferences priorities. Returns the model, alternatives, a fallback chain, the cost estimate and an explanation. Calls no model.',
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
