/**
 * Estimates on small synthetic families whose right answer a reader can see: size, age and the figures fitted on the
 * rated models.
 */
import { describe, expect, it } from 'vitest';
import type { EstimateTarget, RatedModel } from '../../../shared/catalog/estimate.js';
import { calibrate, makeEstimator } from '../../../shared/catalog/estimate.js';
import { effectiveSize, lineOf, parameterCount } from '../../../shared/catalog/lines.js';

const rated = (id: string, family: string, version: number[], tier: RatedModel['tier'], overall: number, size?: number): RatedModel => {
  const r: RatedModel = { id, family, version, tier, vision: false, ratings: { overall } };
  if (size !== undefined) r.size = size;
  return r;
};
const target = (id: string, family: string, version: number[], tier: EstimateTarget['tier'], size?: number): EstimateTarget => {
  const t: EstimateTarget = { id, family, version, tier, vision: false };
  if (size !== undefined) t.size = size;
  return t;
};

describe('parameter counts from names', () => {
  it.each([
    ['qwen3-0.6b', { total: 0.6 }, 0.6],
    ['qwen3-1.7b', { total: 1.7 }, 1.7],
    ['llama-3.1-8b-instruct', { total: 8 }, 8],
    ['qwen3-32b', { total: 32 }, 32],
    ['llama-3.1-70b', { total: 70 }, 70],
    ['qwen3-235b-a22b-2507', { total: 235, active: 22 }, 71.9],
    ['mixtral-8x7b-instruct-v0.1', { total: 56 }, 56],
    ['qwen3-1p7b-fp8', { total: 1.7 }, 1.7],
    ['llama3:8b', { total: 8 }, 8],
  ])('%s → %j (effective %s)', (name, count, effective) => {
    expect(parameterCount(name)).toEqual(count);
    expect(effectiveSize(name)).toBe(effective);
  });

  it('a decimal size is not a version: qwen3-1.7b is qwen3, llama-3.1-8b is llama 3.1', () => {
    expect(lineOf('qwen3-1.7b').version).toEqual([3]);
    expect(lineOf('deepseek-r1-distill-qwen-1.5b').version).toEqual(lineOf('deepseek-r1-distill-qwen-7b').version);
    expect(lineOf('llama-3.1-8b-instruct').version).toEqual([3, 1]);
  });

  it('a model named after another base is that base retrained, a line of its own', () => {
    expect(lineOf('deepseek-r1-0528-qwen3-8b').family).toBe('deepseek-r-tuned');
    expect(lineOf('hermes-3-llama-3.1-70b').family).toBe('hermes-tuned');
    // the maker's own models, and its named lines, are unchanged
    expect(lineOf('deepseek-r1-0528').family).toBe('deepseek-r');
    // DeepSeek-R1 is only 671B: a smaller sized one is a distill (the generator's core spells sizes `8-b`)
    expect(lineOf('deepseek-r1-8b').family).toBe('deepseek-r-tuned');
    expect(lineOf('deepseek-r-1-8-b').family).toBe('deepseek-r-tuned');
    expect(lineOf('deepseek-r1-671b').family).toBe('deepseek-r');
    expect(lineOf('deepseek-r1-distill-llama-70b').family).toBe('deepseek-r-distill');
    expect(lineOf('qwen3-235b-a22b').family).toBe('qwen');
    expect(lineOf('llama-3.1-8b-instruct').family).toBe('llama-3.1');
    expect(lineOf('mistral-large-2411').family).toBe('mistral-large');
  });

  it("OpenAI's mini and nano are lines of their own", () => {
    expect(lineOf('gpt-5.4-nano')).toEqual({ family: 'gpt-5-nano', version: [5, 4] });
    expect(lineOf('gpt-5.4-mini')).toEqual({ family: 'gpt-5-mini', version: [5, 4] });
    expect(lineOf('gpt-5.4')).toEqual({ family: 'gpt-5', version: [5, 4] });
    expect(lineOf('gpt-4o-mini').family).toBe('gpt-4o-mini');
    expect(lineOf('o4-mini').family).toBe('o-series-mini');
    expect(lineOf('o3').family).toBe('o-series');
  });

  it('states no size for names without one, or with only the active part', () => {
    for (const name of ['claude-opus-4-5', 'gpt-4o', 'llama-4-maverick-17b-128e-instruct', 'gemma-4-e2b', 'qwen3-max']) expect(parameterCount(name), name).toBeUndefined();
  });
});

