/**
 * (c) added latency of /v1/chat/completions through Switchyard and through the Portkey gateway, against a direct
 * call to the same local upstream; (d) throughput at concurrency 64; (e) streaming: added time to first token.
 * Every process binds 127.0.0.1; the upstream is the test fixture speaking OpenAI's wire format, in its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import type { BenchContext, BenchRow } from './registry.js';
import { percentile } from './stats.js';
export const BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in one short sentence.' }], max_tokens: 20 });

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function startProcess(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, cwd: string): Promise<ChildProcess & { output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args[0]} did not start: ${out.slice(-500)}`)), 20_000);
    const check = (d: Buffer) => {
      out += d.toString();
      (child as ChildProcess & { output?: string }).output = out;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(Object.assign(child, { output: out }));
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${out.slice(-500)}`)));
  });
}

export interface Target {
  name: string;
  pool: Pool;
  path: string;
  headers: Record<string, string>;
  body: (stream: boolean) => string;
  /** What the target process printed, for error messages. */
  log?: () => string;
}

export async function timeOne(t: Target, stream: boolean): Promise<{ total: number; ttft: number }> {
  const start = performance.now();
  const res = await t.pool.request({ method: 'POST', path: t.path, headers: { 'content-type': 'application/json', ...t.headers }, body: t.body(stream) });
  let ttft = 0;
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}: ${await res.body.text()}${t.log ? `\n${t.log().slice(-3000)}` : ''}`);
  for await (const chunk of res.body) {
    if (ttft === 0 && String(chunk).includes('"content"')) ttft = performance.now() - start;
  }
  return { total: performance.now() - start, ttft };
}

export type Samples = { total: number[]; ttft: number[] };

/** Sequential requests, the targets interleaved in rounds so drift in machine load hits all of them alike. */
export async function latencies(targets: Target[], n: number, stream: boolean): Promise<Record<string, Samples>> {
  const out: Record<string, Samples> = Object.fromEntries(targets.map((t) => [t.name, { total: [], ttft: [] }]));
  for (const t of targets) for (let i = 0; i < 100; i++) await timeOne(t, stream);
  const rounds = 10;
  for (let r = 0; r < rounds; r++) {
    for (const t of targets) {
      for (let i = 0; i < n / rounds; i++) {
        const s = await timeOne(t, stream);
        out[t.name]?.total.push(s.total);
        out[t.name]?.ttft.push(s.ttft);
      }
    }
  }
  return out;
}

export async function throughput(t: Target, concurrency: number, requests: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        await timeOne(t, false);
      }
    }),
  );
  return requests / ((performance.now() - start) / 1000);
}

/** The benchmarks' upstream process (the OpenAI-format fixture), and its URL. */
export async function startUpstream(root: string): Promise<ChildProcess & { output: string; upstream: string }> {
  const up = await startProcess([path.join(root, 'dist/bench/upstream.js')], { PATH: process.env.PATH }, /listening http:\S+\n/, root);
  return Object.assign(up, { upstream: /listening (http:\S+)/.exec(up.output)?.[1] ?? '' });
}

/** A home with a user config whose one provider is the upstream (plus `extra` settings), and a workspace allowing it. */
export function writeBenchHome(home: string, upstream: string, extra: Record<string, unknown> = {}): { upstream: string; workspace: string } {
  const workspace = path.join(home, 'workspace');
  mkdirSync(path.join(home, 'config/switchyard'), { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    path.join(home, 'config/switchyard/config.json'),
    JSON.stringify({ ...extra, providers: { bench: { api: 'openai', baseUrl: `${upstream}/v1`, apiKeyEnv: 'BENCH_KEY', local: false, models: [{ id: 'gpt-4o-mini', contextWindow: 128000, maxOutputTokens: 16000, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, capabilities: ['tools'] }] } } }),
  );
  writeFileSync(path.join(workspace, '.switchyard.json'), JSON.stringify({ active: 'bench', policies: { bench: { allow: ['bench/*'] } } }));
  return { upstream, workspace };
}

export async function benchHttpProxy(ctx: BenchContext): Promise<BenchRow[]> {
  const ROOT = ctx.root;
  const CLI = ctx.cli;
  const PORTKEY = path.join(ROOT, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  const n = ctx.quick ? 300 : 1000;
  const tn = ctx.quick ? 1000 : 3000;
  const home = mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'));
  const children: ChildProcess[] = [];
  const pools: Pool[] = [];
  try {
    const up = await startUpstream(ROOT);
    children.push(up);
    const { upstream, workspace } = writeBenchHome(home, up.upstream);
    const syPort = await freePort();
    const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state'), BENCH_KEY: 'sk-bench', SWITCHYARD_OFFLINE: '1' };
    children.push(await startProcess([CLI, 'serve', '--http', `127.0.0.1:${syPort}`, '--workspace', workspace], env, /MCP at/, workspace));
    const pkPort = await freePort();
    children.push(await startProcess([PORTKEY, `--port=${pkPort}`, '--headless'], { PATH: process.env.PATH, HOME: home }, /Ready for connections|running at/i, home));

    const pool = (url: string) => {
      const p = new Pool(url, { connections: 64, pipelining: 1 });
      pools.push(p);
      return p;
    };
    const body = (stream: boolean) => (stream ? BODY.replace('"max_tokens"', '"stream":true,"max_tokens"') : BODY);
    const direct: Target = { name: 'direct', pool: pool(upstream), path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-bench' }, body };
    const switchyard: Target = { name: 'switchyard', pool: pool(`http://127.0.0.1:${syPort}`), path: '/v1/chat/completions', headers: {}, body: (s) => body(s).replace('"gpt-4o-mini"', '"auto"') };
    const portkey: Target = {
      name: 'portkey',
      pool: pool(`http://127.0.0.1:${pkPort}`),
      path: '/v1/chat/completions',
      headers: { authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream}/v1` },
      body,
      log: () => (children[2] as { output?: string }).output ?? '',
    };

    const rows: BenchRow[] = [];
    const lat = (await latencies([direct, switchyard, portkey], n, false)) as Record<'direct' | 'switchyard' | 'portkey', Samples>;
    const p = (xs: number[], q: number) => percentile(xs, q);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    for (const [name, l] of Object.entries(lat) as [string, Samples][]) rows.push({ name: `(c) ${name} round trip p50 / p99`, value: `${ms(p(l.total, 50))} / ${ms(p(l.total, 99))}` });
    const addedSy50 = p(lat.switchyard.total, 50) - p(lat.direct.total, 50);
    const addedPk50 = p(lat.portkey.total, 50) - p(lat.direct.total, 50);
    const addedSy99 = p(lat.switchyard.total, 99) - p(lat.direct.total, 99);
    const addedPk99 = p(lat.portkey.total, 99) - p(lat.direct.total, 99);
    rows.push({ name: '(c) added latency Switchyard p50 / p99', value: `${ms(addedSy50)} / ${ms(addedSy99)}` });
    rows.push({ name: '(c) added latency Portkey p50 / p99', value: `${ms(addedPk50)} / ${ms(addedPk99)}` });
    const ratio = addedSy50 / addedPk50;
    rows.push({ name: '(c) added p50 ratio Switchyard / Portkey', value: ratio.toFixed(3), target: '≤ 0.333', met: ratio <= 1 / 3 });

    ctx.log('(d) throughput at concurrency 64');
    for (const t of [direct, switchyard, portkey]) rows.push({ name: `(d) throughput at concurrency 64, ${t.name}`, value: `${(await throughput(t, 64, tn)).toFixed(0)} req/s` });

    // Portkey 1.15.2 cannot stream an OpenAI-format answer on Node ("TypeError: immutable" in updateHeaders,
    // Portkey-AI/gateway#1550), so streaming compares Switchyard with the direct call, and says so for Portkey.
    const portkeyStreams = await timeOne(portkey, true).then(() => true, () => false);
    const streamTargets = portkeyStreams ? [direct, switchyard, portkey] : [direct, switchyard];
    const st = (await latencies(streamTargets, Math.ceil(n / 2), true)) as Record<'direct' | 'switchyard' | 'portkey', Samples>;
    rows.push({ name: '(e) streaming: time to first token, direct p50 / p99', value: `${ms(p(st.direct.ttft, 50))} / ${ms(p(st.direct.ttft, 99))}` });
    for (const name of ['switchyard', 'portkey'] as const) {
      if (!st[name]) {
        rows.push({ name: `(e) streaming: added time to first token, ${name}`, value: 'fails: HTTP 500 "TypeError: immutable" (Portkey-AI/gateway#1550)' });
        continue;
      }
      rows.push({ name: `(e) streaming: added time to first token, ${name} p50 / p99`, value: `${ms(p(st[name].ttft, 50) - p(st.direct.ttft, 50))} / ${ms(p(st[name].ttft, 99) - p(st.direct.ttft, 99))}` });
    }
    return rows;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    for (const c of children) c.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}
