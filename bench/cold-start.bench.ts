/**
 * (f) Cold start: spawn `node <cli> serve`, send `initialize` at once, time until its answer arrives; the median of
 * 15 runs. Baselines in the same run, interleaved: `node -e 0` (spawn to exit) and a one-line Node program that
 * echoes the first line of stdin (spawn, pipes, one answer): what any Node stdio server pays before its own work.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { BenchContext, BenchRow } from './registry.js';
import { makeSandbox, type Sandbox } from './server-process.js';
import { median, ms } from './stats.js';

const INITIALIZE = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } } })}\n`;
const ECHO = "process.stdin.once('data', (d) => { process.stdout.write(d); process.exit(0); })";

/** Milliseconds from spawn to the first stdout line (or to exit, with `untilExit`). */
function timeSpawn(args: string[], sandbox: Sandbox, untilExit = false, node = process.execPath): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, args, { cwd: sandbox.workspace, env: sandbox.env, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: no answer within 10 s`));
    }, 10_000);
    let out = '';
    let done = false;
    const finish = (t: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(t);
    };
    child.on('error', reject);
    if (untilExit) {
      child.on('exit', () => finish(performance.now() - t0));
      return;
    }
    child.stdin.on('error', () => undefined);
    child.stdin.write(INITIALIZE);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        finish(performance.now() - t0);
        if (!out.includes('"result"')) reject(new Error(`unexpected answer: ${out.slice(0, 200)}`));
        child.kill('SIGTERM');
      }
    });
  });
}

export async function benchColdStart(ctx: BenchContext): Promise<BenchRow[]> {
  const sandbox = makeSandbox();
  try {
    const runs = ctx.quick ? 5 : 15;
    const serve: number[] = [];
    const bare: number[] = [];
    const echo: number[] = [];
    await timeSpawn([ctx.cli, 'serve'], sandbox); // first run: file cache, compile cache (Node ≥ 22.1)
    for (let k = 0; k < runs; k++) {
      serve.push(await timeSpawn([ctx.cli, 'serve'], sandbox));
      bare.push(await timeSpawn(['-e', '0'], sandbox, true));
      echo.push(await timeSpawn(['-e', ECHO], sandbox));
    }
    const s = median(serve);
    const rows: BenchRow[] = [
      { name: `serve → initialize answered, median of ${runs} (fastest)`, value: `${ms(s)} (${ms(Math.min(...serve))})`, target: '≤ 150 ms', met: s <= 150 },
      { name: '  baseline: node -e 0 (spawn to exit), median (fastest)', value: `${ms(median(bare))} (${ms(Math.min(...bare))})` },
      { name: '  baseline: node echoing one stdin line, median (fastest)', value: `${ms(median(echo))} (${ms(Math.min(...echo))})` },
      { name: '  Switchyard’s own start-up (serve − echo baseline)', value: ms(s - median(echo)) },
    ];
    const alt = ctx.altNode;
    if (alt) {
      const version = execFileSync(alt, ['--version'], { encoding: 'utf8' }).trim();
      await timeSpawn([ctx.cli, 'serve'], sandbox, false, alt); // fills the compile cache where there is one
      const altServe: number[] = [];
      const altEcho: number[] = [];
      for (let k = 0; k < runs; k++) {
        altServe.push(await timeSpawn([ctx.cli, 'serve'], sandbox, false, alt));
        altEcho.push(await timeSpawn(['-e', ECHO], sandbox, false, alt));
      }
      rows.push({ name: `serve → initialize answered with Node ${version} (compile cache), median (fastest)`, value: `${ms(median(altServe))} (${ms(Math.min(...altServe))})`, target: '≤ 150 ms', met: median(altServe) <= 150 });
      rows.push({ name: `  baseline: Node ${version} echoing one stdin line, median (fastest)`, value: `${ms(median(altEcho))} (${ms(Math.min(...altEcho))})` });
    }
    return rows;
  } finally {
    sandbox.remove();
  }
}
