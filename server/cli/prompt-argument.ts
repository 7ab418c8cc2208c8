import { text } from 'node:stream/consumers';
import { CliUsageError } from './shared-options.js';

/** The prompt is the positional arguments joined, or standard input when the only argument is `-`. */
export async function readPromptArgument(positionals: string[]): Promise<string> {
  if (positionals.length === 1 && positionals[0] === '-') return text(process.stdin);
  if (positionals.length === 0) throw new CliUsageError('a prompt is required: switchyard estimate "your prompt" (or - to read standard input)');
  return positionals.join(' ');
}
