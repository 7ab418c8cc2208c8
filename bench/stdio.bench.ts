/** (b) MCP `route` round trip over stdio against the built `cli.js serve`, with the SDK client, p50/p99. */
import { shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { makeSandbox, startServer, withTimeout } from './server-process.js';
import { nowUs, summarize, us } from './stats.js';

export async function benchStdioRoundTrip(ctx: BenchContext): Promise<BenchRow[]> {
  const sandbox = makeSandbox();
  const server = await withTimeout(startServer(ctx.cli, sandbox), 20_000, 'server start');
  try {
    const prompts = shortPrompts();
    const n = ctx.quick ? 300 : 2000;
    const run = async () => {
      // warm-up: tokenizer tables, JIT, the catalog index
      for (let k = 0; k < 200; k++) await server.call('route', { prompt: prompts[k % prompts.length] });
      const samples: number[] = [];
      for (let k = 0; k < n; k++) {
        const t0 = nowUs();
        await server.call('route', { prompt: prompts[k % prompts.length] });
        samples.push(nowUs() - t0);
      }
      return samples;
    };
    const s = summarize(await withTimeout(run(), 90_000, 'stdio round trips'));
    return [
      { name: `route over stdio, short prompts (${n} calls): p50 / p99`, value: `${us(s.p50)} / ${us(s.p99)}`, target: 'p50 ≤ 1 ms', met: s.p50 <= 1000 },
    ];
  } finally {
    await server.close();
    sandbox.remove();
  }
}
