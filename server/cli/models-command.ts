import { CAPABILITIES, type Capability } from '../../shared/catalog/model.js';
import { MODEL_SORTS, queryModels, type ModelQuery, type ModelSort } from '../../shared/catalog/query.js';
import { summarizeModel } from '../mcp/schemas.js';
import type { Command } from './command.js';
import { modelTable } from '../../shared/catalog/model-table.js';
import { loadRuntime } from './runtime.js';
import { CliUsageError, intOption, JSON_HELP, jsonOption, numberOption } from './shared-options.js';

export const modelsCommand: Command = {
  name: 'models',
  summary: 'List and search the model catalog.',
  usage: 'switchyard models [SEARCH] [--provider P] [--capability C]... [--min-context N] [--max-price USD] [--sort price|quality|context|name] [--limit N] [--json]',
  optionHelp: [
    '--provider P          Only models served by this provider, with their endpoints there (openai, bedrock, openrouter, …)',
    `--capability C        Require a capability (${CAPABILITIES.join(', ')}); repeatable`,
    '--min-context N       Minimum context window in tokens',
    '--max-price USD       Maximum input price per million tokens (at some endpoint)',
    '--sort KEY            price | quality | context | name (default name)',
    '--limit N             How many to show (default 50)',
    JSON_HELP,
  ],
  options: {
    ...jsonOption,
    provider: { type: 'string' },
    capability: { type: 'string', multiple: true },
    'min-context': { type: 'string' },
    'max-price': { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  },
  async run({ positionals, values, stdout }) {
    const q: ModelQuery = { limit: intOption(values, 'limit', 50, 1) };
    if (positionals.length > 0) q.query = positionals.join(' ');
    if (typeof values.provider === 'string') q.provider = values.provider;
    const caps = (values.capability as string[] | undefined) ?? [];
    for (const cap of caps) {
      if (!(CAPABILITIES as readonly string[]).includes(cap)) throw new CliUsageError(`--capability: "${cap}" is not one of ${CAPABILITIES.join(', ')}`);
    }
    if (caps.length > 0) q.capabilities = caps as Capability[];
    const minContext = numberOption(values, 'min-context');
    if (minContext !== undefined) q.minContext = minContext;
    const maxPrice = numberOption(values, 'max-price');
    if (maxPrice !== undefined) q.maxInputPrice = maxPrice;
    if (values.sort !== undefined) {
      if (!(MODEL_SORTS as readonly string[]).includes(String(values.sort))) throw new CliUsageError(`--sort: "${String(values.sort)}" is not one of ${MODEL_SORTS.join(', ')}`);
      q.sort = values.sort as ModelSort;
    }
    const runtime = await loadRuntime(values);
    const page = queryModels(runtime.catalog(), q);
    if (values.json) {
      stdout(JSON.stringify({ models: page.models.map(summarizeModel), total: page.total }, null, 2));
      return;
    }
    stdout(modelTable(page.models, { capabilities: true }));
    stdout(`\n${page.models.length} of ${page.total} matching models shown.`);
  },
};
