import { isSwitchyardError } from '../../shared/errors.js';
import { formatUsd } from '../../shared/format.js';
import { runChat, type ChatRequest } from '../invoke/chat-service.js';
import { requestInputFrom } from '../mcp/request-input.js';
import { chatOutputOf } from '../mcp/tools/chat.js';
import type { Command } from './command.js';
import { readPromptArgument } from './prompt-argument.js';
import { loadRuntime, modelsFromFlag, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { intOption, JSON_HELP, jsonOption, numberOption } from './shared-options.js';

export const chatCommand: Command = {
  name: 'chat',
  summary: 'Route a prompt and call the model, streaming the answer (with fallbacks, budgets and the spend ledger).',
  usage: 'switchyard chat "PROMPT" | - [--policy P] [--model ID] [--no-fallbacks] [--max-tokens N] [--temperature T] [--workspace DIR] [--json]',
  optionHelp: [
    '--policy P            Routing policy (default: the active one)',
    '--model ID            Pin a model (see `switchyard models`); fallbacks still apply unless --no-fallbacks',
    '--no-fallbacks        Only try the first model',
    '--max-tokens N        Maximum output tokens, 1 or more (default 4096)',
    '--temperature T       Sampling temperature 0..2',
    WORKSPACE_HELP,
    `${JSON_HELP} (no streaming)`,
  ],
  options: { ...jsonOption, ...workspaceOption, policy: { type: 'string' }, model: { type: 'string' }, 'no-fallbacks': { type: 'boolean' }, 'max-tokens': { type: 'string' }, temperature: { type: 'string' } },
  async run({ positionals, values, stdout, stderr }) {
    // Flags first (the prompt may come from standard input), then the prompt, then the catalog.
    const maxTokens = values['max-tokens'] !== undefined ? intOption(values, 'max-tokens', 4096, 1, 1_000_000) : undefined;
    const temperature = numberOption(values, 'temperature', 0, 2);
    const request: ChatRequest = { input: requestInputFrom({ prompt: await readPromptArgument(positionals, 'chat') }) };
    if (typeof values.policy === 'string') request.policy = values.policy;
    if (values['no-fallbacks']) request.fallbacks = false;
    if (maxTokens !== undefined) request.maxTokens = maxTokens;
    if (temperature !== undefined) request.temperature = temperature;
    const runtime = await loadRuntime(values);
    if (typeof values.model === 'string') {
      request.model = modelsFromFlag(runtime, [values.model])[0] as string;
    }
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
    } catch (error) {
      // --json: the failure is JSON too (on standard output), with the attempts when there were any.
      if (values.json) stdout(JSON.stringify({ error: errorJson(error) }, null, 2));
      throw error;
    } finally {
      process.off('SIGINT', abort);
    }
  },
};

function errorJson(error: unknown): Record<string, unknown> {
  if (isSwitchyardError(error)) return { code: error.code, message: error.message, ...(Array.isArray(error.details?.attempts) ? { attempts: error.details.attempts } : {}) };
  return { code: 'internal_error', message: error instanceof Error ? error.message : String(error) };
}
