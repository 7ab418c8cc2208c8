import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';

/** `redis-server` is on PATH (`.ci/run` installs Debian's package); the tests that need it say so when it is not. */
export const HAS_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

const makeClient = (url: string) => createClient({ url });
type Client = ReturnType<typeof makeClient>;

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server: `save` writes its data first (SHUTDOWN SAVE), so `start` brings it back as it was. */
  stop(options?: { save?: boolean }): Promise<void>;
  start(): Promise<void>;
  /** Sends the server a signal: SIGSTOP hangs it (connections stay open, nothing answers), SIGCONT resumes it. */
  signal(sig: NodeJS.Signals): void;
  /** A fresh client for assertions (closed by `close`). */
  client(): Promise<Client>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

/**
 * A real `redis-server` on a random loopback port with no persistence (no RDB save points, no AOF) in a temporary
 * directory, stopped by `close`. Only an explicit `stop({ save: true })` writes a snapshot there, for restarts.
 */
export async function startRedis(): Promise<TestRedis> {
  if (!HAS_REDIS) throw new Error('redis-server is not installed: apt-get install -y redis-server (.ci/run does)');
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-redis-'));
  let child: ChildProcess | undefined;
  const clients: Client[] = [];
  const url = `redis://127.0.0.1:${port}`;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', 'dump.rdb', '--daemonize', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out.slice(-500)}`)), 10_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Ready to accept connections/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        if (!/Ready to accept/.test(out)) reject(new Error(`redis-server exited with ${code}: ${out.slice(-500)}`));
      });
    });
  const stop = async (options: { save?: boolean } = {}) => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    if (options.save) {
      const c = makeClient(url);
      c.on('error', () => undefined);
      await c.connect();
      await c.sendCommand(['SHUTDOWN', 'SAVE']).catch(() => undefined);
      c.destroy();
    } else proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    child = undefined;
  };
  await start();
  return {
    url,
    port,
    stop,
    start,
    signal: (sig) => void child?.kill(sig),
    async client() {
      const c = makeClient(url);
      c.on('error', () => undefined);
      await c.connect();
      clients.push(c);
      return c;
    },
    async close() {
      child?.kill('SIGCONT');
      for (const c of clients) c.destroy();
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
