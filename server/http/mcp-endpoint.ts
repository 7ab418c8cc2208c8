import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { readJsonBody } from './body.js';

interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
}

/**
 * MCP over Streamable HTTP at /mcp with sessions: an `initialize` POST creates a session (its own McpServer and
 * transport); later requests name it in `Mcp-Session-Id`; DELETE ends it.
 */
export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly createServer: () => McpServer,
    private readonly bodyLimit: number,
  ) {}

  get sessionCount(): number {
    return this.sessions.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = header(req, 'mcp-session-id');
    if (req.method === 'POST') {
      const body = await readJsonBody(req, this.bodyLimit);
      const existing = sessionId ? this.sessions.get(sessionId) : undefined;
      if (existing) return existing.transport.handleRequest(req, res, body);
      if (sessionId) return jsonRpcError(res, 404, -32001, `session ${sessionId} not found (it ended or the server restarted); initialize again`);
      if (!isInitializeRequest(body)) return jsonRpcError(res, 400, -32000, 'no Mcp-Session-Id: the first request must be initialize');
      const session = await this.open();
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      const existing = sessionId ? this.sessions.get(sessionId) : undefined;
      if (!existing) return jsonRpcError(res, sessionId ? 404 : 400, -32001, sessionId ? `session ${sessionId} not found` : 'Mcp-Session-Id header required');
      return existing.transport.handleRequest(req, res);
    }
    res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(sessions.map(async (s) => {
      await s.transport.close();
      await s.server.close();
    }));
  }

  private async open(): Promise<Session> {
    const server = this.createServer();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void this.sessions.set(id, { server, transport }),
      onsessionclosed: (id) => void this.sessions.delete(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    return { server, transport };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
