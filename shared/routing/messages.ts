/**
 * The request shape used everywhere in Switchyard: a bare prompt or chat messages.
 *
 * Pure: no node:* and no vscode imports. The helpers are defensive (they skip malformed parts instead of
 * throwing) because they run on whatever a client sent before validation has necessarily happened.
 */

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image'; data?: string; url?: string; mimeType?: string };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ContentPart[];
}

export type RequestInput = { prompt: string } | { messages: ChatMessage[] };

/** True when the input is the `{ prompt }` form. */
export function isPromptInput(input: RequestInput): input is { prompt: string } {
  return typeof (input as { prompt?: unknown }).prompt === 'string';
}

/** The input as chat messages: a prompt becomes one user message. */
export function messagesOf(input: RequestInput): ChatMessage[] {
  if (isPromptInput(input)) return [{ role: 'user', content: input.prompt }];
  const messages = (input as { messages?: unknown }).messages;
  return Array.isArray(messages) ? (messages as ChatMessage[]) : [];
}

/** The text of one message: a string content as is, text parts joined with a newline. */
export function messageText(message: ChatMessage): string {
  const content = message?.content as unknown;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const part of content) {
    if (part && part.type === 'text' && typeof part.text === 'string') {
      out = out.length === 0 ? part.text : out + '\n' + part.text;
    }
  }
  return out;
}

/** Number of image parts in one message. */
export function messageImageCount(message: ChatMessage): number {
  const content = message?.content as unknown;
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const part of content) if (part && part.type === 'image') n++;
  return n;
}

/** All the text of the input (every role), messages separated by a blank line. */
export function textOf(input: RequestInput): string {
  if (isPromptInput(input)) return input.prompt;
  const parts: string[] = [];
  for (const m of messagesOf(input)) {
    const t = messageText(m);
    if (t.length > 0) parts.push(t);
  }
  return parts.join('\n\n');
}

/** Total length in characters of all text, without building the concatenation. */
export function textLength(input: RequestInput): number {
  if (isPromptInput(input)) return input.prompt.length;
  const messages = messagesOf(input);
  let n = 0;
  let nonEmpty = 0;
  for (const m of messages) {
    const content = m?.content as unknown;
    let len = 0;
    if (typeof content === 'string') len = content.length;
    else if (Array.isArray(content)) {
      let texts = 0;
      for (const part of content) {
        if (part && part.type === 'text' && typeof part.text === 'string') {
          len += part.text.length;
          texts++;
        }
      }
      if (texts > 1) len += texts - 1;
    }
    if (len > 0) {
      n += len;
      nonEmpty++;
    }
  }
  return nonEmpty > 1 ? n + 2 * (nonEmpty - 1) : n;
}

/** Number of image parts in the whole input. */
export function imageCount(input: RequestInput): number {
  if (isPromptInput(input)) return 0;
  let n = 0;
  for (const m of messagesOf(input)) n += messageImageCount(m);
  return n;
}

/** True when any message has an image part. */
export function hasImages(input: RequestInput): boolean {
  return imageCount(input) > 0;
}

/**
 * Number of user turns. A prompt is one turn; in messages, a run of consecutive user messages (some clients
 * send the text and the image of one turn as separate messages) counts as one turn.
 */
export function userTurns(input: RequestInput): number {
  if (isPromptInput(input)) return 1;
  let turns = 0;
  let previousWasUser = false;
  for (const m of messagesOf(input)) {
    const isUser = m?.role === 'user';
    if (isUser && !previousWasUser) turns++;
    previousWasUser = isUser;
  }
  return turns;
}

/** The text of the last user message (what is being asked now); the whole text when there is none. */
export function lastUserText(input: RequestInput): string {
  if (isPromptInput(input)) return input.prompt;
  const messages = messagesOf(input);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'user') {
      const text = messageText(m);
      if (text.trim() !== '') return text;
    }
  }
  return textOf(input);
}
