import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../server/http/server.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { parseExposition } from '../../helpers/prom-text.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-0123456789abcdefgh';
const exporter = new InMemorySpanExporter();

let sb: ProviderSandbox | undefined;
let runtime: Runtime | undefined;
let http: RunningHttpServer | undefined;

beforeAll(() => {
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});
afterAll(() => trace.disable());
afterEach(async () => {
  await http?.close();
  await runtime?.close();
  await sb?.close();
  sb = runtime = http = undefined;
  exporter.reset();
});

/** A gateway whose user config maps two tokens to names (alice with $0.01 a day) and budgets tag `ci` at $0.005. */
async function gateway(workspacePolicy?: string): Promise<string> {
  sb = await providerSandbox({ alphaPrice: [0, 1000] });
  if (workspacePolicy) sb.writeWorkspacePolicy(workspacePolicy);
  // Each call: 5 output tokens at $1,000/Mtok = $0.005, reserved and spent.
  sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 } });
  sb.env.ALICE_TOKEN = ALICE;
  sb.env.BOB_TOKEN = BOB;
  const base = readFileSync(sb.userConfigFile, 'utf8');
  sb.writeUserConfig({
    ...JSON.parse(base),
    http: { tokens: [{ name: 'alice', tokenEnv: 'ALICE_TOKEN', budget: { daily: 0.01 } }, { name: 'bob', tokenEnv: 'BOB_TOKEN' }] },
    tags: { ci: { budget: { daily: 0.005 } } },
  });
  runtime = await createRuntime({ workspace: sb.workspace, env: sb.env, timeouts: { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 } });
  http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, drainMs: 1000 });
  return http.url;
}

const chat = (url: string, token: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ model: 'alpha/alpha-large', max_tokens: 5, messages: [{ role: 'user', content: 'go' }] }),
  });

