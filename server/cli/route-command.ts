import { formatChance, formatUsd, table } from '../../shared/format.js';
import type { RouteRequest } from '../../shared/routing/types.js';
import { requestInputFrom } from '../mcp/request-input.js';
import { decide, routeOutputOf } from '../mcp/tools/route.js';
import type { Command } from './command.js';
import { readPromptArgument } from './prompt-argument.js';
import { configReport, loadRuntime, modelsFromFlag, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { choiceOption, intOption, JSON_HELP, jsonOption, numberOption, REASONING_HELP, reasoningOption, reasoningOptions } from './shared-options.js';
import { requireSchema } from '../../shared/policy/schema.js';

/** The capabilities `--require` accepts: the keys of a request's `require`. */
const REQUIRE_CAPABILITIES = Object.keys(requireSchema.shape) as (keyof typeof requireSchema.shape)[];

export const routeCommand: Command = {
  name: 'route',
  summary: 'Pick the best model for a prompt under a policy, and explain why. Calls no model.',
  usage: 'switchyard route "PROMPT" | - [--policy P] [--cost N] [--speed N] [--quality N] [--hint H]... [--require CAP]... [--model ID]... [--output-tokens N] [--reasoning-effort E] [--thinking-budget N] [--workspace DIR] [--json]',
  optionHelp: [
    '--policy P            cheapest | balanced | best | fastest | local-only | a policy from .switchyard.json',
    '--cost N, --speed N, --quality N   Priorities 0..1 (MCP costPriority, speedPriority, intelligencePriority)',
    '--hint H              Prefer models whose id contains H (repeatable, first one first)',
    `--require CAP         ${REQUIRE_CAPABILITIES.join(' | ')} (repeatable)`,
    '--model ID            Only consider these models (repeatable; see `switchyard models`)',
    '--output-tokens N     Output tokens the answer takes (default: forecast from the prompt)',
    ...REASONING_HELP,
    WORKSPACE_HELP,
    JSON_HELP,
  ],
  options: {
    ...jsonOption,
    ...workspaceOption,
    policy: { type: 'string' },
    cost: { type: 'string' },
    speed: { type: 'string' },
    quality: { type: 'string' },
    hint: { type: 'string', multiple: true },
    require: { type: 'string', multiple: true },
    model: { type: 'string', multiple: true },
    'output-tokens': { type: 'string' },
    ...reasoningOptions,
  },
  async run({ positionals, values, stdout }) {
    // Every flag is checked before the prompt is read (it may come from standard input) and before any work.
    const preferences: NonNullable<RouteRequest['preferences']> = {};
    const cost = numberOption(values, 'cost', 0, 1);
    const speed = numberOption(values, 'speed', 0, 1);
    const quality = numberOption(values, 'quality', 0, 1);
    if (cost !== undefined) preferences.costPriority = cost;
    if (speed !== undefined) preferences.speedPriority = speed;
    if (quality !== undefined) preferences.intelligencePriority = quality;
    if (values.hint) preferences.hints = values.hint as string[];
    const required = choiceOption(values, 'require', REQUIRE_CAPABILITIES);
    const outputTokens = values['output-tokens'] !== undefined ? intOption(values, 'output-tokens', 500, 1) : undefined;
    const reasoning = reasoningOption(values);
    const request: RouteRequest = { input: requestInputFrom({ prompt: await readPromptArgument(positionals, 'route') }) };
    const runtime = await loadRuntime(values);
    const models = values.model ? modelsFromFlag(runtime, values.model as string[]) : undefined;
    if (typeof values.policy === 'string') request.policy = values.policy;
    if (Object.keys(preferences).length > 0) request.preferences = preferences;
    if (required) request.require = Object.fromEntries(required.map((c) => [c, true]));
    if (models) request.models = models;
    if (outputTokens !== undefined) request.outputTokens = outputTokens;
    if (reasoning) request.reasoning = reasoning;
    await runtime.ready();
    const decision = decide(runtime, request);
    if (values.json) {
      stdout(JSON.stringify(routeOutputOf(decision), null, 2));
      return;
    }
    // File problems were printed first (stderr); the decision's own warnings still follow it.
    decision.warnings = decision.warnings.filter((w) => !configReport.printed.has(w));
    stdout(`→ ${decision.model} via ${decision.provider}   ${formatUsd(decision.estimatedCost)} estimated (${formatUsd(decision.costRange[0])}–${formatUsd(decision.costRange[1])})   (task ${decision.task}, policy ${decision.policy})`);
    stdout(`  endpoint ${decision.endpoint} · ~${decision.outputTokens} output tokens · predicted success ${formatChance(decision.success)} · quality ${decision.quality.category} ${Math.round(decision.quality.rating)} (${decision.quality.source})`);
    if (decision.needs) stdout(`  not callable yet: ${decision.needs}`);
    stdout('\nWhy:');
    for (const line of decision.explanation) stdout(`  • ${line}`);
    if (decision.alternatives.length > 0) {
      stdout('\nAlternatives:');
      stdout(table(['model', 'provider', 'success', 'estimate'], decision.alternatives.map((a) => [a.model, a.provider, formatChance(a.success), formatUsd(a.estimatedCost)])).replace(/^/gm, '  '));
    }
    if (decision.fallbacks.length > 0) stdout(`\nFallbacks: ${decision.fallbacks.map((f) => f.endpoint).join(' → ')}`);
    for (const warning of decision.warnings) stdout(`\n⚠ ${warning}`);
  },
};
