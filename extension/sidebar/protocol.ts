/**
 * The sidebar's message protocol, as zod schemas used by both sides: the extension validates what the page
 * sends and what it is about to send; the page validates what it receives. No vscode or node imports: the
 * webview bundle includes this file. `zod/mini` (the same validation, a tree-shakable API) keeps that bundle
 * small: the full `zod` would add about 450 KB to the page.
 */
import * as z from 'zod/mini';

export const PRIORITY_KEYS = ['costPriority', 'speedPriority', 'intelligencePriority'] as const;
export const MAX_PROMPT_CHARS = 100_000;

const text = (max: number) => z.string().check(z.maxLength(max));
const name = z.string().check(z.minLength(1), z.maxLength(200));
const provider = z.string().check(z.regex(/^[a-z0-9_.-]{1,64}$/));
const usd = z.number().check(z.gte(0));
const count = z.int().check(z.gte(0));
const unit = z.number().check(z.gte(0), z.lte(1));

// ---- page → extension ------------------------------------------------------------------------------------

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('selectPolicy'), name }),
  z.strictObject({ type: z.literal('setPriority'), policy: name, key: z.enum(PRIORITY_KEYS), value: unit }),
  z.strictObject({ type: z.literal('preview'), requestId: count, prompt: text(MAX_PROMPT_CHARS) }),
  // The page only asks; the key is typed into VS Code's own password box, never into the page.
  z.strictObject({ type: z.literal('setKey'), provider }),
  z.strictObject({ type: z.literal('clearKey'), provider }),
  z.strictObject({ type: z.literal('openPolicyFile') }),
  z.strictObject({ type: z.literal('refreshSpend') }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

// ---- extension → page ------------------------------------------------------------------------------------

export const policyViewSchema = z.strictObject({
  name,
  source: z.enum(['built-in', 'user', 'workspace']),
  description: z.optional(text(2000)),
  active: z.boolean(),
  priorities: z.strictObject({ costPriority: z.number(), speedPriority: z.number(), intelligencePriority: z.number() }),
});
export type PolicyView = z.infer<typeof policyViewSchema>;

export const keyViewSchema = z.strictObject({
  provider,
  label: text(100),
  envVar: text(100),
  // Where the key comes from; never the key.
  source: z.enum(['secret', 'environment', 'missing']),
});
export type KeyView = z.infer<typeof keyViewSchema>;

export const spendViewSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('loading') }),
  z.strictObject({ status: z.literal('unavailable'), reason: text(500) }),
  z.strictObject({
    status: z.literal('ok'),
    today: usd,
    month: usd,
    daily: z.optional(usd),
    monthly: z.optional(usd),
    /** This month, one entry per day with spend. */
    byDay: z.array(z.strictObject({ day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), cost: usd })).check(z.maxLength(31)),
    /** The models that cost the most this month. */
    byModel: z.array(z.strictObject({ model: text(300), cost: usd })).check(z.maxLength(5)),
  }),
]);
export type SpendView = z.infer<typeof spendViewSchema>;

export const sidebarStateSchema = z.strictObject({
  folder: z.optional(text(500)),
  fileExists: z.boolean(),
  trusted: z.boolean(),
  active: name,
  policies: z.array(policyViewSchema).check(z.maxLength(200)),
  warnings: z.array(text(2000)).check(z.maxLength(50)),
  keys: z.array(keyViewSchema).check(z.maxLength(100)),
  spend: spendViewSchema,
  /** The prompt last typed into the preview box, so a re-created view shows it again. */
  prompt: text(MAX_PROMPT_CHARS),
});
export type SidebarState = z.infer<typeof sidebarStateSchema>;

export const previewRowSchema = z.strictObject({
  policy: name,
  active: z.boolean(),
  model: z.optional(text(300)),
  provider: z.optional(text(100)),
  cost: z.optional(usd),
  task: z.optional(text(50)),
  alternatives: z.array(z.strictObject({ model: text(300), provider: text(100), cost: usd })).check(z.maxLength(10)),
  error: z.optional(text(2000)),
});
export type PreviewRow = z.infer<typeof previewRowSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state'), state: sidebarStateSchema }),
  z.strictObject({
    type: z.literal('preview'),
    requestId: count,
    inputTokens: z.optional(count),
    outputTokens: z.optional(count),
    rows: z.array(previewRowSchema).check(z.maxLength(200)),
  }),
  z.strictObject({ type: z.literal('notice'), level: z.enum(['info', 'error']), message: text(2000) }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

/**
 * Whether a preview answer is for the page's latest request. Only answers to requests older than the latest one
 * the page sent are stale. Ids are the page's own and restart at 0 when the view is re-created (hidden and shown),
 * while the extension may still re-run an answer under an id from the previous page: that one is current too,
 * and must not make the new page's lower ids look stale.
 */
export function isCurrentPreview(requestId: number, latestSent: number): boolean {
  return requestId >= latestSent;
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodMiniType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || '(message)'}: ${issue?.code ?? 'invalid'}${issue && 'expected' in issue ? ` (expected ${String(issue.expected)})` : ''}` };
}

export const parseWebviewMessage = (raw: unknown): Parsed<WebviewMessage> => parseWith(webviewMessageSchema, raw);
export const parseHostMessage = (raw: unknown): Parsed<HostMessage> => parseWith(hostMessageSchema, raw);
