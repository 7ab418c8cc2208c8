/**
 * The benchmarks `npm run bench` runs, in order. Each entry stops by itself (fixed iteration counts, plus its own
 * time limit where it waits on a process) and returns rows for the table: a name, a measured value, and optionally
 * the target it is held to and whether it met it.
 *
 * To add one, write `bench/<name>.bench.ts` exporting an async function that returns `BenchRow[]`, and append an
 * entry below. Reserved ids: (c) HTTP proxy overhead against a direct call and the Portkey gateway, (d) throughput
 * at concurrency 64, (e) streaming time to first token, (h) file-backed vs Redis-backed state.
 */
import { benchColdStart } from './cold-start.bench.js';
import { benchDetection } from './detection.bench.js';
import { benchHttpProxy } from './http-proxy.bench.js';
import { benchMemory } from './memory.bench.js';
import { benchPredict } from './predict.bench.js';
import { benchRouteInProcess } from './route.bench.js';
import { benchSharedState } from './shared-state.bench.js';
import { benchStdioRoundTrip } from './stdio.bench.js';

export interface BenchRow {
  name: string;
  value: string;
  /** The target, as text (e.g. "≤ 20 µs"). */
  target?: string;
  /** Whether the target was met (absent when there is no target). */
  met?: boolean;
}

export interface BenchContext {
  /** The project root (where package.json is). */
  root: string;
  /** The built CLI to spawn (default `dist/cli.js`; `--cli PATH` for a private build). */
  cli: string;
  /** Fewer iterations, for a quick look (`--quick`). */
  quick: boolean;
  /** Another Node binary for the cold start, e.g. Node ≥ 22.1 where the compile cache exists (`--node PATH`). */
  altNode?: string;
  /** Progress messages (stderr). */
  log(message: string): void;
}

export interface BenchEntry {
  /** Short id, used by `--only` (e.g. `a`, `b`, `detect`). */
  id: string;
  title: string;
  /** Spawns the built CLI (skipped with a note when it is missing). */
  needsCli?: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

export const BENCHMARKS: BenchEntry[] = [
  { id: 'a', title: '(a) route decision in-process, full catalog', run: benchRouteInProcess },
  { id: 'detect', title: 'task detection', run: benchDetection },
  { id: 'predict', title: 'success predictor: profile + 300 × success', run: benchPredict },
  { id: 'b', title: '(b) MCP route round trip over stdio', needsCli: true, run: benchStdioRoundTrip },
  { id: 'c', title: '(c)(d)(e) /v1/chat/completions through Switchyard and Portkey vs direct', needsCli: true, run: benchHttpProxy },
  { id: 'f', title: '(f) cold start to the first initialize answer', needsCli: true, run: benchColdStart },
  { id: 'g', title: '(g) peak RSS of the server after a workload', needsCli: true, run: benchMemory },
  { id: 'h', title: '(h) shared state: file-backed vs Redis on loopback, against a direct call', needsCli: true, run: benchSharedState },
];
