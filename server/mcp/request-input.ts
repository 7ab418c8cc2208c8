import { z } from 'zod';
import { SwitchyardError } from '../../shared/errors.js';
import { chatMessageSchema } from '../../shared/routing/messages-schema.js';
import type { ChatMessage, RequestInput } from '../../shared/routing/messages.js';

/** The `prompt` / `messages` pair every request-taking tool accepts. */
export const requestInputShape = {
  prompt: z.string().optional().describe('The prompt text. Give either prompt or messages.'),
  messages: z.array(chatMessageSchema).optional().describe('Chat messages ({ role, content }), as an alternative to prompt.'),
};

export function requestInputFrom(args: { prompt?: string | undefined; messages?: ChatMessage[] | undefined }): RequestInput {
  if (args.prompt !== undefined && args.messages !== undefined) {
    throw new SwitchyardError('invalid_argument', 'prompt, messages: give one of them, not both');
  }
  if (args.prompt !== undefined) {
    if (args.prompt.trim() === '') throw new SwitchyardError('invalid_argument', 'prompt: must not be empty');
    return { prompt: args.prompt };
  }
  if (args.messages !== undefined) {
    if (args.messages.length === 0) throw new SwitchyardError('invalid_argument', 'messages: must contain at least one message');
    return { messages: args.messages };
  }
  throw new SwitchyardError('invalid_argument', 'prompt: required (or give messages instead)');
}
