import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../shared/catalog/catalog.js';
import { detectTask } from '../../../../shared/routing/detect-task.js';
import { defaultPredictor } from '../../../../shared/routing/predict/index.js';
import { FACTUAL_SHIFT, GREETING_SHIFT, difficultyPrior } from '../../../../shared/routing/predict/priors.js';

/** Hand-written prompts outside ZeroEval (never used to set a constant). */
const PROMPTS = {
  greeting: 'Hi! How are you today?',
  factual: 'What is the capital of Australia?',
  story: 'Write a short story about a lighthouse keeper who befriends a seagull.',
  olympiad: 'Find all functions f: R -> R such that f(x + f(y)) = f(x) + y for all real numbers x and y, and prove that your answer is complete. Give a rigorous proof.',
  algorithmic:
    'Given an array of n ≤ 2·10^5 integers and q ≤ 2·10^5 queries, each asking for the number of distinct values in a[l..r] after range updates, design an O((n+q) log n) algorithm and implement it in C++. Time limit 2 seconds, memory limit 256 MB. The first line contains n and q.',
  simpleFunction: 'Write a Python function that returns the sum of a list of numbers.',
};

const catalog = loadBundledCatalog();
const weak = catalog.get('meta-llama/llama-3.1-8b-instruct')!;
const flagship = catalog.get('anthropic/claude-opus-4-5')!;

function profile(text: string) {
  return defaultPredictor.profile(text, detectTask({ prompt: text }).task, Math.ceil(text.length / 4));
}

describe('difficulty priors (what ZeroEval cannot teach)', () => {
  it('rates an olympiad proof far harder than a greeting, a factual question or a simple function', () => {
    const hard = profile(PROMPTS.olympiad).difficulty;
    expect(hard).toBeGreaterThan(0.7);
    for (const easy of [PROMPTS.greeting, PROMPTS.factual, PROMPTS.simpleFunction]) expect(hard - profile(easy).difficulty).toBeGreaterThan(0.5);
    expect(profile(PROMPTS.algorithmic).difficulty).toBeGreaterThan(0.7);
  });

  it('gives llama-3.1-8b a low chance on the proof and the algorithmic task, well below claude-opus-4.5', () => {
    for (const text of [PROMPTS.olympiad, PROMPTS.algorithmic]) {
      const p = profile(text);
      const s8b = defaultPredictor.success(p, weak);
      const opus = defaultPredictor.success(p, flagship);
      expect(s8b).toBeLessThan(0.2);
      expect(opus - s8b).toBeGreaterThan(0.4);
    }
  });

  it('leaves greetings and simple requests near-certain for both', () => {
    for (const text of [PROMPTS.greeting, PROMPTS.simpleFunction]) {
      expect(defaultPredictor.success(profile(text), weak)).toBeGreaterThan(0.9);
      expect(defaultPredictor.success(profile(text), flagship)).toBeGreaterThan(0.97);
    }
  });

  it('applies each rule as documented, and nothing to ordinary word problems', () => {
    expect(difficultyPrior(PROMPTS.greeting, 'overall')).toBe(GREETING_SHIFT);
    expect(difficultyPrior(PROMPTS.factual, 'overall')).toBe(FACTUAL_SHIFT);
    expect(difficultyPrior(PROMPTS.olympiad, "math")).toBeGreaterThan(2);
    expect(difficultyPrior(PROMPTS.algorithmic, "coding")).toBeGreaterThan(1.5);
    expect(difficultyPrior('Tom has 3 apples and buys 2 more. How many apples does he have now?', 'math')).toBe(0);
    expect(difficultyPrior('What is the smallest positive integer n such that 3n is a perfect square?', 'math')).toBe(0);
    expect(difficultyPrior('Hello, can you prove that there are infinitely many primes?', 'math')).toBeGreaterThan(0);
  });
});
