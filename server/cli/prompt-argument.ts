import { text } from 'node:stream/consumers';
import { CliUsageError } from './shared-options.js';

/** The prompt is the positional arguments joined, or standard input when the only argument is `-`. */
export async function readPromptArgument(positionals: string[], command: string): Promise<string> {
  const prompt = positionals.length === 1 && positionals[0] === '-' ? await text(process.stdin) : positionals.join(' ');
  if (prompt.trim() === '') {
    throw new CliUsageError(`a prompt is required: switchyard ${command} "your prompt" (or - to read it from standard input)`);
  }
  return prompt;
}
