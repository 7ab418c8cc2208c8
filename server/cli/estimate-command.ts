import { formatTokens, formatUsd, table } from '../../shared/format.js';
import { estimateCosts } from '../../shared/pricing/estimate.js';
import { RequestTokenCounter } from '../../shared/pricing/token-count.js';
import { tokenizable } from '../../shared/pricing/tokenizable.js';
import { requestInputFrom } from '../mcp/request-input.js';
import { DEFAULT_OUTPUT_TOKENS } from '../mcp/tools/estimate-cost.js';
import type { Command } from './command.js';
import { loadRuntime, modelsFromFlag, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { intOption, JSON_HELP, jsonOption } from './shared-options.js';
import { readPromptArgument } from './prompt-argument.js';

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'Estimate what a prompt costs on each model, cheapest first. Calls no model.',
  usage: 'switchyard estimate "PROMPT" | - [--model ID]... [--output-tokens N] [--limit N] [--workspace DIR] [--json]',
  optionHelp: [
    '-                     Read the prompt from standard input',
    '--model ID            Price only these models (repeatable; aliases accepted)',
    `--output-tokens N     Expected output tokens (default ${DEFAULT_OUTPUT_TOKENS})`,
    '--limit N             How many rows (default 20)',
    WORKSPACE_HELP,
    JSON_HELP,
  ],
  options: { ...jsonOption, ...workspaceOption, model: { type: 'string', multiple: true }, 'output-tokens': { type: 'string' }, limit: { type: 'string' } },
  async run({ positionals, values, stdout }) {
    const outputTokens = intOption(values, 'output-tokens', DEFAULT_OUTPUT_TOKENS);
    const limit = intOption(values, 'limit', 20, 1);
    const input = requestInputFrom({ prompt: await readPromptArgument(positionals, 'estimate') });
    const runtime = await loadRuntime(values);
    await runtime.ready();
    const ids = values.model as string[] | undefined;
    const models = ids ? modelsFromFlag(runtime, ids) : runtime.catalog().all();
    const all = estimateCosts(models, new RequestTokenCounter(tokenizable(input)), outputTokens);
    const estimates = all.slice(0, limit);
    if (values.json) {
      stdout(JSON.stringify({ estimates, total: all.length }, null, 2));
      return;
    }
    const rows = estimates.map((e) => [
      e.model,
      formatTokens(e.inputTokens) + (e.exact ? '' : '~'),
      formatTokens(e.outputTokens),
      formatUsd(e.inputCost),
      formatUsd(e.outputCost),
      formatUsd(e.totalCost),
    ]);
    stdout(table(['model', 'in tokens', 'out tokens', 'input', 'output', 'total'], rows));
    stdout(`\nCheapest ${estimates.length} of ${all.length} models. ~ marks estimated token counts (the model's tokenizer is not public).`);
  },
};
