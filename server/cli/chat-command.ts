import { formatUsd } from '../../shared/format.js';
import { runChat, type ChatRequest } from '../invoke/chat-service.js';
import { requestInputFrom } from '../mcp/request-input.js';
import { chatOutputOf } from '../mcp/tools/chat.js';
import type { Command } from './command.js';
import { readPromptArgument } from './prompt-argument.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { intOption, JSON_HELP, jsonOption, numberOption } from './shared-options.js';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'Route a prompt and call the model, streaming the answer (with fallbacks, budgets and the spend ledger).',
  usage: 'switchyard chat "PROMPT" | - [--policy P] [--model ID] [--no-fallbacks] [--max-tokens N] [--temperature T] [--json]',
  optionHelp: [
    '--policy P            Routing policy (default: the active one)',
    '--model ID            Pin a model; fallbacks still apply unless --no-fallbacks',
    '--no-fallbacks        Only try the first model',
    '--max-tokens N        Maximum output tokens (default 4096)',
    '--temperature T       Sampling temperature 0..2',
    WORKSPACE_HELP,
    `${JSON_HELP} (no streaming)`,
  ],
  options: { ...jsonOption, ...workspaceOption, policy: { type: 'string' }, model: { type: 'string' }, 'no-fallbacks': { type: 'boolean' }, 'max-tokens': { type: 'string' }, temperature: { type: 'string' } },
  async run({ positionals, values, stdout, stderr }) {
    const request: ChatRequest = { input: requestInputFrom({ prompt: await readPromptArgument(positionals) }) };
    if (typeof values.policy === 'string') request.policy = values.policy;
    if (typeof values.model === 'string') request.model = values.model;
    if (values['no-fallbacks']) request.fallbacks = false;
    if (values['max-tokens'] !== undefined) request.maxTokens = intOption(values, 'max-tokens', 4096);
    const temperature = numberOption(values, 'temperature');
    if (temperature !== undefined) request.temperature = temperature;
    const runtime = await loadRuntime(values);
    const controller = new AbortController();
    const abort = () => controller.abort();
    process.once('SIGINT', abort);
    try {
      const outcome = await runChat(runtime, request, {
        via: 'cli',
        signal: controller.signal,
        // Retries and fallbacks are told as they happen, so a slow call is never silent.
        onProgress: (message: string) => stderr(`switchyard: ${message}`),
        ...(values.json ? {} : { onText: (text: string) => void process.stdout.write(text) }),
      });
      if (values.json) {
        stdout(JSON.stringify(chatOutputOf(outcome), null, 2));
        return;
      }
      process.stdout.write('\n');
      stderr(`— ${outcome.model} · ${outcome.usage.inputTokens}+${outcome.usage.outputTokens} tokens${outcome.usageEstimated ? ' (counted locally)' : ''} · ${formatUsd(outcome.cost)}`);
    } finally {
      process.off('SIGINT', abort);
    }
  },
};
