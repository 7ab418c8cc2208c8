import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatTokens, formatUsd, table } from '../../../shared/format.js';
import { estimateRequest } from '../../../shared/routing/estimate-request.js';
import { reasoningInputShape, reasoningRequestFrom, requestInputFrom, requestInputShape } from '../request-input.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';

export const estimateCostInput = z.object({
  ...requestInputShape,
  models: z.array(z.string()).optional().describe('Model ids or aliases to price (default: every model that can serve it); an endpoint id prices that endpoint.'),
  outputTokens: z.number().int().nonnegative().optional().describe('Output tokens the answer takes, when you know (default: forecast from the request, with hidden reasoning tokens for reasoning models).'),
  limit: z.number().int().min(1).max(5000).optional().describe('How many estimates to return, cheapest first (default 20).'),
  ...reasoningInputShape,
});

export const costEstimateSchema = z.object({
  model: z.string(),
  provider: z.string(),
  endpoint: z.string().describe('The endpoint priced: the model’s cheapest usable one.'),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  inputCost: z.number(),
  outputCost: z.number(),
  totalCost: z.number(),
  costRange: z.tuple([z.number(), z.number()]).describe('[low, high] USD from the output forecast’s range and the token count’s error.'),
  exact: z.boolean().describe('True when the input count comes from the model’s own tokenizer.'),
  note: z.string().optional().describe('For estimates: the expected error of the token count.'),
});

export const estimateCostOutput = z.object({
  estimates: z.array(costEstimateSchema),
  total: z.number().int().describe('How many models were priced before the limit was applied.'),
  tooSmall: z.number().int().describe('Models left out: no endpoint’s context window holds the input and the answer.'),
  cannotThink: z.number().int().optional().describe('Models left out because the request asks for thinking and no endpoint of theirs can think.'),
  outputForecast: z.object({ tokens: z.number().int(), low: z.number().int(), high: z.number().int(), basis: z.string() }),
});

export function registerEstimateCostTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'estimate_cost',
    {
      title: 'Estimate cost',
      description:
        'Count a prompt’s input tokens per model (exact for OpenAI tokenizers, labelled estimates otherwise) and price it at each model’s cheapest usable endpoint with the forecast output (length asked for, hidden reasoning tokens), cheapest first, with a low–high range; models too small for the input are left out. Does not call any model.',
      inputSchema: estimateCostInput,
      outputSchema: estimateCostOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        const input = requestInputFrom(args);
        await deps.ready();
        const reasoning = reasoningRequestFrom(args);
        const result = estimateRequest(input, deps.catalog(), { ...(args.models ? { models: args.models } : {}), ...(args.outputTokens !== undefined ? { outputTokens: args.outputTokens } : {}), ...(reasoning ? { reasoning } : {}), ctx: deps.routeContext() });
        const estimates = result.estimates.slice(0, args.limit ?? 20);
        const f = result.forecast;
        const rows = estimates.map((e) => [e.model, e.provider, formatTokens(e.inputTokens) + (e.exact ? '' : '~'), formatTokens(e.outputTokens), formatUsd(e.totalCost)]);
        const text = `Cheapest ${estimates.length} of ${result.estimates.length} models (~ = estimated token count; output forecast ${formatTokens(f.tokens)} tokens, ${f.basis}${f.reasoning.tokens > 0 ? `; ~${formatTokens(f.reasoning.tokens)} hidden reasoning tokens on ${f.everyModelThinks ? 'every model' : 'reasoning models'}` : ''}${result.tooSmall.length ? `; ${result.tooSmall.length} models too small for this input left out` : ''}${result.cannotThink.length ? `; ${result.cannotThink.length} models that cannot think left out` : ''}):\n${table(['model', 'provider', 'in', 'out', 'cost'], rows)}`;
        return toolResult({ estimates, total: result.estimates.length, tooSmall: result.tooSmall.length, ...(result.cannotThink.length ? { cannotThink: result.cannotThink.length } : {}), outputForecast: { tokens: f.tokens, low: f.low, high: f.high, basis: f.basis } }, text);
      }),
  );
}
