import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DEFAULT_MODEL_LIMIT, MAX_MODEL_LIMIT, MODEL_SORTS, queryModels } from '../../../shared/catalog/query.js';
import { formatPerMTok, formatTokens, table } from '../../../shared/format.js';
import { capabilitySchema, modelSummarySchema, summarizeModel } from '../schemas.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';

export const listModelsInput = z.object({
  query: z.string().optional().describe('Text to search for in model ids, names and aliases (case-insensitive).'),
  provider: z.string().optional().describe('Only this provider, e.g. "openai", "anthropic", "openrouter".'),
  capabilities: z.array(capabilitySchema).optional().describe('Every one of these capabilities is required.'),
  minContext: z.number().int().nonnegative().optional().describe('Minimum context window in tokens.'),
  maxInputPrice: z.number().nonnegative().optional().describe('Maximum input price in USD per million tokens.'),
  sort: z.enum(MODEL_SORTS).optional().describe('price (cheapest input first), quality (arena rating, best first), context (largest first) or name (default).'),
  limit: z.number().int().min(1).max(MAX_MODEL_LIMIT).optional().describe(`Page size (default ${DEFAULT_MODEL_LIMIT}, max ${MAX_MODEL_LIMIT}).`),
  cursor: z.string().optional().describe('nextCursor from the previous page.'),
});

export const listModelsOutput = z.object({
  models: z.array(modelSummarySchema),
  total: z.number().int(),
  nextCursor: z.string().optional(),
});

export function registerListModelsTool(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'list_models',
    {
      title: 'List models',
      description:
        'Search the model catalog (about 2,300 chat models over 80+ providers) by text, provider, capabilities, context window and price; sort and page through the results. Prices are USD per million tokens; quality is the LMArena rating.',
      inputSchema: listModelsInput,
      outputSchema: listModelsOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const page = queryModels(deps.catalog(), args);
        const out: z.infer<typeof listModelsOutput> = { models: page.models.map(summarizeModel), total: page.total };
        if (page.nextCursor) out.nextCursor = page.nextCursor;
        const rows = page.models.slice(0, 25).map((m) => [
          m.id,
          formatTokens(m.contextWindow),
          formatPerMTok(m.pricing.inputPerMTok),
          formatPerMTok(m.pricing.outputPerMTok),
          m.quality?.overall !== undefined ? String(Math.round(m.quality.overall)) : '',
        ]);
        const more = page.models.length > rows.length ? `\n… ${page.models.length - rows.length} more on this page` : '';
        const next = page.nextCursor ? `\nMore results: pass cursor "${page.nextCursor}".` : '';
        const text = `${page.total} models match; showing ${page.models.length}.\n${table(['model', 'context', 'in $/Mtok', 'out $/Mtok', 'arena'], rows)}${more}${next}`;
        return toolResult(out, text);
      }),
  );
}
