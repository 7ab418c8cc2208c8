/**
 * (g) Peak RSS of the server process after a realistic workload: 200 `route` calls (short, 2 KB and 10 KB prompts,
 * the built-in policies in turn), `estimate_cost` over the whole catalog for each prompt size, and `list_models`
 * over the whole catalog. Read from /proc/<pid>/status (VmHWM: the high-water mark of the resident set).
 */
import { readFileSync } from 'node:fs';
import { codePrompts, longPrompts, shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { makeSandbox, startServer, withTimeout } from './server-process.js';

function status(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

export async function benchMemory(ctx: BenchContext): Promise<BenchRow[]> {
  const sandbox = makeSandbox();
  const server = await withTimeout(startServer(ctx.cli, sandbox), 20_000, 'server start');
  try {
    const before = status(server.pid);
    if (!before) return [{ name: 'peak RSS', value: 'skipped: /proc/<pid>/status is not available on this system' }];
    const sizes = [shortPrompts(), codePrompts(), longPrompts()];
    const policies = ['balanced', 'cheapest', 'best', 'fastest'];
    const workload = async () => {
      for (let k = 0; k < 200; k++) {
        const set = sizes[k % 3] as string[];
        await server.call('route', { prompt: set[k % set.length], policy: policies[k % policies.length] });
      }
      for (const set of sizes) await server.call('estimate_cost', { prompt: set[0], limit: 5000 });
      await server.call('list_models', { limit: 5000 });
    };
    await withTimeout(workload(), 90_000, 'memory workload');
    const after = status(server.pid);
    const hwm = after?.hwm ?? Number.NaN;
    return [
      { name: 'peak RSS (VmHWM) after 200 routes + estimate_cost and list_models over the catalog', value: `${hwm.toFixed(1)} MB`, target: '≤ 80 MB', met: hwm <= 80 },
      { name: '  RSS after initialize / at the end', value: `${before.rss.toFixed(1)} MB / ${(after?.rss ?? Number.NaN).toFixed(1)} MB` },
    ];
  } finally {
    await server.close();
    sandbox.remove();
  }
}
