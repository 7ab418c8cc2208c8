/**
 * The ceilings of `npm run eval` (`scripts/eval-ceiling.ts`): deterministic, and the multi-dimensional fit expresses
 * what one dimension cannot — three kinds of prompt, each answered by a different pair of models.
 */
import { describe, expect, it } from 'vitest';
import { privilegedSuccess, privilegedSuccessK, simulatedOutcomes } from '../../scripts/eval-ceiling.js';

// six models in three pairs, 60 prompts of one task in three kinds: each pair answers exactly one kind. Equal on
// average, and no single ordering of the models (not even with a sign-flipped discrimination) fits all three kinds
const score = Array.from({ length: 60 }, (_, p) => Float64Array.from([0, 1, 2, 3, 4, 5], (m) => (Math.floor(m / 2) === Math.floor(p / 20) ? 1 : 0)));
const task = score.map(() => 'math');

const logLoss = (s: Float64Array[]): number =>
  -s.reduce((sum, row, p) => sum + row.reduce((t, q, m) => t + (score[p]![m]! ? Math.log(q) : Math.log(1 - q)), 0), 0) / (s.length * 6);

describe('privileged ceilings', () => {
  it('the rank-K fit separates models that are strong on different prompts; the 1-D fit cannot', () => {
    const one = privilegedSuccess({ score, task });
    const multi = privilegedSuccessK({ score, task }, 2);
    expect(logLoss(multi)).toBeLessThan(logLoss(one) - 0.2);
    expect(multi[0]![0]!).toBeGreaterThan(multi[0]![2]!);
    expect(multi[30]![2]!).toBeGreaterThan(multi[30]![4]!);
    expect(multi[59]![4]!).toBeGreaterThan(multi[59]![0]!);
  });

  it('is deterministic, and so are the simulated outcomes of the null check', () => {
    expect(privilegedSuccessK({ score, task }, 2)).toEqual(privilegedSuccessK({ score, task }, 2));
    const p = privilegedSuccess({ score, task });
    const sim = simulatedOutcomes(p);
    expect(sim).toEqual(simulatedOutcomes(p));
    expect(sim.every((row) => row.every((y) => y === 0 || y === 1))).toBe(true);
  });
});
