import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../shared/catalog/catalog.js';
import type { Model, Quality } from '../../../../shared/catalog/model.js';
import { defaultPredictor, predictorFrom } from '../../../../shared/routing/predict/index.js';
import { UNTRAINED_CATEGORY, type IrtProfile } from '../../../../shared/routing/predict/predictor.js';
import { train } from '../../../../shared/routing/predict/train.js';
import { loadCatalogData, loadZeroEval, predictorInput, zeroEvalModels } from '../../../../scripts/router-data.js';
import { trainingSet } from '../../../../scripts/train-router.js';

const FORMAT =
  '\n\n## Instruction \n\nPlease answer this question by first reasoning and then providing your answer.\nPresent your reasoning and solution in the following json format. \n';
const GRADE_SCHOOL = `\n## Question: \n\nTom has 3 apples and buys 2 more. How many apples does he have now?\n${FORMAT}`;
const COMPETITION = `\n## Question: \n\nLet $p(x)$ be a monic polynomial of degree 4 with integer coefficients such that $p(1)=17$ and $p(x) \\equiv 0 \\pmod{7}$ for every positive integer $x$. Find the least possible value of $\\left|\\frac{p(5)}{p(2)}\\right|$, where the roots $r_1, r_2, r_3, r_4$ satisfy $r_1^2 + r_2^2 = \\sqrt{3}$.\n${FORMAT}`;

/** A model no training data has seen: evidence only. */
function unseen(id: string, rating: number, tier: Model['tier'] = 'mid'): Model {
  const ratings: Quality = { overall: rating, math: rating, coding: rating };
  return {
    id,
    maker: 'test',
    name: id,
    family: id,
    tier,
    capabilities: [],
    inputModalities: ['text'],
    reasoning: false,
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    quality: { ratings, source: 'arena', basis: 'test' },
    aliases: [],
    endpoints: [],
  };
}

