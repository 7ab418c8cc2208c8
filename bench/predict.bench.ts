/**
 * The success predictor: `profile` on short prompts, then `success` for 300 candidate models (a routing step's
 * work) one by one and through `successes` in one pass, with the bundled weights. Targets: profile well under
 * 100 µs for a short prompt; success microseconds.
 */
import type { Model } from '../shared/catalog/model.js';
import { defaultPredictor } from '../shared/routing/predict/index.js';
import { shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { nowUs, summarize, us } from './stats.js';

function candidates(n: number): Model[] {
  return Array.from({ length: n }, (_, i) => {
    const r = 1100 + (i * 7) % 350;
    return {
      id: `bench/model-${i}`,
      maker: 'bench',
      name: `model-${i}`,
      family: 'bench',
      tier: i % 3 === 0 ? 'flagship' : i % 3 === 1 ? 'mid' : 'small',
      capabilities: [],
      inputModalities: ['text'],
      reasoning: i % 5 === 0,
      contextWindow: 128_000,
      maxOutputTokens: 8_192,
      quality: { ratings: { overall: r, coding: r + 5, math: r - 5 }, source: i % 4 === 0 ? 'estimated' : 'arena', basis: 'bench' },
      aliases: [],
      endpoints: [],
    };
  });
}

export async function benchPredict(ctx: BenchContext): Promise<BenchRow[]> {
  const prompts = shortPrompts();
  const models = candidates(300);
  const n = ctx.quick ? 2_000 : 20_000;
  const profileUs = new Array<number>(n);
  const successUs = new Array<number>(n);
  const batchUs = new Array<number>(n);
  let sink = 0;
  for (let k = 0; k < n + 500; k++) {
    const text = prompts[k % prompts.length] as string;
    const t0 = nowUs();
    const profile = defaultPredictor.profile(text, k % 2 === 0 ? 'coding' : 'math', Math.ceil(text.length / 4));
    const t1 = nowUs();
    for (const m of models) sink += defaultPredictor.success(profile, m);
    const t2 = nowUs();
    sink += defaultPredictor.successes(profile, models)[k % models.length]!;
    const t3 = nowUs();
    if (k >= 500) {
      profileUs[k - 500] = t1 - t0;
      successUs[k - 500] = t2 - t1;
      batchUs[k - 500] = t3 - t2;
    }
  }
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  const p = summarize(profileUs);
  const s = summarize(successUs);
  const b = summarize(batchUs);
  return [
    { name: `predictor profile (short prompts, ${prompts.length} distinct): p50 / p99`, value: `${us(p.p50)} / ${us(p.p99)}`, target: 'p50 < 100 µs', met: p.p50 < 100 },
    { name: 'predictor success × 300 models: p50 / p99', value: `${us(s.p50)} / ${us(s.p99)}` },
    { name: 'predictor successes for the same 300 models in one pass (what routing calls): p50 / p99', value: `${us(b.p50)} / ${us(b.p99)}` },
  ];
}
