import { parseArgs } from 'node:util';
import { isSwitchyardError } from '../../shared/errors.js';
import { helpText, type Command } from './command.js';
import { estimateCommand } from './estimate-command.js';
import { modelsCommand } from './models-command.js';
import { routeCommand } from './route-command.js';
import { serveCommand } from './serve-command.js';
import { closeCommandRuntimes, configReport } from './runtime.js';
import { CliUsageError, joinNegativeNumbers } from './shared-options.js';
import { chatCommand } from './chat-command.js';
import { spendCommand } from './spend-command.js';
import { trainCommand } from './train-command.js';
import { VERSION } from '../version.js';

const COMMANDS: Command[] = [routeCommand, chatCommand, estimateCommand, modelsCommand, spendCommand, trainCommand, serveCommand];

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

/** Runs the CLI on `argv` (after the program name), writing lines to `out` and `err`; resolves to the exit code. */
export async function runCli(
  argv: string[],
  out: (text: string) => void = (text) => void process.stdout.write(`${text}\n`),
  err: (text: string) => void = (text) => void process.stderr.write(`${text}\n`),
): Promise<number> {
  configReport.printed.clear();
  configReport.broken = [];
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
    let code: number;
    try {
      code = (await command.run({ positionals, values, stdout: out, stderr: err })) ?? 0;
    } finally {
      await closeCommandRuntimes();
    }
    // A broken policy or config file fails the command (after its output, made with what is still in force).
    if (code === 0 && configReport.broken.length > 0 && command.name !== 'serve') {
      err(`switchyard ${name}: ${configReport.broken.join(' and ')} ${configReport.broken.length > 1 ? 'are' : 'is'} broken (see above); fix ${configReport.broken.length > 1 ? 'them' : 'it'}: the result above ignored ${configReport.broken.length > 1 ? 'their' : 'its'} content`);
      return 1;
    }
    return code;
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

