/**
 * `npm run bench`: builds, then runs every benchmark in `registry.ts` and prints a table of figures against their
 * targets. Everything runs on this machine over loopback; each benchmark stops by itself.
 *
 *   node dist/bench.js [--only a,b,...] [--cli PATH] [--node PATH] [--quick] [--markdown] [--json FILE]
 *
 * `--cli` points the process benchmarks at another build of the CLI (default `dist/cli.js`), e.g. a private one;
 * `--node` adds a cold start with another Node binary (e.g. Node ≥ 22.1, which has the compile cache).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARKS, type BenchContext, type BenchRow } from './registry.js';

interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  platform: string;
  date: string;
  load: string;
}

function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function table(rows: { group: string; row: BenchRow }[], markdown: boolean): string {
  const cells = rows.map(({ group, row }) => [group, row.name, row.value, row.target ?? '', row.met === undefined ? '' : row.met ? 'yes' : 'NO']);
  const head = ['', 'measure', 'value', 'target', 'met'];
  if (markdown) {
    return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...cells.map((c) => `| ${c.join(' | ')} |`)].join('\n');
  }
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      cli: { type: 'string' },
      quick: { type: 'boolean' },
      markdown: { type: 'boolean' },
      json: { type: 'string' },
      node: { type: 'string' },
    },
  });
  const root = process.cwd();
  const ctx: BenchContext = {
    root,
    cli: path.resolve(root, values.cli ?? 'dist/cli.js'),
    quick: values.quick ?? false,
    ...(values.node ? { altNode: path.resolve(values.node) } : {}),
    log: (m) => process.stderr.write(`  ${m}\n`),
  };
  const only = values.only?.split(',').map((s) => s.trim());
  const entries = BENCHMARKS.filter((b) => !only || only.includes(b.id));
  const m = machine();
  process.stdout.write(`Switchyard benchmarks — ${m.date}\n${m.cpu}, ${m.cores} cores, ${m.memory} RAM, ${m.platform}, Node ${m.node}; load average ${m.load}\n\n`);

  const rows: { group: string; row: BenchRow }[] = [];
  const started = performance.now();
  for (const entry of entries) {
    process.stderr.write(`${entry.title}…\n`);
    if (entry.needsCli && !existsSync(ctx.cli)) {
      rows.push({ group: entry.id, row: { name: entry.title, value: `skipped: ${path.relative(root, ctx.cli)} not built` } });
      continue;
    }
    const t0 = performance.now();
    try {
      for (const row of await entry.run(ctx)) rows.push({ group: entry.id, row });
    } catch (error) {
      rows.push({ group: entry.id, row: { name: entry.title, value: `failed: ${error instanceof Error ? error.message : String(error)}` } });
    }
    process.stderr.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    (globalThis as { gc?: () => void }).gc?.();
  }
  process.stdout.write(`${table(rows, values.markdown ?? false)}\n\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ machine: m, rows }, null, 2));
  return rows.some(({ row }) => row.value.startsWith('failed')) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
