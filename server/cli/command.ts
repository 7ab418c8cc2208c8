import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Lines describing each option, for --help. */
  optionHelp: string[];
  options: OptionSpec;
  /** Rewrites raw arguments before parsing (e.g. a flag whose value is optional). */
  normalizeArgs?(args: string[]): string[];
  run(ctx: CommandContext): Promise<number | void>;
}

export function helpText(command: Command): string {
  const options = command.optionHelp.length > 0 ? `\n\nOptions:\n${command.optionHelp.map((l) => `  ${l}`).join('\n')}` : '';
  return `${command.summary}\n\nUsage: ${command.usage}${options}\n  -h, --help  Show this help`;
}
