/**
 * (h) What shared state costs: `/v1/chat/completions` through a Switchyard on its local files and through one on
 * Redis (loopback), each against a direct call to the same local upstream, with a daily budget set so every call
 * reserves and settles. Sequential latency (interleaved rounds) and throughput at concurrency 32. Needs
 * `redis-server` on PATH (started here on a free loopback port without persistence, stopped at the end).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { BODY, freePort, latencies, startProcess, startUpstream, throughput, writeBenchHome, type Samples, type Target } from './http-proxy.bench.js';
import type { BenchContext, BenchRow } from './registry.js';
import { percentile } from './stats.js';

export async function benchSharedState(ctx: BenchContext): Promise<BenchRow[]> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return [{ name: '(h) shared state on Redis', value: 'skipped: redis-server is not installed' }];
  const n = ctx.quick ? 300 : 1000;
  const tn = ctx.quick ? 1000 : 3000;
  const home = mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-redis-'));
  const children: ChildProcess[] = [];
  const pools: Pool[] = [];
  try {
    const redisPort = await freePort();
    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', home], { stdio: 'ignore' });
    children.push(redis);
    const up = await startUpstream(ctx.root);
    children.push(up);
    // A budget, so every call reserves and settles (under the file lock, or on Redis too).
    const { upstream, workspace } = writeBenchHome(home, up.upstream, { budget: { daily: 1_000_000 } });
    const base = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), BENCH_KEY: 'sk-bench', SWITCHYARD_OFFLINE: '1' };
    const serve = async (name: string, extra: NodeJS.ProcessEnv) => {
      const port = await freePort();
      children.push(await startProcess([ctx.cli, 'serve', '--http', `127.0.0.1:${port}`, '--workspace', workspace], { ...base, XDG_STATE_HOME: path.join(home, `state-${name}`), ...extra }, /MCP at/, workspace));
      return port;
    };
    const filePort = await serve('file', {});
    const redisBacked = await serve('redis', { SWITCHYARD_REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    const pool = (url: string) => {
      const p = new Pool(url, { connections: 32, pipelining: 1 });
      pools.push(p);
      return p;
    };
    const body = () => BODY.replace('"gpt-4o-mini"', '"auto"');
    const direct: Target = { name: 'direct', pool: pool(upstream), path: '/v1/chat/completions', headers: { authorization: 'Bearer sk-bench' }, body: () => BODY };
    const file: Target = { name: 'file', pool: pool(`http://127.0.0.1:${filePort}`), path: '/v1/chat/completions', headers: {}, body };
    const onRedis: Target = { name: 'redis', pool: pool(`http://127.0.0.1:${redisBacked}`), path: '/v1/chat/completions', headers: {}, body };
    const lat = (await latencies([direct, file, onRedis], n, false)) as Record<'direct' | 'file' | 'redis', Samples>;
    const p = (xs: number[], q: number) => percentile(xs, q);
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    const rows: BenchRow[] = [];
    for (const name of ['file', 'redis'] as const) {
      rows.push({ name: `(h) added latency, ${name}-backed state p50 / p99`, value: `${ms(p(lat[name].total, 50) - p(lat.direct.total, 50))} / ${ms(p(lat[name].total, 99) - p(lat.direct.total, 99))}` });
    }
    rows.push({ name: '(h) Redis minus file, p50', value: ms(p(lat.redis.total, 50) - p(lat.file.total, 50)) });
    ctx.log('(h) throughput at concurrency 32');
    for (const t of [direct, file, onRedis]) rows.push({ name: `(h) throughput at concurrency 32, ${t.name}`, value: `${(await throughput(t, 32, tn)).toFixed(0)} req/s` });
    return rows;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    for (const c of children) c.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}
