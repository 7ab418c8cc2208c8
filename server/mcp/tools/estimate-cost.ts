import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Model } from '../../../shared/catalog/model.js';
import { formatTokens, formatUsd, table } from '../../../shared/format.js';
import { estimateCosts } from '../../../shared/pricing/estimate.js';
import { RequestTokenCounter } from '../../../shared/pricing/token-count.js';
import { tokenizable } from '../../../shared/pricing/tokenizable.js';
import { requestInputFrom, requestInputShape } from '../request-input.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';
import { requireModel } from '../../../shared/catalog/require-model.js';

export const DEFAULT_OUTPUT_TOKENS = 500;

export const estimateCostInput = z.object({
  ...requestInputShape,
  models: z.array(z.string()).optional().describe('Model ids or aliases to price (default: the whole catalog).'),
  outputTokens: z.number().int().nonnegative().optional().describe(`Expected output tokens (default ${DEFAULT_OUTPUT_TOKENS}).`),
  limit: z.number().int().min(1).max(5000).optional().describe('How many estimates to return, cheapest first (default 20).'),
});

export const costEstimateSchema = z.object({
  model: z.string(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  inputCost: z.number(),
  outputCost: z.number(),
  totalCost: z.number(),
  exact: z.boolean().describe('True when the input count comes from the model’s own tokenizer.'),
  note: z.string().optional().describe('For estimates: the expected error of the token count.'),
});

export const estimateCostOutput = z.object({
  estimates: z.array(costEstimateSchema),
  total: z.number().int().describe('How many models were priced before the limit was applied.'),
});

export function resolveModels(deps: ToolDeps, ids: string[], field = 'models'): Model[] {
  const catalog = deps.catalog();
  return ids.map((id, index) => requireModel(catalog, id, `${field}[${index}]`, ' list_models shows the catalog.'));
}

export function registerEstimateCostTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'estimate_cost',
    {
      title: 'Estimate cost',
      description:
        'Count a prompt’s input tokens per model (exact for OpenAI tokenizers, labelled estimates otherwise) and price it with the expected output, cheapest first. Does not call any model.',
      inputSchema: estimateCostInput,
      outputSchema: estimateCostOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        const input = requestInputFrom(args);
        await deps.ready();
        const models = args.models ? dedupe(resolveModels(deps, args.models)) : deps.catalog().all();
        const counter = new RequestTokenCounter(tokenizable(input));
        const all = estimateCosts(models, counter, args.outputTokens ?? DEFAULT_OUTPUT_TOKENS);
        const estimates = all.slice(0, args.limit ?? 20);
        const rows = estimates.map((e) => [e.model, formatTokens(e.inputTokens) + (e.exact ? '' : '~'), formatTokens(e.outputTokens), formatUsd(e.totalCost)]);
        const text = `Cheapest ${estimates.length} of ${all.length} models (~ = estimated token count):\n${table(['model', 'in', 'out', 'cost'], rows)}`;
        return toolResult({ estimates, total: all.length }, text);
      }),
  );
}

function dedupe(models: Model[]): Model[] {
  return [...new Map(models.map((m) => [m.id, m])).values()];
}