describe('calibration on rated pairs', () => {
  const pool = [
    rated('m/a-1-8b', 'a', [1], 'small', 1200, 8),
    rated('m/a-1-64b', 'a', [1], 'mid', 1260, 64),
    rated('m/b-1', 'b', [1], 'mid', 1300),
    rated('m/b-2', 'b', [2], 'mid', 1340),
    rated('m/b-3', 'b', [3], 'mid', 1360),
    rated('m/b-4', 'b', [4], 'mid', 1420),
  ];

  it('fits points per doubling from same-version pairs of different sizes, and version gaps from adjacent releases', () => {
    const c = calibrate(pool);
    expect(c.perDoubling).toBe(20); // 60 over 3 doublings
    expect(c.versionPairs).toHaveLength(3); // gaps 40, 20, 60
    expect(c.predecessorDecrement).toBe(40); // the median
    expect(c.successorUplift).toBe(20); // the 25th percentile
  });

  it('a smaller model is lowered per halving; an older one by the decrement; a newer one raised by the uplift, capped', () => {
    const est = makeEstimator(pool, {}, { lineup: [target('m/b-5', 'b', [5], 'mid'), target('m/b-6', 'b', [6], 'mid')] });
    const small = est.estimate(target('m/a-1-2b', 'a', [1], 'small', 2));
    expect(small.ratings.overall).toBe(1160); // 1200 − 2 halvings × 20
    expect(small.basis).toMatch(/lowered by 40 for 2B against 8B \(2 halvings × 20 per doubling\)/);
    const older = est.estimate(target('m/b-0', 'b', [0], 'mid'));
    expect(older.ratings.overall).toBe(1260); // 1300 − 40
    expect(older.basis).toMatch(/successor.*lowered by 40 for 1 version step before it/);
    const next = est.estimate(target('m/b-5', 'b', [5], 'mid'));
    expect(next.ratings.overall).toBe(1430); // capped: 10 above the best rated model (1420), not 1440
    expect(next.basis).toMatch(/raised by 10 for 1 version step after it \(20 per step, capped at an overall 1430/);
    expect(est.estimate(target('m/b-6', 'b', [6], 'mid')).ratings.overall).toBe(1430);
  });

  it('with no relative, a small stated size lowers the tier default', () => {
    const est = makeEstimator(pool, {});
    const lone = est.estimate(target('x/lone-2b', 'lone', [], 'small', 2));
    const unsized = est.estimate(target('x/lone', 'lone', [], 'small'));
    expect((unsized.ratings.overall ?? 0) - (lone.ratings.overall ?? 0)).toBe(40); // 2 halvings below a typical 8B
  });
});

describe('sizes that name the same weights', () => {
  it('a total-only name beside a mixture of experts of that total is the same size, not a bigger model', () => {
    const moe: RatedModel = { ...rated('q/q3-235b-a22b', 'q', [3], 'flagship', 1400, 71.9), total: 235, moe: true };
    const est = makeEstimator([moe], {});
    const same = est.estimate({ ...target('q/q-3-235b', 'q', [3], 'flagship', 235), total: 235 });
    expect(same.ratings.overall).toBe(1400);
    expect(same.basis).toMatch(/the same size \(235B total\)/);
  });

  it('an estimate raised for its tier stays under the cap', () => {
    const pool = [rated('d/v-2', 'v', [2], 'small', 1460), rated('d/v-3', 'v', [3], 'small', 1480), rated('x/top', 'x', [1], 'flagship', 1530)];
    const est = makeEstimator(pool, {});
    const pro = est.estimate(target('d/v-4-pro', 'v', [4], 'flagship'));
    // 1480 + 80 for two tiers would be 1560: capped at the family's best plus one uplift step (20, fitted on v-2 → v-3).
    expect(pro.ratings.overall).toBe(1500);
    expect(pro.basis).toMatch(/capped at an overall 1500: d\/v-3, the best rated model of its family, plus 1 step of 20/);
  });
});
