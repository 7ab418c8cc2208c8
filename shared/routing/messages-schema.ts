/**
 * zod v4 schemas for the request shapes of `messages.ts`: tool inputs, webview messages and config all
 * validate chat messages through these. Error messages say what was wrong and what is accepted.
 */
import { z } from 'zod';
import type { ChatMessage, ContentPart, RequestInput } from './messages.js';

export const ROLES = ['system', 'user', 'assistant', 'tool'] as const;

export const textPartSchema = z.object({
  type: z.literal('text'),
  text: z.string({ error: 'a text part needs "text": a string' }),
});

/**
 * An image part, MCP-like: `{ type: 'image', data: <base64>, mimeType: 'image/png' }`, or by reference:
 * `{ type: 'image', url: 'https://…' }` (a `data:` URL is accepted too).
 */
export const imagePartSchema = z
  .object({
    type: z.literal('image'),
    data: z
      .string({ error: 'an image part\'s "data" must be a base64 string' })
      .min(1, { error: 'an image part\'s "data" is empty' })
      .regex(/^[A-Za-z0-9+/_\-\s]+(?:=+\s*)?$/, {
        error: 'an image part\'s "data" must be base64 (no "data:" prefix; use "url" for data URLs)',
      })
      .optional(),
    url: z
      .url({
        protocol: /^(https?|data)$/,
        error: 'an image part\'s "url" must be an http(s) or data: URL',
      })
      .optional(),
    mimeType: z
      .string({ error: 'an image part\'s "mimeType" must be a string such as "image/png"' })
      .regex(/^image\/[A-Za-z0-9.+-]+$/, {
        error: 'an image part\'s "mimeType" must be an image type such as "image/png" or "image/jpeg"',
      })
      .optional(),
  })
  .superRefine((part, ctx) => {
    if (part.data === undefined && part.url === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'an image part needs either "data" (base64) with "mimeType", or "url"',
      });
    } else if (part.data !== undefined && part.url !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'an image part takes "data" or "url", not both' });
    } else if (part.data !== undefined && part.mimeType === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mimeType'],
        message: 'an image part with "data" needs "mimeType", e.g. "image/png"',
      });
    }
  });

export const contentPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? 'a content part\'s "type" must be "text" or "image"'
      : issue.code === 'invalid_type'
        ? 'a content part must be an object such as { "type": "text", "text": "…" }'
        : undefined,
});

/** Where in `content` a nested issue is, e.g. `content[1].mimeType`. */
function contentPath(path: readonly PropertyKey[]): string {
  let out = 'content';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

export const messageContentSchema = z.union([z.string(), z.array(contentPartSchema)], {
  error: (issue) => {
    if (issue.code !== 'invalid_union') return undefined;
    if (issue.input === undefined) return 'a message needs "content": a string or an array of content parts';
    if (Array.isArray(issue.input)) {
      // The array branch's own first issue is the useful one (the string branch only says "not a string").
      const inner = (issue.errors as { message: string; path: PropertyKey[] }[][] | undefined)
        ?.map((errors) => errors[0])
        .find((first) => first !== undefined && first.path.length > 0);
      if (inner) return `${contentPath(inner.path)}: ${inner.message}`;
    }
    return '"content" must be a string or an array of content parts';
  },
});

export const chatMessageSchema = z.object({
  role: z.enum(ROLES, { error: `"role" must be one of: ${ROLES.join(', ')}` }),
  content: messageContentSchema,
});

export const messagesSchema = z
  .array(chatMessageSchema, { error: '"messages" must be an array of chat messages' })
  .min(1, { error: '"messages" must have at least one message' });

/** A request: `{ prompt }` or `{ messages }` (exactly one of them). */
export const requestInputSchema = z.union(
  [
    z.object({ prompt: z.string({ error: '"prompt" must be a string' }) }).strict(),
    z.object({ messages: messagesSchema }).strict(),
  ],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input as Record<string, unknown> | null | undefined;
      const hasPrompt = typeof input === 'object' && input !== null && 'prompt' in input;
      const hasMessages = typeof input === 'object' && input !== null && 'messages' in input;
      if (hasPrompt !== hasMessages) {
        // Only one branch was meant: report its first issue with its path.
        const branch = (issue.errors as { message: string; path: PropertyKey[] }[][] | undefined)?.[hasPrompt ? 0 : 1];
        const first = branch?.[0];
        if (first) {
          const where = first.path
            .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
            .join('')
            .replace(/^\./, '');
          return where ? `${where}: ${first.message}` : first.message;
        }
      }
      return 'give exactly one of "prompt" (a string) or "messages" (an array of chat messages)';
    },
  },
);

// Compile-time checks: what the schemas accept is assignable to the hand-written types.
type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;
export type _PartOk = Assert<Extends<z.infer<typeof contentPartSchema>, ContentPart>>;
export type _MessageOk = Assert<Extends<z.infer<typeof chatMessageSchema>, ChatMessage>>;
export type _InputOk = Assert<Extends<z.infer<typeof requestInputSchema>, RequestInput>>;
