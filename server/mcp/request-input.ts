import { z } from 'zod';
import { SwitchyardError } from '../../shared/errors.js';
import { chatMessageSchema } from '../../shared/routing/messages-schema.js';
import type { ChatMessage, RequestInput } from '../../shared/routing/messages.js';
import { REASONING_EFFORTS, type ReasoningEffort, type ReasoningRequest, reasoningRequest } from '../../shared/routing/thinking.js';

/** The `prompt` / `messages` pair every request-taking tool accepts. */
export const requestInputShape = {
  prompt: z.string().optional().describe('The prompt text. Give either prompt or messages.'),
  messages: z.array(chatMessageSchema).optional().describe('Chat messages ({ role, content }), as an alternative to prompt.'),
};

/** The thinking controls `route`, `estimate_cost` and `chat` accept (OpenAI's effort, Anthropic's budget). */
export const reasoningInputShape = {
  reasoningEffort: z.enum(REASONING_EFFORTS as [ReasoningEffort, ...ReasoningEffort[]]).optional().describe('OpenAI-style reasoning_effort. low or more: only models that can think are candidates, each forecast and predicted as thinking; none or minimal: thinking off or down where a model allows it.'),
  thinkingBudget: z.number().int().nonnegative().optional().describe('Anthropic-style thinking budget in tokens (wins over reasoningEffort): above 0 asks every candidate to think, at most this many hidden tokens; 0 turns thinking off.'),
};

export function reasoningRequestFrom(args: { reasoningEffort?: ReasoningEffort | undefined; thinkingBudget?: number | undefined }): ReasoningRequest | undefined {
  return reasoningRequest(args.reasoningEffort, args.thinkingBudget);
}

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
