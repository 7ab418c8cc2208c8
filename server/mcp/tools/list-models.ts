import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DEFAULT_MODEL_LIMIT, MAX_MODEL_LIMIT, MODEL_SORTS, queryModels } from '../../../shared/catalog/query.js';
import { modelTable } from '../../../shared/catalog/model-table.js';
import { capabilitySchema, modelSummarySchema, summarizeModel } from '../schemas.js';
import { guarded, toolResult } from '../tool-result.js';
import type { ToolDeps } from './deps.js';

export const listModelsInput = z.object({
  query: z.string().optional().describe('Text to search for in model ids, names and aliases (case-insensitive).'),
  provider: z.string().optional().describe('Only models served by this provider, each with only its endpoints there, e.g. "openai", "bedrock", "openrouter".'),
  capabilities: z.array(capabilitySchema).optional().describe('Every one of these capabilities is required.'),
  minContext: z.number().int().nonnegative().optional().describe('Minimum context window in tokens.'),
  maxInputPrice: z.number().nonnegative().optional().describe('Maximum input price in USD per million tokens.'),
  sort: z.enum(MODEL_SORTS).optional().describe('price (cheapest endpoint input first), quality (overall rating, arena or estimated, best first), context (largest first) or name (default).'),
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
        'Search the model catalog (about 700 chat models, served by about 1,900 endpoints over 60 providers) by text, provider, capabilities, context window and price; sort and page through the results. Each model lists its endpoints (provider, name there, prices in USD per million tokens, limits) and its quality evidence: LMArena ratings, or an estimate with its basis.',
      inputSchema: listModelsInput,
      outputSchema: listModelsOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(() => {
        const page = queryModels(deps.catalog(), args);
        const out: z.infer<typeof listModelsOutput> = { models: page.models.map(summarizeModel), total: page.total };
        if (page.nextCursor) out.nextCursor = page.nextCursor;
        const shown = page.models.slice(0, 25);
        const more = page.models.length > shown.length ? `\n… ${page.models.length - shown.length} more on this page` : '';
        const next = page.nextCursor ? `\nMore results: pass cursor "${page.nextCursor}".` : '';
        const text = `${page.total} models match; showing ${page.models.length}.\n${modelTable(shown)}${more}${next}`;
        return toolResult(out, text);
      }),
  );
}
