/**
 * Checks every incoming JSON-RPC message before the MCP SDK sees it, so that each malformed request gets a
 * JSON-RPC error naming what was wrong instead of being dropped (the SDK's transports drop frames that fail its
 * schema) or answered with -32603 and a raw zod dump (the SDK's request handlers): -32700 for text that is not
 * JSON, -32600 for an envelope that is not a JSON-RPC 2.0 message, -32602 for a request whose params do not fit
 * its method. Shared by the stdio transport and the HTTP endpoint.
 */
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  JSONRPCMessageSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;

export interface JsonRpcErrorReply {
  jsonrpc: '2.0';
  id: string | number | null;
  error: { code: number; message: string };
}

export type Checked = { ok: true; message: JSONRPCMessage } | { ok: false; reply?: JsonRpcErrorReply; problem: string };

interface SafeParser {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

const REQUEST_SCHEMAS: Record<string, SafeParser> = {
  initialize: InitializeRequestSchema,
  ping: PingRequestSchema,
  'tools/list': ListToolsRequestSchema,
  'tools/call': CallToolRequestSchema,
  'resources/list': ListResourcesRequestSchema,
  'resources/templates/list': ListResourceTemplatesRequestSchema,
  'resources/read': ReadResourceRequestSchema,
  'resources/subscribe': SubscribeRequestSchema,
  'resources/unsubscribe': UnsubscribeRequestSchema,
  'prompts/list': ListPromptsRequestSchema,
  'prompts/get': GetPromptRequestSchema,
  'completion/complete': CompleteRequestSchema,
  'logging/setLevel': SetLevelRequestSchema,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const validId = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export function errorReply(id: string | number | null, code: number, message: string): JsonRpcErrorReply {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

/** A frame of text: -32700 when it is not JSON, else `checkMessage`. */
export function checkFrame(text: string): Checked {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = `Parse error: the frame is not valid JSON (${(error as Error).message})`;
    return { ok: false, problem, reply: errorReply(null, PARSE_ERROR, problem) };
  }
  if (Array.isArray(value)) {
    const problem = 'Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them); send one message per line';
    return { ok: false, problem, reply: errorReply(null, INVALID_REQUEST, problem) };
  }
  return checkMessage(value);
}

/** One parsed message. Requests that fail get a reply; malformed notifications and responses cannot be answered. */
export function checkMessage(value: unknown): Checked {
  if (!isObject(value)) {
    const problem = 'Invalid Request: a JSON-RPC message must be an object';
    return { ok: false, problem, reply: errorReply(null, INVALID_REQUEST, problem) };
  }
  const hasId = 'id' in value;
  if (hasId && !validId(value.id)) {
    const problem = 'Invalid Request: id must be a string or a number';
    return { ok: false, problem, reply: errorReply(null, INVALID_REQUEST, problem) };
  }
  const id = hasId ? (value.id as string | number) : null;
  const fail = (code: number, problem: string): Checked => ({ ok: false, problem, ...(hasId ? { reply: errorReply(id, code, problem) } : {}) });
  if (value.jsonrpc !== '2.0') return fail(INVALID_REQUEST, `Invalid Request: jsonrpc must be "2.0", got ${JSON.stringify(value.jsonrpc) ?? 'nothing'}`);
  if ('method' in value) {
    if (typeof value.method !== 'string') return fail(INVALID_REQUEST, 'Invalid Request: method must be a string');
    if ('params' in value && value.params !== undefined) {
      if (!isObject(value.params)) return fail(INVALID_PARAMS, `Invalid params: params must be an object, got ${Array.isArray(value.params) ? 'an array' : value.params === null ? 'null' : typeof value.params}`);
      const meta = value.params._meta;
      if (meta !== undefined) {
        if (!isObject(meta)) return fail(INVALID_PARAMS, 'Invalid params: params._meta must be an object');
        if (meta.progressToken !== undefined && !validId(meta.progressToken)) return fail(INVALID_PARAMS, 'Invalid params: params._meta.progressToken must be a string or a number');
      }
    }
    const schema = hasId ? REQUEST_SCHEMAS[value.method] : undefined;
    if (schema) {
      const parsed = schema.safeParse({ method: value.method, ...(value.params !== undefined ? { params: value.params } : {}) });
      if (!parsed.success) return fail(INVALID_PARAMS, `Invalid params for ${value.method}: ${describeIssues(parsed.error.issues)}`);
    }
  } else if (!hasId) {
    return fail(INVALID_REQUEST, 'Invalid Request: a message needs a method (request or notification) or an id (response)');
  }
  const envelope = JSONRPCMessageSchema.safeParse(value);
  if (!envelope.success) return fail(INVALID_REQUEST, `Invalid Request: ${describeIssues(envelope.error.issues)}`);
  return { ok: true, message: envelope.data };
}

/** "params.name: expected string, received number" for the first few issues. */
function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message.replace(/^Invalid input: /, '')}`)
    .join('; ');
}
