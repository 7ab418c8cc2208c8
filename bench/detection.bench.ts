/** Task detection: the 10 KB benchmark from detect-task.bench.ts, and the short labelled prompts. */
import { detectTask } from '../shared/routing/detect-task.js';
import { benchDetectTask } from './detect-task.bench.js';
import { shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { nowUs, summarize, us } from './stats.js';

export async function benchDetection(ctx: BenchContext): Promise<BenchRow[]> {
  const long = await benchDetectTask();
  const prompts = shortPrompts();
  let sink = 0;
  for (let k = 0; k < 2000; k++) sink += detectTask({ prompt: prompts[k % prompts.length] as string }).confidence;
  const n = ctx.quick ? 2000 : 20_000;
  const samples = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const input = { prompt: prompts[k % prompts.length] as string };
    const t0 = nowUs();
    sink += detectTask(input).confidence;
    samples[k] = nowUs() - t0;
  }
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  const s = summarize(samples);
  return [
    { name: `${long.name}: p50 / p99`, value: `${us(long.p50Us)} / ${us(long.p99Us)}`, target: 'p50 < 1 ms', met: long.p50Us < 1000 },
    { name: `detectTask (short prompts, ${prompts.length} distinct): p50 / p99`, value: `${us(s.p50)} / ${us(s.p99)}` },
  ];
}
