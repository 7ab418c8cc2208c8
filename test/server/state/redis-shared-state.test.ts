import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { runChat } from '../../../server/invoke/chat-service.js';
import { spendReport } from '../../../server/mcp/tools/spend.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';
import { parseExposition } from '../../helpers/prom-text.js';
import { HAS_REDIS, startRedis, type TestRedis } from '../../helpers/redis-server.js';

// CI installs redis-server (.ci/run); elsewhere these tests say they were skipped rather than fail.
const run = HAS_REDIS || process.env.CI ? describe : describe.skip;
if (!HAS_REDIS && !process.env.CI) console.warn('redis-server is not installed: the shared-state tests are skipped (apt-get install -y redis-server)');

const CLI = path.resolve('dist/cli.js');
let redis: TestRedis;
let sb: ProviderSandbox | undefined;
const runtimes: Runtime[] = [];
let prefixN = 0;

beforeAll(async () => {
  if (HAS_REDIS || process.env.CI) redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.close();
});
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
  await sb?.close();
  sb = undefined;
});

/** A runtime of its own instance: its own state directory (file ledger), sharing Redis under one prefix. */
async function instance(sandbox: ProviderSandbox, name: string, prefix: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Runtime> {
  const state = path.join(sandbox.root, `state-${name}`);
  mkdirSync(state, { recursive: true });
  const runtime = await createRuntime({
    workspace: sandbox.workspace,
    env: { ...sandbox.env, XDG_STATE_HOME: state, SWITCHYARD_REDIS_URL: redis.url, ...extraEnv },
    timeouts: { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 },
    redis: { prefix, leaseMs: 1000, pollMs: 100, commandTimeoutMs: 500 },
  });
  runtimes.push(runtime);
  return runtime;
}

const nextPrefix = () => `sy-test-${process.pid}-${++prefixN}:`;
const chat = (runtime: Runtime, model = 'alpha/alpha-large', fallbacks = false) =>
  runChat(runtime, { input: { prompt: 'go' }, model, fallbacks, maxTokens: 5, outputTokens: 5 }, { via: 'test' });

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

run('shared state on a real redis-server', () => {
  it('two instances and 100 concurrent calls under one budget never overshoot it', async () => {
    // Each call costs $0.005 (5 output tokens at $1,000/Mtok), worst case and actual: the budget allows 10.
    sb = await providerSandbox({ budget: { daily: 0.05 }, alphaPrice: [0, 1000] });
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 }, chunkDelayMs: 20 });
    const prefix = nextPrefix();
    const a = await instance(sb, 'a', prefix);
    const b = await instance(sb, 'b', prefix);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => chat(i % 2 === 0 ? a : b)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected' && String(r.reason).includes('budget'));
    expect(ok.length + refused.length).toBe(100);
    expect(ok).toHaveLength(10);
    expect(sb.alpha.requests).toHaveLength(10);
    // Each instance's own ledger saw only its share; the shared total is the whole and within the budget.
    await a.scopedLedger.flush();
    await b.scopedLedger.flush();
    const total = (await a.sharedState.totals(new Date())).find((t) => t.scope === 'total');
    expect(total?.today).toBeCloseTo(0.05, 10);
    expect(total!.today).toBeLessThanOrEqual(0.05 + 1e-12);
    const [ta, tb] = [await a.ledger.totals(), await b.ledger.totals()];
    expect(ta.today + tb.today).toBeCloseTo(0.05, 10);
    expect(ta.today).toBeLessThan(0.05);
    // Every record is in the shared stream too.
    const client = await redis.client();
    expect(await client.xLen(`${prefix}calls`)).toBe(10);
    // `switchyard spend` (and the MCP spend tool) report what every instance spent.
    const report = await spendReport(b, 'today');
    expect(report.today).toBeCloseTo(0.05, 10);
    expect(report.budgets.remainingToday).toBeCloseTo(0, 10);
    expect(report.shared?.totals.find((t) => t.scope === 'total')?.today).toBeCloseTo(0.05, 10);
    expect(report.shared?.totals.find((t) => t.scope === `workspace:${sb!.workspace}`)?.today).toBeCloseTo(0.05, 10);
  }, 60_000);

  it('the built `switchyard spend` reads the shared totals and exits', async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    sb = await providerSandbox({ alphaPrice: [0, 1000] });
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 } });
    const prefix = nextPrefix();
    const a = await instance(sb, 'a', prefix);
    for (let i = 0; i < 2; i++) await chat(a);
    await a.scopedLedger.flush();
    // Another machine: an empty ledger of its own, the same Redis.
    const other = path.join(sb.root, 'state-cli');
    mkdirSync(other, { recursive: true });
    const out = spawnSync(process.execPath, [CLI, 'spend', '--json', '--workspace', sb.workspace], {
      env: { ...sb.env, XDG_STATE_HOME: other, SWITCHYARD_REDIS_URL: redis.url, SWITCHYARD_REDIS_PREFIX: prefix },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(out.status, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as { today: number; shared: { totals: Array<{ scope: string; today: number }> } };
    expect(report.today).toBeCloseTo(0.01, 10);
    expect(report.shared.totals.find((t) => t.scope === 'total')?.today).toBeCloseTo(0.01, 10);
  }, 30_000);

  it('a breaker opened by one instance is honoured by the other', async () => {
    sb = await providerSandbox();
    const prefix = nextPrefix();
    const a = await instance(sb, 'a', prefix);
    const b = await instance(sb, 'b', prefix);
    sb.alpha.setFault({ type: 'status500' });
    for (let i = 0; i < 3; i++) await expect(chat(a)).rejects.toThrow();
    expect(a.breakers.isOpen('alpha')).toBe(true);
    await until('instance b to see the breaker', () => b.breakers.isOpen('alpha'));
    const before = sb.alpha.requests.length;
    const answer = await runChat(b, { input: { prompt: 'go' }, model: 'alpha/alpha-large', maxTokens: 5 }, { via: 'test' });
    expect(answer.model).toBe('beta/beta-small');
    expect(answer.attempts[0]).toMatchObject({ model: 'alpha/alpha-large', outcome: 'skipped', kind: 'circuit_open' });
    expect(sb.alpha.requests.length).toBe(before);
  }, 30_000);

  it('latencies and throughput one instance observes feed the other', async () => {
    sb = await providerSandbox();
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 3, outputTokens: 40 }, chunkDelayMs: 5 });
    const prefix = nextPrefix();
    const a = await instance(sb, 'a', prefix);
    const b = await instance(sb, 'b', prefix);
    for (let i = 0; i < 3; i++) await chat(a);
    // b made no call: what it sees came from a, through Redis.
    await until('instance b to see the latencies', () => b.routeContext().observedLatencyMs?.has('alpha/alpha-large') === true);
    // the throughput is shared on its own, so on a loaded machine it can arrive after the latencies
    const metrics = async () => parseExposition(await b.telemetry.metrics());
    const throughput = async () => (await metrics()).value('switchyard_observed_output_tokens_per_second', { model: 'alpha/alpha-large', provider: 'alpha' });
    await until('instance b to see the throughput', async () => (await throughput()) > 0);
    expect(await throughput()).toBeGreaterThan(0);
    expect((await metrics()).value('switchyard_shared_state_up')).toBe(1);
  }, 30_000);

  it('an instance killed with SIGKILL mid-call releases its reservation by expiry', async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    // Priced on input only, so the router's estimate and the reservation are the same amount X.
    sb = await providerSandbox({ alphaPrice: [1000, 0] });
    const prompt = 'word '.repeat(400);
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 0 } });
    sb.alpha.setFault({ type: 'slowFirstByte', ms: 20_000 });
    const prefix = nextPrefix();
    const stateA = path.join(sb.root, 'state-killed');
    mkdirSync(stateA, { recursive: true });
    const child = spawn(process.execPath, [CLI, 'serve', '--http', '127.0.0.1:0', '--workspace', sb.workspace], {
      // A lease long enough that the refusal below comes before it runs out, even on a loaded machine.
      env: { ...sb.env, XDG_STATE_HOME: stateA, SWITCHYARD_REDIS_URL: redis.url, SWITCHYARD_REDIS_PREFIX: prefix, SWITCHYARD_REDIS_LEASE_MS: '4000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      let log = '';
      child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
      await until('the server to listen', () => /OpenAI-compatible API at (http:\/\/\S+)\/v1/.test(log), 15_000);
      const base = /OpenAI-compatible API at (http:\/\/\S+)\/v1/.exec(log)![1];
      void fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'alpha/alpha-large', max_tokens: 5, messages: [{ role: 'user', content: prompt }] }) }).catch(() => undefined);
      const client = await redis.client();
      await until('the call upstream', () => sb!.alpha.requests.length === 1, 10_000);
      const held = (await client.hVals(`${prefix}resv-amount`)).map(Number);
      expect(held).toHaveLength(1);
      const x = held[0]!;
      child.kill('SIGKILL');
      sb.alpha.setFault(null);
      // The budget holds one such call at a time; the dead instance's reservation takes it.
      sb.writeUserConfig({ ...JSON.parse(readFileSync(sb.userConfigFile, 'utf8')), budget: { daily: 1.5 * x } });
      const b = await instance(sb, 'b', prefix);
      const call = () => runChat(b, { input: { prompt }, model: 'alpha/alpha-large', fallbacks: false, maxTokens: 5 }, { via: 'test' });
      await expect(call()).rejects.toThrow(/daily budget/);
      // Nobody renews it: after its lease it is released, and the budget has room again.
      const killed = Date.now();
      let answer: Awaited<ReturnType<typeof call>> | undefined;
      while (!answer && Date.now() - killed < 10_000) {
        answer = await call().catch(() => undefined);
        if (!answer) await new Promise((r) => setTimeout(r, 250));
      }
      expect(answer?.model).toBe('alpha/alpha-large');
      expect(await client.hLen(`${prefix}resv-amount`)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  it('Redis going away mid-run degrades to local state with one warning and recovers, losing no record', async () => {
    sb = await providerSandbox({ alphaPrice: [0, 1000] });
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 } });
    const prefix = nextPrefix();
    const warnings: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).includes('shared state on Redis')) warnings.push(String(chunk));
      return write(chunk as string, ...(rest as []));
    });
    try {
      const a = await instance(sb, 'a', prefix);
      for (let i = 0; i < 3; i++) await chat(a);
      await a.scopedLedger.flush();
      await redis.stop({ save: true });
      for (let i = 0; i < 4; i++) await chat(a); // served on local state
      expect(warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1);
      await redis.start();
      await until('the instance to reconnect', () => warnings.some((w) => w.includes('is back')), 10_000);
      for (let i = 0; i < 2; i++) await chat(a);
      await a.scopedLedger.flush();
      const client = await redis.client();
      await until('the buffered records to be replayed', async () => (await client.xLen(`${prefix}calls`)) === 9);
      const total = (await a.sharedState.totals(new Date())).find((t) => t.scope === 'total');
      expect(total?.today).toBeCloseTo(9 * 0.005, 10);
      const lines = readFileSync(path.join(sb.root, 'state-a', 'switchyard', 'ledger.jsonl'), 'utf8').trim().split('\n');
      expect(lines.filter((l) => l.includes('"type":"call"'))).toHaveLength(9);
      expect(warnings.filter((w) => w.includes('unavailable'))).toHaveLength(1);
    } finally {
      spy.mockRestore();
      if (!(await redis.client().then(() => true, () => false))) await redis.start();
    }
  }, 60_000);

  it('a Redis that hangs (SIGSTOP) counts as away after the command timeout, and is back once it answers', async () => {
    sb = await providerSandbox({ alphaPrice: [0, 1000] });
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 } });
    const prefix = nextPrefix();
    const a = await instance(sb, 'a', prefix);
    await chat(a);
    redis.signal('SIGSTOP');
    try {
      const started = Date.now();
      for (let i = 0; i < 3; i++) await chat(a);
      expect(Date.now() - started).toBeLessThan(5000); // one timeout (0.5 s), then local state at once
    } finally {
      redis.signal('SIGCONT');
    }
    await a.scopedLedger.flush();
    const client = await redis.client();
    await until('the records to reach Redis', async () => (await client.xLen(`${prefix}calls`)) === 4, 10_000);
    const total = (await a.sharedState.totals(new Date())).find((t) => t.scope === 'total');
    expect(total?.today).toBeCloseTo(4 * 0.005, 10);
  }, 30_000);
});