describe('team HTTP: tokens, tag budgets, metrics, spans', () => {
  it('x-switchyard-tags reach policy rules with when.tag', async () => {
    const url = await gateway('{ "active": "team", "policies": { "team": { "allow": ["alpha/*", "beta/*"], "rules": [{ "when": { "tag": "premium" }, "use": "alpha/alpha-large" }] } } }');
    sb!.beta.setReply({ text: 'from beta', usage: { inputTokens: 1, outputTokens: 1 } });
    const auto = (headers: Record<string, string>) =>
      fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BOB}`, ...headers },
        body: JSON.stringify({ model: 'auto', max_tokens: 5, messages: [{ role: 'user', content: 'go' }] }),
      });
    // alpha costs $1,000 per million output tokens: only the rule sends a request there
    const untagged = (await (await auto({ 'x-switchyard-tags': 'nightly' })).json()) as { model: string };
    expect(untagged.model).toBe('beta/beta-small');
    const tagged = (await (await auto({ 'x-switchyard-tags': 'nightly, premium' })).json()) as { model: string };
    expect(tagged.model).toBe('alpha/alpha-large');
  });

  it('budgets per named token and per tag refuse with 429 insufficient_quota naming the budget', async () => {
    const url = await gateway();
    expect((await chat(url, ALICE)).status).toBe(200);
    expect((await chat(url, ALICE)).status).toBe(200);
    const refused = await chat(url, ALICE);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('insufficient_quota');
    expect(body.error.message).toMatch(/daily budget of key "alice"/);
    expect(body.error.message).toMatch(/http\.tokens\[name=alice\]\.budget\.daily/);
    // bob has no budget of his own, but tag ci does.
    expect((await chat(url, BOB, { 'x-switchyard-tags': 'ci, nightly' })).status).toBe(200);
    const tagged = await chat(url, BOB, { 'x-switchyard-tags': 'ci' });
    expect(tagged.status).toBe(429);
    expect(((await tagged.json()) as { error: { message: string } }).error.message).toMatch(/daily budget of tag "ci"/);
    expect((await chat(url, BOB)).status).toBe(200);
    expect(sb!.alpha.requests).toHaveLength(4);
    // Unknown tokens are refused; malformed tags are a 400; every answer carries the overhead header.
    const wrong = await chat(url, 'not-a-token-at-all-000000');
    expect(wrong.status).toBe(401);
    expect(Number(wrong.headers.get('x-switchyard-overhead-ms'))).toBeGreaterThanOrEqual(0);
    const bad = await chat(url, BOB, { 'x-switchyard-tags': 'ok, not a tag' });
    expect(bad.status).toBe(400);
    const totals = new Map((await runtime!.sharedState.totals(new Date())).map((t) => [t.scope, t.today]));
    expect(totals.get('key:alice')).toBeCloseTo(0.01, 10);
    expect(totals.get('key:bob')).toBeCloseTo(0.01, 10);
    expect(totals.get('tag:ci')).toBeCloseTo(0.005, 10);
    expect(totals.get('tag:nightly')).toBeCloseTo(0.005, 10);
    // The ledger names who sent each call and its tags.
    await runtime!.scopedLedger.flush();
    const calls = readFileSync(path.join(sb!.stateDir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; key?: string; tags?: string[] }).filter((r) => r.type === 'call');
    expect(calls.map((c) => [c.key, c.tags ?? []])).toEqual([
      ['alice', []],
      ['alice', []],
      ['bob', ['ci', 'nightly']],
      ['bob', []],
    ]);
    // A restart does not hand alice a fresh budget: the ledger seeds it.
    await http!.close();
    await runtime!.close();
    runtime = await createRuntime({ workspace: sb!.workspace, env: sb!.env });
    http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, drainMs: 1000 });
    const again = await chat(http.url, ALICE);
    expect(again.status).toBe(429);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/key "alice"/);
    expect((await chat(http.url, BOB)).status).toBe(200);
  }, 30_000);

  it('GET /metrics parses as Prometheus text and matches the calls made; spans follow the GenAI conventions', async () => {
    const url = await gateway();
    for (let i = 0; i < 3; i++) {
      const res = await chat(url, BOB);
      expect(res.status).toBe(200);
      const overhead = Number(res.headers.get('x-switchyard-overhead-ms'));
      expect(overhead).toBeGreaterThanOrEqual(0);
      expect(overhead).toBeLessThan(5000);
    }
    // alpha fails twice: each call falls back to beta.
    sb!.alpha.setFault({ type: 'status500' });
    expect((await chat(url, BOB)).status).toBe(200);
    expect((await chat(url, ALICE)).status).toBe(200);
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BOB}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = parseExposition(await res.text());
    const alpha = { model: 'alpha/alpha-large', provider: 'alpha' };
    expect(m.types.get('switchyard_requests_total')).toBe('counter');
    expect(m.types.get('switchyard_request_duration_seconds')).toBe('histogram');
    expect(m.value('switchyard_requests_total', { ...alpha, outcome: 'ok' })).toBe(3);
    expect(m.value('switchyard_requests_total', { model: 'beta/beta-small', provider: 'beta', outcome: 'ok' })).toBe(2);
    expect(m.value('switchyard_fallbacks_total', alpha)).toBe(2);
    expect(m.value('switchyard_attempts_total', { ...alpha, outcome: 'ok' })).toBe(3);
    expect(m.value('switchyard_errors_total', { kind: 'server', provider: 'alpha' })).toBe(2);
    expect(m.value('switchyard_tokens_total', { ...alpha, type: 'output' })).toBe(15);
    expect(m.value('switchyard_cost_usd_total', alpha)).toBeCloseTo(0.015, 10);
    expect(m.value('switchyard_request_duration_seconds_count', alpha)).toBe(3);
    expect(m.value('switchyard_request_duration_seconds_bucket', { ...alpha, le: '+Inf' })).toBe(3);
    expect(m.value('switchyard_http_requests_total', { route: '/v1/chat/completions', status: '200' })).toBe(5);
    // alice's one call (answered by beta) came out of her $0.01.
    const aliceLeft = m.value('switchyard_budget_headroom_usd', { scope: 'key:alice', period: 'daily' });
    expect(aliceLeft).toBeLessThan(0.01);
    expect(aliceLeft).toBeGreaterThan(0.009);
    expect(m.value('switchyard_budget_headroom_usd', { scope: 'tag:ci', period: 'daily' })).toBeCloseTo(0.005, 10);
    expect(m.types.get('switchyard_breaker_open')).toBe('gauge');
    expect(m.value('switchyard_overhead_seconds_count', { route: '/v1/chat/completions' })).toBe(5);

    const spans = exporter.getFinishedSpans();
    const calls = spans.filter((s) => s.name === 'chat alpha/alpha-large' && s.attributes['gen_ai.response.model'] === 'alpha/alpha-large');
    expect(calls).toHaveLength(3);
    const call = calls[0]!;
    expect(call.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'alpha/alpha-large', 'gen_ai.response.model': 'alpha/alpha-large', 'gen_ai.provider.name': 'alpha', 'gen_ai.request.max_tokens': 5, 'gen_ai.usage.input_tokens': 0 });
    const attempts = spans.filter((s) => s.parentSpanContext?.spanId === call.spanContext().spanId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'alpha', 'switchyard.attempt.outcome': 'ok' });
    // A fallback call: its span has two attempt spans, the failed one first.
    const fellBack = spans.find((s) => s.attributes['gen_ai.response.model'] === 'beta/beta-small' && s.attributes['switchyard.attempts'] === 2)!;
    const tries = spans.filter((s) => s.parentSpanContext?.spanId === fellBack.spanContext().spanId).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(tries.map((t) => [t.attributes['gen_ai.provider.name'], t.attributes['switchyard.attempt.outcome']])).toEqual([
      ['alpha', 'fallback'],
      ['beta', 'ok'],
    ]);
    expect(tries[0]!.attributes['error.type']).toBe('server');
  }, 30_000);
});
