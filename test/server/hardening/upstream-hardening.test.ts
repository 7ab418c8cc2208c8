import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runChat } from '../../../server/invoke/chat-service.js';
import { cleanUpstreamText, scrub } from '../../../server/providers/http.js';
import { createProvider } from '../../../server/providers/registry.js';
import { ProviderError } from '../../../server/providers/types.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { connect, makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';
import { collect, providerError } from '../providers/helpers.js';

const KEY = 'sk-proj-PLANTED-abcdefghijklmnop0123456789';

const servers: (http.Server | net.Server)[] = [];
let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  sandbox?.remove();
  sandbox = undefined;
  for (const s of servers.splice(0)) {
    (s as http.Server).closeAllConnections?.();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A TCP server that accepts and never says anything. */
async function silent(): Promise<string> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.on('close', () => undefined);
  (server as unknown as { closeAllConnections: () => void }).closeAllConnections = () => {
    for (const s of sockets) s.destroy();
  };
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

const openai = (baseUrl: string) => createProvider({ id: 'openai', api: 'openai', baseUrl, apiKey: KEY, timeouts: { connectMs: 1000, headersMs: 1000, completeMs: 1000, bodyMs: 1000 } });
const USER = [{ role: 'user' as const, content: 'hi' }];

describe('key redaction in every encoding', () => {
  const auth = `Bearer ${KEY}`;
  const cases: [string, string][] = [
    ['raw', `bad key ${KEY} given`],
    ['URL-encoded header', `header was ${encodeURIComponent(auth)}`],
    ['base64 of the header', `echo: ${Buffer.from(auth).toString('base64')}`],
    ['base64 of user:key', `basic ${Buffer.from(`user:${KEY}`).toString('base64')}`],
    ['base64url', `token=${Buffer.from(`x${KEY}`).toString('base64url')}`],
    ['partial', `key ending ${KEY.slice(-14)} is wrong`],
    ['a prefix', `key ${KEY.slice(0, 20)}**** is wrong`],
  ];
  for (const [name, text] of cases) {
    it(`redacts the ${name} form`, () => {
      const out = scrub(text, [KEY]);
      expect(out).toContain('[redacted]');
      for (const form of [KEY, KEY.slice(-14), KEY.slice(0, 20), Buffer.from(KEY).toString('base64').slice(4, 30)]) expect(out).not.toContain(form);
    });
  }
  it('leaves other text alone', () => {
    expect(scrub('the model gpt-4o-mini is not available in region us-east-1', [KEY])).toBe('the model gpt-4o-mini is not available in region us-east-1');
  });
  it('strips markup and control characters from upstream text', () => {
    expect(cleanUpstreamText('<html><body><h1>502 Bad Gateway</h1>\u0007</body></html>', [KEY])).toBe('502 Bad Gateway');
  });

  it('never lets an upstream error body reach the caller verbatim', async () => {
    const url = await serve((req, res) => {
      const echoed = String(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'invalid_request_error', message: `Incorrect key: ${encodeURIComponent(echoed)} / ${Buffer.from(echoed).toString('base64')} <b>see docs</b>` } }));
    });
    const error = await providerError(() => openai(`${url}/v1`).complete({ model: 'gpt-4o-mini', messages: USER }));
    expect(error.status).toBe(401);
    expect(error.message).toContain('(invalid_request_error)');
    expect(error.message).not.toMatch(/<b>|PLANTED|UExBTlRFRC|[A-Za-z0-9+/]{40,}/);
  });
});

describe('streams', () => {
  for (const [name, frames] of [
    ['only [DONE]', ['data: [DONE]\n\n']],
    ['chunks without choices', ['data: {"id":"x","object":"chat.completion.chunk","choices":[]}\n\n', 'data: [DONE]\n\n']],
    ['a finish with no content', ['data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n', 'data: [DONE]\n\n']],
  ] as const) {
    it(`a stream with ${name} is an error to fall back on, not an answer`, async () => {
      const url = await serve((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        for (const f of frames) res.write(f);
        res.end();
      });
      const error = await providerError(() => collect(openai(`${url}/v1`).stream({ model: 'gpt-4o-mini', messages: USER })));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.kind).toBe('malformed');
      expect(error.message).toContain('no content');
    });
  }
});

