#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isSwitchyardError } from '../shared/errors.js';
import { helpText, type Command } from './cli/command.js';
import { estimateCommand } from './cli/estimate-command.js';
import { modelsCommand } from './cli/models-command.js';
import { routeCommand } from './cli/route-command.js';
import { serveCommand } from './cli/serve-command.js';
import { closeCommandRuntimes } from './cli/runtime.js';
import { CliUsageError, joinNegativeNumbers } from './cli/shared-options.js';
import { chatCommand } from './cli/chat-command.js';
import { spendCommand } from './cli/spend-command.js';
import { VERSION } from './version.js';

const COMMANDS: Command[] = [routeCommand, chatCommand, estimateCommand, modelsCommand, spendCommand, serveCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'switchyard — route each LLM request to the right model, and know what it costs first.',
    '',
    'Usage: switchyard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `switchyard <command> --help` for a command’s options.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const err = (text: string) => process.stderr.write(`${text}\n`);
  const [name, ...rest] = argv;
  if (name === 'help' && rest.length > 0) {
    // `switchyard help route` is `switchyard route --help`.
    const topic = COMMANDS.find((c) => c.name === rest[0]);
    if (!topic) {
      err(`switchyard help: unknown command "${rest[0]}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
      return 2;
    }
    out(helpText(topic));
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    out(VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    err(`switchyard: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}.`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeNumbers(command.normalizeArgs ? command.normalizeArgs(rest) : rest, command.options),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(helpText(command));
      return 0;
    }
    try {
      const code = await command.run({ positionals, values, stdout: out, stderr: err });
      return code ?? 0;
    } finally {
      await closeCommandRuntimes();
    }
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`switchyard ${name}: ${(error as Error).message}\nRun \`switchyard ${name} --help\` for usage.`);
      return 2;
    }
    if (isSwitchyardError(error)) {
      err(`switchyard ${name}: ${forCli(error.message)}`);
      return 1;
    }
    // No stack for people; SWITCHYARD_DEBUG=1 shows it.
    const detail = error instanceof Error ? (process.env.SWITCHYARD_DEBUG === '1' ? (error.stack ?? error.message) : error.message) : String(error);
    err(`switchyard ${name}: unexpected error: ${detail}${process.env.SWITCHYARD_DEBUG === '1' ? '' : ' (SWITCHYARD_DEBUG=1 shows where)'}`);
    return 1;
  }
}

/** Messages shared with the MCP server name its tools; a CLI user gets the commands instead. */
function forCli(message: string): string {
  return message
    .replace(/`?\blist_models\b`?( tool)?/g, '`switchyard models`')
    .replace(/`?\bestimate_cost\b`?( tool)?/g, '`switchyard estimate`')
    .replace(/\bmodels\[\d+\]: /g, '--model: ');
}

// `switchyard models | head`: the reader went away; stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchyard: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
