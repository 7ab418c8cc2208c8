import { describe, expect, it } from 'vitest';
import type { Model } from '../../../../shared/catalog/model.js';
import { BUILTIN_POLICIES } from '../../../../shared/policy/builtins.js';
import { defaultPredictor, describeTradeOff, pointsPerCostDecade, rankByUtility, utility } from '../../../../shared/routing/predict/index.js';

const balanced = BUILTIN_POLICIES.balanced!.preferences!;

function model(id: string, rating: number, tier: Model['tier']): Model {
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
    quality: { ratings: { overall: rating, math: rating, coding: rating }, source: 'arena', basis: 'test' },
    aliases: [],
    endpoints: [],
  };
}

const cheap = { model: model('test/small', 1250, 'mid'), costUsd: 0.00004 };
const strong = { model: model('test/large', 1310, 'flagship'), costUsd: 0.0006 };

function choose(text: string, inputTokens: number): string {
  const profile = defaultPredictor.profile(text, 'math', inputTokens);
  const outcomes = [cheap, strong].map((c) => ({ success: defaultPredictor.success(profile, c.model), costUsd: c.costUsd }));
  return [cheap, strong][rankByUtility(outcomes, balanced)[0]!]!.model.id;
}

describe('utility', () => {
  it('under balanced, sends an easy prompt to the cheap model and a hard one to the strong model', () => {
    expect(choose('Tom has 3 apples and buys 2 more. How many apples does he have now?', 25)).toBe('test/small');
    const hard =
      'Let $p(x)$ be a monic polynomial of degree 4 with integer coefficients such that $p(1)=17$. Find the least possible value of $\\left|\\frac{p(5)}{p(2)}\\right|$ where the roots satisfy $r_1^2 + r_2^2 = \\sqrt{3}$ and $x \\equiv 3 \\pmod{7}$ for every positive integer.';
    expect(choose(hard, 110)).toBe('test/large');
  });

  it('is scale-free: a 10× dearer candidate must add the same points at any price level', () => {
    const k = pointsPerCostDecade(balanced);
    for (const base of [1e-5, 1e-2, 1]) {
      const a = utility({ success: 0.5, costUsd: base }, balanced);
      const b = utility({ success: 0.5 + k / 100, costUsd: base * 10 }, balanced);
      expect(b).toBeCloseTo(a, 9);
    }
  });

  it('with minSuccess, picks the cheapest candidate meeting the target, else the most likely', () => {
    const cands = [
      { success: 0.95, costUsd: 0.01 },
      { success: 0.82, costUsd: 0.002 },
      { success: 0.6, costUsd: 0.0001 },
      { success: 0.85, costUsd: 0.004 },
    ];
    expect(rankByUtility(cands, { ...balanced, minSuccess: 0.8 })[0]).toBe(1);
    expect(rankByUtility(cands, { ...balanced, minSuccess: 0.9 })[0]).toBe(0);
    expect(rankByUtility(cands, { ...balanced, minSuccess: 0.99 })[0]).toBe(0);
  });

  it('with pricePerPoint, buys a point of success only when it costs less than that', () => {
    const cands = [
      { success: 0.8, costUsd: 0.001 },
      { success: 0.9, costUsd: 0.011 },
    ];
    expect(rankByUtility(cands, { pricePerPoint: 0.002 })[0]).toBe(1); // 10 points for $0.01: $0.001 a point
    expect(rankByUtility(cands, { pricePerPoint: 0.0005 })[0]).toBe(0);
  });

  it('explains the trade-off against the alternative that matters', () => {
    const mini = { id: 'gpt-4o-mini', success: 0.58, costUsd: 0.0003 };
    const sonnet = { id: 'claude-sonnet-4-5', success: 0.86, costUsd: 0.0043 };
    expect(describeTradeOff(0.71, sonnet, [mini, sonnet], 'balanced')).toBe(
      'predicted hard (difficulty 0.71): success 0.58 on gpt-4o-mini, 0.86 on claude-sonnet-4-5 — worth $0.004 more under balanced',
    );
    expect(describeTradeOff(0.2, mini, [mini, sonnet], 'cheapest')).toBe(
      'predicted easy (difficulty 0.20): success 0.58 on gpt-4o-mini, 0.86 on claude-sonnet-4-5 — not worth $0.004 more under cheapest',
    );
    // a more likely candidate that is also cheaper lost on rating or speed: never "not worth $-0.01 more"
    const pro = { id: 'gemini-3.1-pro', success: 0.89, costUsd: 0.0645 };
    const older = { id: 'gemini-2.5-pro', success: 0.8905, costUsd: 0.0538 };
    expect(describeTradeOff(0.76, pro, [pro, older], 'best')).toBe(
      'predicted hard (difficulty 0.76): success 0.89 on gemini-3.1-pro, 0.89 on gemini-2.5-pro — ranked higher under best on its rating or speed',
    );
  });
});