describe('time limits of a call', () => {
  /** Providers a, b, c (three models each on one of them) per the given base URLs, with the user config's timeouts. */
  async function setup(urls: Record<string, string>, timeouts: Record<string, number>) {
    sandbox = makeSandbox(Object.fromEntries(Object.keys(urls).map((id) => [`${id.toUpperCase()}_KEY`, KEY])));
    const providers = Object.fromEntries(
      Object.entries(urls).map(([id, baseUrl]) => [
        id,
        { api: 'openai', baseUrl, apiKeyEnv: `${id.toUpperCase()}_KEY`, local: false, models: ['m1', 'm2', 'm3'].map((m) => ({ id: m, contextWindow: 100000, pricing: { inputPerMTok: 1, outputPerMTok: 1 } })) },
      ]),
    );
    sandbox.writeUserConfig({ providers, timeouts });
    runtime = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env });
    return runtime;
  }
  const chain = (rt: Runtime, ids: string[]) => ids.map((id) => rt.catalog().endpoint(id)!);

  it('tries an unreachable host once per call, not once per model, and says so at each fallback', async () => {
    const ok = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { content: 'fine' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1 } })));
    const rt = await setup({ down: `${await closedPort()}/v1`, up: `${ok}/v1` }, { firstByteMs: 1000, idleMs: 1000, totalMs: 10000 });
    const progress: string[] = [];
    const out = await rt.invoker.invoke({ chain: chain(rt, ['down/m1', 'down/m2', 'down/m3', 'up/m1']), messages: USER, workspace: 'w', policy: 'p', via: 'test', onProgress: (m) => progress.push(m) });
    expect(out.model).toBe('up/m1');
    expect(out.attempts.map((a) => a.outcome)).toEqual(['fallback', 'skipped', 'skipped', 'ok']);
    expect(out.attempts[1]?.error).toMatch(/unreachable earlier in this call/);
    expect(progress[0]).toMatch(/^down\/m1 failed \(.*ECONNREFUSED.*\); falling back to down\/m2$/);
  });

  for (const stream of [false, true]) {
    it(`falls back after firstByteMs from an upstream that accepts and sends nothing${stream ? ' (streamed)' : ''}, and ends at the deadline listing the attempts`, async () => {
      const rt = await setup({ mute: `${await silent()}/v1` }, { firstByteMs: 1000, idleMs: 1000, totalMs: 2500 });
      const started = Date.now();
      const error = await runChat(rt, { input: { prompt: 'hi' }, model: 'mute/m1' }, { via: 'test', ...(stream ? { onText: () => undefined } : {}) }).then(() => new Error('answered'), (e: unknown) => e as Error);
      const ms = Date.now() - started;
      // (undici's timers tick about every 500 ms, so each wait may run that much longer.)
      expect(ms).toBeGreaterThanOrEqual(2400);
      expect(ms).toBeLessThan(4000);
      expect((error as Error).message).toMatch(/no answer within the call's deadline of 2500 ms .*attempts: mute\/m1: .*no response within 1000 ms; mute\/m2: stopped at the call's deadline/);
      expect((error as unknown as { details: { attempts: unknown[] } }).details.attempts.length).toBeGreaterThanOrEqual(2);
    });
  }

  it('bounds silence inside a stream by idleMs', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"choices":[{"index":0,"delta":{"content":"he"}}]}\n\n');
    });
    const rt = await setup({ stall: `${url}/v1` }, { firstByteMs: 1000, idleMs: 300, totalMs: 5000 });
    const started = Date.now();
    const error = await runChat(rt, { input: { prompt: 'hi' }, model: 'stall/m1', fallbacks: false }, { via: 'test', onText: () => undefined }).then(() => new Error('answered'), (e: unknown) => e as Error);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.message).toContain('stalled for 300 ms');
  });
});

describe('progress at each fallback, over MCP', () => {
  it('sends a progress notification naming the failure and the next model', async () => {
    const ok = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"choices":[{"index":0,"delta":{"content":"fine"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    });
    sandbox = makeSandbox({ DOWN_KEY: KEY, UP_KEY: KEY });
    const model = (id: string, q: number) => ({ id, contextWindow: 100000, pricing: { inputPerMTok: 1, outputPerMTok: 1 }, quality: { overall: q } });
    sandbox.writeUserConfig({
      providers: {
        down: { api: 'openai', baseUrl: `${await closedPort()}/v1`, apiKeyEnv: 'DOWN_KEY', local: false, models: [model('a', 1400)] },
        up: { api: 'openai', baseUrl: `${ok}/v1`, apiKeyEnv: 'UP_KEY', local: false, models: [model('b', 1000)] },
      },
    });
    sandbox.writeWorkspacePolicy('{ "active": "t", "policies": { "t": { "allow": ["down/*", "up/*"] } } }');
    const mcp = await connect(sandbox);
    try {
      const messages: string[] = [];
      const result = await mcp.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'down/a' } }, undefined, { onprogress: (p) => void (p.message && messages.push(p.message)) });
      expect(result.isError).toBeFalsy();
      expect(messages[0]).toMatch(/^down\/a failed \(.*ECONNREFUSED.*\); falling back to up\/b$/);
      expect(messages).toContain('fine');
    } finally {
      await mcp.close();
    }
  });
});