describe('success predictor', () => {
  it('rates a level-5 competition problem harder than a one-step grade-school problem', () => {
    const easy = defaultPredictor.profile(GRADE_SCHOOL, 'math', 60);
    const hard = defaultPredictor.profile(COMPETITION, 'math', 150);
    expect(hard.difficulty).toBeGreaterThan(easy.difficulty);
    expect(hard.category).toBe('math');
  });

  it('gives a higher success to a model rated higher in the category', () => {
    const profile = defaultPredictor.profile(COMPETITION, 'math', 150);
    const weak = defaultPredictor.success(profile, unseen('test/weak', 1150));
    const strong = defaultPredictor.success(profile, unseen('test/strong', 1320));
    expect(strong).toBeGreaterThan(weak);
    // the coding rating decides a coding prompt: same overall, different coding rating
    const code = defaultPredictor.profile('def f(xs):\n    return [x * 2 for x in xs]\nassert f([1, 2]) == ??', 'coding', 40);
    const coder = unseen('test/coder', 1250);
    coder.quality.ratings.coding = 1330;
    expect(defaultPredictor.success(code, coder)).toBeGreaterThan(defaultPredictor.success(code, unseen('test/plain', 1250)));
  });

  it('predicts an unseen model between the weakest and strongest seen ones when its rating is between theirs', () => {
    const seen = zeroEvalModels(loadZeroEval(), loadCatalogData()).filter((m) => m.quality.source === 'arena');
    for (const [text, task] of [
      [COMPETITION, 'math'],
      [GRADE_SCHOOL, 'math'],
    ] as const) {
      const profile = defaultPredictor.profile(text, task, 100);
      const byRating = [...seen].sort((a, b) => (a.quality.ratings.math ?? 0) - (b.quality.ratings.math ?? 0));
      const lo = byRating[0]!;
      const hi = byRating[byRating.length - 1]!;
      const mid = unseen('test/between', ((lo.quality.ratings.math ?? 0) + (hi.quality.ratings.math ?? 0)) / 2);
      mid.quality.ratings.overall = ((lo.quality.ratings.overall ?? 0) + (hi.quality.ratings.overall ?? 0)) / 2;
      const s = seen.map((m) => defaultPredictor.success(profile, m));
      const p = defaultPredictor.success(profile, mid);
      expect(p).toBeGreaterThan(Math.min(...s));
      expect(p).toBeLessThan(Math.max(...s));
    }
  });

  it('gives a list of models, seen and unseen, the same successes one by one and in one pass', () => {
    const models = [...loadBundledCatalog().all().slice(0, 200), unseen('test/x', 1250)];
    for (const [text, task] of [[GRADE_SCHOOL, 'math'], [COMPETITION, 'math'], ['Write a haiku about rain.', 'creative']] as const) {
      const profile = defaultPredictor.profile(text, task, 60);
      expect([...defaultPredictor.successes(profile, models)]).toEqual(models.map((m) => defaultPredictor.success(profile, m)));
    }
  });

  it('bounds each group of a list by its best member, learned terms and thinking included', () => {
    const catalog = loadBundledCatalog().all();
    // the catalog's models with learned weights (ZeroEval's), models that think by default and models that do not
    const models = [...catalog.slice(0, 300), ...zeroEvalModels(loadZeroEval(), loadCatalogData()), unseen('test/x', 1250)];
    const groups = [...Array(40).keys()].map((g) => Int32Array.from(models.keys()).filter((i) => (i * 7 + g) % 40 === 0));
    groups.push(Int32Array.from([models.length - 1]), Int32Array.from(models.keys()));
    expect(models.some((m) => m.reasoning) && models.some((m) => !m.reasoning)).toBe(true);
    for (const [text, task] of [[GRADE_SCHOOL, 'math'], [COMPETITION, 'math'], ['Write a haiku about rain.', 'creative']] as const) {
      for (const thinking of [undefined, 'on', 'off'] as const) {
        const profile = { ...defaultPredictor.profile(text, task, 60), ...(thinking ? { thinking } : {}) };
        const ceilings = defaultPredictor.successCeilings(profile, models, groups);
        groups.forEach((members, g) => {
          const each = defaultPredictor.successes(profile, models, members);
          expect([...each]).toEqual([...members].map((i) => defaultPredictor.success(profile, models[i]!)));
          // the ceiling is reached by a member: it is the group's best, not merely above it
          expect(ceilings[g]).toBe(Math.max(...each));
        });
      }
    }
  });

  it('loads the bundled weights with their provenance and gives probabilities in (0, 1)', () => {
    const w = defaultPredictor.weights;
    expect(w.source).toMatch(/ZeroEval/);
    expect(w.trainedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(w.data.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(w.featureSpec.dense.length).toBeGreaterThan(10);
    const profiles = [defaultPredictor.profile(GRADE_SCHOOL, 'math', 60), defaultPredictor.profile(COMPETITION, 'math', 150), defaultPredictor.profile('hi', 'general', 1)];
    const models = [...zeroEvalModels(loadZeroEval(), loadCatalogData()), unseen('test/great', 1700, 'flagship'), unseen('test/poor', 800, 'small')];
    for (const profile of profiles) {
      for (const m of models) {
        const s = defaultPredictor.success(profile, m);
        expect(s).toBeGreaterThan(0);
        expect(s).toBeLessThan(1);
      }
    }
  });

  it('shrinks estimated evidence toward the tier prior', () => {
    const profile = defaultPredictor.profile(COMPETITION, 'math', 150);
    const rated = unseen('test/rated', 1350, 'small');
    const estimated = unseen('test/estimated', 1350, 'small');
    estimated.quality.source = 'estimated';
    expect(defaultPredictor.success(profile, estimated)).toBeLessThan(defaultPredictor.success(profile, rated));
  });

  it('does not extrapolate the learned part to a prompt unlike every training prompt of its category', () => {
    // every coding prompt in the training data (CRUXEval) has code; a request with none is outside their range
    const request = 'Implement a lock-free concurrent hash map in C++ with correct memory ordering.';
    const guarded = predictorFrom(defaultPredictor.weights).profile(request, 'coding', 20) as IrtProfile;
    expect(guarded.unlikeTraining).toMatch(/^(?:inputTokens|words|code)\./);
    const cal = defaultPredictor.weights.calibration!.coding!;
    const withoutRange = structuredClone(defaultPredictor.weights);
    delete withoutRange.calibration!.coding!.support;
    const extrapolated = predictorFrom(withoutRange).profile(request, 'coding', 20) as IrtProfile;
    expect(extrapolated.unlikeTraining).toBeUndefined();
    // the learned part alone calls it far easier than the average training prompt; guarded it starts from the task's
    // difficulty, plus the wording priors (the same in both)
    expect(guarded.rawDifficulty - extrapolated.rawDifficulty).toBeGreaterThan(1);
    expect(extrapolated.rawDifficulty - cal.difficulty).toBeLessThan(guarded.rawDifficulty - cal.difficulty);
    // a prompt like the training ones (code given, output asked for) is inside the range and keeps its learned part
    const first = loadZeroEval().prompts.find((p) => p.task === 'crux')!;
    const { text, inputTokens } = predictorInput(first);
    const crux = defaultPredictor.profile(text, 'coding', inputTokens);
    expect(crux.unlikeTraining).toBeUndefined();
    // a category with no training prompt at all (the bundled weights learned from math and code only)
    expect(defaultPredictor.profile('Write a haiku about autumn.', 'creative', 8).unlikeTraining).toBe(UNTRAINED_CATEGORY);
  });

  it('trains deterministically: two runs on the same slice give identical weights', () => {
    const data = loadZeroEval();
    const indices = [...data.prompts.keys()].filter((i) => i % 71 === 0);
    const set = trainingSet(data, loadCatalogData(), indices);
    const meta = { source: 'test', trainedAt: '2026-01-01', data: { file: 'x', repo: 'x', commit: 'x', prompts: indices.length, models: 21, split: 'test' } };
    const a = train(set, meta, { iterations: 30 });
    const b = train(set, meta, { iterations: 30 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    // and the result is a working predictor
    const p = predictorFrom(a);
    const s = p.success(p.profile(GRADE_SCHOOL, 'math', 60), set.models[0]!);
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1);
  });
});
