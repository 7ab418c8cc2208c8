import { formatUsd, table } from '../../shared/format.js';
import type { RouteRequest } from '../../shared/routing/types.js';
import { requestInputFrom } from '../mcp/request-input.js';
import { decide, routeOutputOf } from '../mcp/tools/route.js';
import type { Command } from './command.js';
import { readPromptArgument } from './prompt-argument.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { intOption, JSON_HELP, jsonOption, numberOption } from './shared-options.js';

export const routeCommand: Command = {
  name: 'route',
  summary: 'Pick the best model for a prompt under a policy, and explain why. Calls no model.',
  usage: 'switchyard route "PROMPT" | - [--policy P] [--cost N] [--speed N] [--quality N] [--hint H]... [--require CAP]... [--output-tokens N] [--json]',
  optionHelp: [
    '--policy P            cheapest | balanced | best | fastest | local-only | a policy from .switchyard.json',
    '--cost N, --speed N, --quality N   Priorities 0..1 (MCP costPriority, speedPriority, intelligencePriority)',
    '--hint H              Prefer models whose id contains H (repeatable, first one first)',
    '--require CAP         tools | vision | json | reasoning | pdf | audio (repeatable)',
    '--model ID            Only consider these models (repeatable)',
    '--output-tokens N     Output tokens the answer takes (default: forecast from the prompt)',
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
  },
  async run({ positionals, values, stdout }) {
    const request: RouteRequest = { input: requestInputFrom({ prompt: await readPromptArgument(positionals) }) };
    if (typeof values.policy === 'string') request.policy = values.policy;
    const preferences: NonNullable<RouteRequest['preferences']> = {};
    const cost = numberOption(values, 'cost');
    const speed = numberOption(values, 'speed');
    const quality = numberOption(values, 'quality');
    if (cost !== undefined) preferences.costPriority = Math.min(cost, 1);
    if (speed !== undefined) preferences.speedPriority = Math.min(speed, 1);
    if (quality !== undefined) preferences.intelligencePriority = Math.min(quality, 1);
    if (values.hint) preferences.hints = values.hint as string[];
    if (Object.keys(preferences).length > 0) request.preferences = preferences;
    if (values.require) request.require = Object.fromEntries((values.require as string[]).map((c) => [c, true]));
    if (values.model) request.models = values.model as string[];
    if (values['output-tokens'] !== undefined) request.outputTokens = intOption(values, 'output-tokens', 500);
    const runtime = await loadRuntime(values);
    await runtime.ready();
    const decision = decide(runtime, request);
    if (values.json) {
      stdout(JSON.stringify(routeOutputOf(decision), null, 2));
      return;
    }
    stdout(`→ ${decision.model} via ${decision.provider}   ${formatUsd(decision.estimatedCost)} estimated (${formatUsd(decision.costRange[0])}–${formatUsd(decision.costRange[1])})   (task ${decision.task}, policy ${decision.policy})`);
    stdout(`  endpoint ${decision.endpoint} · ~${decision.outputTokens} output tokens · predicted success ${Math.round(decision.success * 100)}% · quality ${decision.quality.category} ${Math.round(decision.quality.rating)} (${decision.quality.source})`);
    if (decision.needs) stdout(`  not callable yet: ${decision.needs}`);
    stdout('\nWhy:');
    for (const line of decision.explanation) stdout(`  • ${line}`);
    if (decision.alternatives.length > 0) {
      stdout('\nAlternatives:');
      stdout(table(['model', 'provider', 'success', 'estimate'], decision.alternatives.map((a) => [a.model, a.provider, `${Math.round(a.success * 100)}%`, formatUsd(a.estimatedCost)])).replace(/^/gm, '  '));
    }
    if (decision.fallbacks.length > 0) stdout(`\nFallbacks: ${decision.fallbacks.map((f) => f.endpoint).join(' → ')}`);
    for (const warning of decision.warnings) stdout(`\n⚠ ${warning}`);
  },
};
