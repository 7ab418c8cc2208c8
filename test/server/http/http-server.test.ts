import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { checkBind, parseListenAddress, startHttpServer, type RunningHttpServer } from '../../../server/http/server.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { ALPHA_KEY, BETA_KEY, providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

let sb: ProviderSandbox;
let runtime: Runtime;
let http: RunningHttpServer;

async function start(options: { token?: string; budget?: { daily: number } } = {}) {
  sb = await providerSandbox(options.budget ? { budget: options.budget } : {});
  runtime = await createRuntime({ workspace: sb.workspace, env: sb.env, timeouts: { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 } });
  http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, ...(options.token ? { token: options.token } : {}), drainMs: 5000 });
}
afterEach(async () => {
  await http?.close();
  await runtime?.close();
  await sb?.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`${http.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('OpenAI-compatible endpoint', () => {
  beforeEach(() => start());

  it('lists auto, the policies and the catalog', async () => {
    const res = await request(`${http.url}/v1/models`);
    const body = (await res.body.json()) as { data: { id: string }[] };
    const ids = body.data.map((m) => m.id);
    expect(ids.slice(0, 2)).toEqual(['auto', 'policy:cheapest']);
    expect(ids).toEqual(expect.arrayContaining(['policy:team', 'policy:balanced', 'alpha/alpha-large', 'beta/beta-small', 'openai/gpt-4o']));
  });

  it('routes model "auto" and reports the model used, its cost and attempts in headers', async () => {
    sb.alpha.setFault({ type: 'status500' });
    const res = await post('/v1/chat/completions', { model: 'alpha/alpha-large', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as { model: string; choices: { message: { content: string } }[]; usage: { total_tokens: number } };
    expect(body.model).toBe('beta/beta-small');
    expect(res.headers['x-switchyard-model']).toBe('beta/beta-small');
    expect(res.headers['x-switchyard-attempts']).toBe('2');
    expect(Number(res.headers['x-switchyard-cost'])).toBeCloseTo((12 * 3 + 5 * 15) / 1e6, 10);
    expect(body.choices[0]?.message.content).toBe('Hello from the fixture.');
    expect(body.usage.total_tokens).toBe(17);

    sb.alpha.setFault(null);
    const auto = await post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'hi' }] });
    expect(auto.statusCode).toBe(200);
    expect(['alpha/alpha-large', 'beta/beta-small']).toContain(auto.headers['x-switchyard-model']);
    await auto.body.dump();
  });

  it('streams SSE chunks in OpenAI format, with usage and trailers', async () => {
    sb.beta.setReply({ text: 'one two three', usage: { inputTokens: 4, outputTokens: 3 }, chunkDelayMs: 5 });
    const res = await post('/v1/chat/completions', { model: 'beta/beta-small', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'count' }] });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['x-switchyard-model']).toBe('beta/beta-small');
    const text = await res.body.text();
    const events = text.split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as { object: string; choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: { completion_tokens: number } });
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three');
    expect(chunks.some((c) => c.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(3);
    expect(Number(res.trailers['x-switchyard-cost'])).toBeCloseTo((4 * 3 + 3 * 15) / 1e6, 10);
  });

  it('answers bad requests with OpenAI-style errors', async () => {
    const noModel = await post('/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] });
    expect(noModel.statusCode).toBe(400);
    expect(((await noModel.body.json()) as { error: { message: string } }).error.message).toContain('model');
    const unknown = await post('/v1/chat/completions', { model: 'openai/gpt-40', messages: [{ role: 'user', content: 'x' }] });
    expect(unknown.statusCode).toBe(404);
    expect(((await unknown.body.json()) as { error: { code: string } }).error.code).toBe('unknown_model');
    const notJson = await request(`${http.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(notJson.statusCode).toBe(400);
    await notJson.body.dump();
    const big = await post('/v1/chat/completions', { model: 'auto', messages: [{ role: 'user', content: 'x'.repeat(9 * 1024 * 1024) }] });
    expect(big.statusCode).toBe(413);
    await big.body.dump();
    const nowhere = await request(`${http.url}/nope`);
    expect(nowhere.statusCode).toBe(404);
    await nowhere.body.dump();
  });

  it('never forwards a key the client sends, only the configured one', async () => {
    const res = await post('/v1/chat/completions', { model: 'alpha/alpha-large', messages: [{ role: 'user', content: 'hi' }] }, { 'x-api-key': 'sk-client-supplied', 'openai-api-key': 'sk-client-2' });
    await res.body.dump();
    expect(sb.alpha.requests[0]?.headers.authorization).toBe(`Bearer ${ALPHA_KEY}`);
    expect(JSON.stringify(sb.alpha.requests)).not.toContain('sk-client');
    expect(JSON.stringify(sb.alpha.requests)).not.toContain(BETA_KEY);
  });

  it('refuses foreign origins and rebound host names', async () => {
    const foreign = await post('/v1/chat/completions', { model: 'auto', messages: [] }, { origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    await foreign.body.dump();
    const rebound = await request(`${http.url}/v1/models`, { headers: { host: 'attacker.example:3717' } });
    expect(rebound.statusCode).toBe(403);
    await rebound.body.dump();
    const local = await request(`${http.url}/v1/models`, { headers: { origin: 'http://localhost:5173' } });
    expect(local.statusCode).toBe(200);
    await local.body.dump();
    const mcp = await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }, { origin: 'https://evil.example', accept: 'application/json, text/event-stream' });
    expect(mcp.statusCode).toBe(403);
    await mcp.body.dump();
  });

  it('serves MCP over Streamable HTTP', async () => {
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`)));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['route', 'chat', 'list_models']));
    const routed = await client.callTool({ name: 'route', arguments: { prompt: 'hello' } });
    expect((routed.structuredContent as { policy: string }).policy).toBe('team');
    await client.close();
  });

  it('finishes in-flight requests on shutdown', async () => {
    sb.beta.setReply({ text: 'slow answer', usage: { inputTokens: 2, outputTokens: 2 }, chunkDelayMs: 150 });
    const pending = post('/v1/chat/completions', { model: 'beta/beta-small', stream: true, messages: [{ role: 'user', content: 'go' }] });
    const res = await pending;
    const closing = http.close();
    const text = await res.body.text();
    await closing;
    expect(text).toContain('[DONE]');
    await expect(request(`${http.url}/v1/models`)).rejects.toThrow();
  });
});

describe('budget over HTTP', () => {
  it('refuses with 429 and sends nothing upstream', async () => {
    await start({ budget: { daily: 0.0001 } });
    const res = await post('/v1/chat/completions', { model: 'beta/beta-small', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.statusCode).toBe(429);
    const body = (await res.body.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('budget_exceeded');
    expect(body.error.message).toContain('daily budget');
    expect(sb.alpha.requests.length + sb.beta.requests.length).toBe(0);
  });
});

describe('bearer token', () => {
  it('is required on every request when set, and compared exactly', async () => {
    await start({ token: 'secret-token-123' });
    const none = await request(`${http.url}/v1/models`);
    expect(none.statusCode).toBe(401);
    await none.body.dump();
    const wrong = await request(`${http.url}/v1/models`, { headers: { authorization: 'Bearer secret-token-124' } });
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    const right = await request(`${http.url}/v1/models`, { headers: { authorization: 'Bearer secret-token-123' } });
    expect(right.statusCode).toBe(200);
    await right.body.dump();
  });

  it('must be set to bind anything but loopback', () => {
    expect(() => checkBind({ host: '0.0.0.0' })).toThrow(/without a token/);
    expect(() => checkBind({ host: '0.0.0.0', token: 't' })).not.toThrow();
    expect(() => checkBind({ host: '127.0.0.1' })).not.toThrow();
    expect(parseListenAddress(undefined)).toEqual({ host: '127.0.0.1', port: 3717 });
    expect(parseListenAddress('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListenAddress('0.0.0.0:9000')).toEqual({ host: '0.0.0.0', port: 9000 });
    expect(parseListenAddress('[::1]:9000')).toEqual({ host: '::1', port: 9000 });
    expect(() => parseListenAddress('host:99999')).toThrow(/\[HOST:\]PORT/);
  });
});
