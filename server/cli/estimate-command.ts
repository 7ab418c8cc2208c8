import { formatTokens, formatUsd, table } from '../../shared/format.js';
import { estimateRequest } from '../../shared/routing/estimate-request.js';
import { requestInputFrom } from '../mcp/request-input.js';
import type { Command } from './command.js';
import { loadRuntime, modelsFromFlag, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { intOption, JSON_HELP, jsonOption, REASONING_HELP, reasoningOption, reasoningOptions } from './shared-options.js';
import { readPromptArgument } from './prompt-argument.js';

export const estimateCommand: Command = {
  name: 'estimate',
  summary: 'Estimate what a prompt costs on each model, cheapest first. Calls no model.',
  usage: 'switchyard estimate "PROMPT" | - [--model ID]... [--output-tokens N] [--reasoning-effort E] [--thinking-budget N] [--limit N] [--workspace DIR] [--json]',
  optionHelp: [
    '-                     Read the prompt from standard input',
    '--model ID            Price only these models (repeatable; aliases accepted)',
    '--output-tokens N     Output tokens the answer takes (default: forecast from the prompt)',
    ...REASONING_HELP,
    '--limit N             How many rows (default 20)',
    WORKSPACE_HELP,
    JSON_HELP,
  ],
  options: { ...jsonOption, ...workspaceOption, model: { type: 'string', multiple: true }, 'output-tokens': { type: 'string' }, limit: { type: 'string' }, ...reasoningOptions },
  async run({ positionals, values, stdout }) {
    const outputTokens = values['output-tokens'] !== undefined ? intOption(values, 'output-tokens', 0, 1) : undefined;
    const limit = intOption(values, 'limit', 20, 1);
    const reasoning = reasoningOption(values);
    const input = requestInputFrom({ prompt: await readPromptArgument(positionals, 'estimate') });
    const runtime = await loadRuntime(values);
    await runtime.ready();
    const ids = values.model as string[] | undefined;
    if (ids) modelsFromFlag(runtime, ids);
    const result = estimateRequest(input, runtime.catalog(), { ...(ids ? { models: ids, field: '--model' } : {}), ...(outputTokens !== undefined ? { outputTokens } : {}), ...(reasoning ? { reasoning } : {}), ctx: runtime.routeContext() });
    const all = result.estimates;
    const estimates = all.slice(0, limit);
    const f = result.forecast;
    if (values.json) {
      stdout(JSON.stringify({ estimates, total: all.length, tooSmall: result.tooSmall.length, ...(result.cannotThink.length ? { cannotThink: result.cannotThink.length } : {}), outputForecast: { tokens: f.tokens, low: f.low, high: f.high, basis: f.basis } }, null, 2));
      return;
    }
    const rows = estimates.map((e) => [
      e.model,
      e.provider,
      formatTokens(e.inputTokens) + (e.exact ? '' : '~'),
      formatTokens(e.outputTokens),
      formatUsd(e.inputCost),
      formatUsd(e.outputCost),
      formatUsd(e.totalCost),
    ]);
    stdout(table(['model', 'provider', 'in tokens', 'out tokens', 'input', 'output', 'total'], rows));
    stdout(`\nCheapest ${estimates.length} of ${all.length} models, output forecast ${formatTokens(f.tokens)} tokens (${f.basis}; ${f.everyModelThinks ? `every model thinks: ~${formatTokens(f.reasoning.tokens)} hidden reasoning tokens` : f.reasoning.tokens > 0 ? `reasoning models add ~${formatTokens(f.reasoning.tokens)} hidden reasoning tokens` : 'no hidden reasoning'}). ~ marks estimated token counts (the model's tokenizer is not public).${result.tooSmall.length ? ` ${result.tooSmall.length} models too small for this input are left out.` : ''}${result.cannotThink.length ? ` ${result.cannotThink.length} models that cannot think are left out.` : ''}`);
  },
};
