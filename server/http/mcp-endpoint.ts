import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { checkMessage, errorReply, INVALID_PARAMS, INVALID_REQUEST, PARSE_ERROR, type JsonRpcErrorReply } from '../mcp/jsonrpc-guard.js';
import { HttpError, readJsonBody } from './body.js';

interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** When a request last named this session (ms since the epoch). */
  lastSeen: number;
  /** Requests of this session in progress: a session is never expired while it is answering. */
  busy: number;
}

/** Sessions idle for this long are closed (default; `serve --session-idle-minutes` or SWITCHYARD_SESSION_IDLE_MINUTES). */
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;

/**
 * MCP over Streamable HTTP at /mcp with sessions: an `initialize` POST creates a session (its own McpServer and
 * transport); later requests name it in `Mcp-Session-Id`; DELETE ends it.
 */
export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly createServer: () => McpServer,
    private readonly bodyLimit: number,
    private readonly idleMs: number = DEFAULT_SESSION_IDLE_MS,
    private readonly now: () => number = Date.now,
  ) {
    // Idle sessions are closed: each holds a server, its subscriptions and buffers, for as long as it is kept.
    this.sweeper = setInterval(() => void this.expireIdle(), Math.max(1000, Math.min(60_000, idleMs / 4)));
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Closes the sessions no request has named for `idleMs` (and that are not answering one). */
  async expireIdle(): Promise<number> {
    const cutoff = this.now() - this.idleMs;
    const idle = [...this.sessions].filter(([, s]) => s.busy === 0 && s.lastSeen <= cutoff);
    for (const [id] of idle) this.sessions.delete(id);
    await Promise.allSettled(idle.map(([, s]) => closeSession(s)));
    return idle.length;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = header(req, 'mcp-session-id');
    const existing = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!existing) return this.dispatch(req, res, sessionId, undefined);
    existing.lastSeen = this.now();
    existing.busy++;
    try {
      return await this.dispatch(req, res, sessionId, existing);
    } finally {
      existing.busy--;
      existing.lastSeen = this.now();
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, sessionId: string | undefined, existing: Session | undefined): Promise<void> {
    if (req.method === 'POST') {
      let body: unknown;
      try {
        body = await readJsonBody(req, this.bodyLimit);
      } catch (error) {
        // JSON-RPC errors, not the OpenAI shape the rest of the server uses: -32700 for bad JSON, -32600 otherwise.
        if (!(error instanceof HttpError)) throw error;
        return jsonRpcError(res, error.status, error.status === 400 ? PARSE_ERROR : INVALID_REQUEST, error.message);
      }
      const bad = firstProblem(body);
      if (bad) return sendReply(res, bad.error.code === INVALID_PARAMS ? 200 : 400, bad);
      if (existing) return existing.transport.handleRequest(req, res, body);
      if (sessionId) return jsonRpcError(res, 404, -32001, `session ${sessionId} not found (it ended or the server restarted); initialize again`);
      if (!isInitializeRequest(body)) return jsonRpcError(res, 400, -32000, 'no Mcp-Session-Id: the first request must be initialize');
      const session = await this.open();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!existing) return jsonRpcError(res, sessionId ? 404 : 400, -32001, sessionId ? `session ${sessionId} not found` : 'Mcp-Session-Id header required');
      return existing.transport.handleRequest(req, res);
    }
    res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map(closeSession));
  }

  private async open(): Promise<Session> {
    const server = this.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void this.sessions.set(id, { server, transport, lastSeen: this.now(), busy: 0 }),
      onsessionclosed: (id) => void this.sessions.delete(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return { server, transport, lastSeen: this.now(), busy: 0 };
  }
}

async function closeSession(s: Session): Promise<void> {
  await s.transport.close();
  await s.server.close();
}

/** The error reply for the first malformed message of a POST body (a message or a batch of them), if any. */
function firstProblem(body: unknown): JsonRpcErrorReply | undefined {
  const messages = Array.isArray(body) ? body : [body];
  if (messages.length === 0) return errorReply(null, INVALID_REQUEST, 'Invalid Request: an empty batch');
  for (const m of messages) {
    const checked = checkMessage(m);
    if (!checked.ok) return checked.reply ?? errorReply(null, INVALID_REQUEST, checked.problem);
  }
  return undefined;
}

function sendReply(res: ServerResponse, status: number, reply: JsonRpcErrorReply): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
