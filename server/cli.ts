#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isSwitchyardError } from '../shared/errors.js';
import { helpText, type Command } from './cli/command.js';
import { estimateCommand } from './cli/estimate-command.js';
import { modelsCommand } from './cli/models-command.js';
import { routeCommand } from './cli/route-command.js';
import { serveCommand } from './cli/serve-command.js';
import { CliUsageError } from './cli/shared-options.js';
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
      args: command.normalizeArgs ? command.normalizeArgs(rest) : rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(helpText(command));
      return 0;
    }
    const code = await command.run({ positionals, values, stdout: out, stderr: err });
    return code ?? 0;
  } catch (error) {
    if (error instanceof CliUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`switchyard ${name}: ${(error as Error).message}\nRun \`switchyard ${name} --help\` for usage.`);
      return 2;
    }
    if (isSwitchyardError(error)) {
      err(`switchyard ${name}: ${error.message}`);
      return 1;
    }
    err(`switchyard ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
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
