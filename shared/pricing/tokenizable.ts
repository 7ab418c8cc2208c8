import { isPromptInput, messageImageCount, messagesOf, messageText, type RequestInput } from '../routing/messages.js';
import type { TokenizableInput } from './token-count.js';

/** The parts of a request that count as input tokens: each message's text, and its images. */
export function tokenizable(input: RequestInput): TokenizableInput {
  if (isPromptInput(input)) return { texts: [input.prompt], images: 0 };
  const messages = messagesOf(input);
  let images = 0;
  for (const m of messages) images += messageImageCount(m);
  return { texts: messages.map(messageText), images };
}
