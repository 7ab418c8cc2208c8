import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { McpEndpoint } from '../../../server/http/mcp-endpoint.js';
import { startHttpServer, type RunningHttpServer } from '../../../server/http/server.js';
import { createSwitchyardServer } from '../../../server/mcp/server.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';

let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
let http: RunningHttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await runtime?.close();
  sandbox?.remove();
  http = runtime = sandbox = undefined;
});

async function start(options: { bodyLimit?: number; sessionIdleMs?: number } = {}) {
  sandbox = makeSandbox();
  runtime = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env });
  http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, drainMs: 2000, ...options });
  return http;
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
const mcpPost = (url: string, body: string, headers: Record<string, string> = {}) =>
  request(`${url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body });

/** Sends headers and a body of `bytes` over a raw socket, writing all of it, and returns what the server said. */
function rawUpload(port: number, path: string, bytes: number, declare = true): Promise<{ response: string; writeError?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    let writeError: string | undefined;
    socket.on('data', (d) => (response += d.toString()));
    socket.on('error', (e) => (writeError = (e as NodeJS.ErrnoException).code ?? e.message));
    socket.on('close', () => resolve({ response, ...(writeError ? { writeError } : {}) }));
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${declare ? `Content-Length: ${bytes}` : 'Transfer-Encoding: chunked'}\r\nConnection: close\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        const piece = declare ? chunk.subarray(0, n) : Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), chunk.subarray(0, n), Buffer.from('\r\n')]);
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
      if (!declare) socket.write('0\r\n\r\n');
    };
    pump();
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}

describe('over-limit uploads', () => {
  for (const [path, declare] of [['/mcp', true], ['/v1/chat/completions', true], ['/mcp', false]] as const) {
    it(`answers a 9 MiB upload to ${path} (${declare ? 'Content-Length' : 'chunked'}) with a 413 the client can read`, async () => {
      const server = await start();
      const { response, writeError } = await rawUpload(server.port, path, 9 * 1024 * 1024, declare);
      expect(writeError).toBeUndefined();
      expect(response).toMatch(/^HTTP\/1\.1 413 /);
      expect(response).toContain('8388608-byte limit');
    });
  }
});

describe('MCP over HTTP: malformed requests get JSON-RPC errors', () => {
  it('-32700 for bad JSON, -32600 for a bad envelope, -32602 naming the field', async () => {
    const server = await start();
    const parse = await mcpPost(server.url, '{not json');
    expect(parse.statusCode).toBe(400);
    expect(((await parse.body.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const init = await mcpPost(server.url, JSON.stringify(INIT));
    const session = String(init.headers['mcp-session-id']);
    await init.body.dump();
    const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
    const envelope = await mcpPost(server.url, JSON.stringify({ jsonrpc: '1.0', id: 2, method: 'ping' }), headers);
    expect(envelope.statusCode).toBe(400);
    expect(await envelope.body.json()).toMatchObject({ id: 2, error: { code: -32600 } });
    const params = await mcpPost(server.url, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 7 } }), headers);
    expect(await params.body.json()).toMatchObject({ id: 3, error: { code: -32602, message: expect.stringContaining('params.name') } });
  });
});

describe('MCP sessions over HTTP', () => {
  it('expire when idle, and are closed', async () => {
    let now = 0;
    sandbox = makeSandbox();
    runtime = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env });
    const rt = runtime;
    const endpoint = new McpEndpoint(() => createSwitchyardServer(rt), 1 << 20, 60_000, () => now);
    const server = (await import('node:http')).createServer((req, res) => void endpoint.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await mcpPost(url, JSON.stringify(INIT));
        ids.push(String(res.headers['mcp-session-id']));
        await res.body.dump();
      }
      expect(endpoint.sessionCount).toBe(3);
      now = 30_000;
      // One session is used again: only the other two expire.
      const ping = await mcpPost(url, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }), { 'mcp-session-id': ids[0]!, 'mcp-protocol-version': '2025-06-18' });
      await ping.body.dump();
      now = 61_000;
      expect(await endpoint.expireIdle()).toBe(2);
      expect(endpoint.sessionCount).toBe(1);
      const gone = await mcpPost(url, JSON.stringify({ jsonrpc: '2.0', id: 10, method: 'ping' }), { 'mcp-session-id': ids[1]!, 'mcp-protocol-version': '2025-06-18' });
      expect(gone.statusCode).toBe(404);
      await gone.body.dump();
    } finally {
      await endpoint.closeAll();
      await new Promise((r) => server.close(r));
    }
  });
});
