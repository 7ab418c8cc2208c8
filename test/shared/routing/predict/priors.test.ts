import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../../shared/catalog/catalog.js';
import { detectTask } from '../../../../shared/routing/detect-task.js';
import { defaultPredictor } from '../../../../shared/routing/predict/index.js';
import {
  COMPETITIVE_SHIFT,
  FACTUAL_SHIFT,
  GREETING_SHIFT,
  JUDGEMENT_SHIFT,
  LONG_ANSWER_SHIFT,
  PROOF_SHIFT,
  SINGLE_FUNCTION_SHIFT,
  SOFTWARE_SCOPE_SHIFT,
  TRANSFORM_SHIFT,
  UNIVERSITY_SHIFT,
  difficultyPrior,
} from '../../../../shared/routing/predict/priors.js';

/** Hand-written prompts outside ZeroEval (never used to set a constant). */
const PROMPTS = {
  greeting: 'Hi! How are you today?',
  factual: 'What is the capital of Australia?',
  story: 'Write a short story about a lighthouse keeper who befriends a seagull.',
  olympiad: 'Find all functions f: R -> R such that f(x + f(y)) = f(x) + y for all real numbers x and y, and prove that your answer is complete. Give a rigorous proof.',
  algorithmic:
    'Given an array of n ≤ 2·10^5 integers and q ≤ 2·10^5 queries, each asking for the number of distinct values in a[l..r] after range updates, design an O((n+q) log n) algorithm and implement it in C++. Time limit 2 seconds, memory limit 256 MB. The first line contains n and q.',
  simpleFunction: 'Write a Python function that returns the sum of a list of numbers.',
  lockFree: 'Implement a lock-free concurrent hash map in C++ with correct memory ordering.',
  billing: 'Design the architecture and database schema for a multi-tenant SaaS billing system with usage-based pricing.',
  sentiment: 'Classify the sentiment of this review as positive or negative: "The battery died after two days."',
  permutation: 'What is the order of the element (1 2 3)(4 5) in the symmetric group S_5?',
  wordProblem: 'A group of 5 friends shares 20 apples equally on a field trip. How many apples does each friend get?',
  essay: 'Compare Keynesian and Hayekian views of the 1930s depression, critically assess the evidence, with citations.',
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

  it('leaves greetings and short transformations near-certain for both', () => {
    for (const text of [PROMPTS.greeting, PROMPTS.sentiment]) {
      // SST-2-style sentiment: 8B models score about 90 %
      expect(defaultPredictor.success(profile(text), weak)).toBeGreaterThan(0.88);
      expect(defaultPredictor.success(profile(text), flagship)).toBeGreaterThan(0.97);
    }
  });

  it('gives a single short function about HumanEval odds: likely for an 8B model, near-certain for a flagship', () => {
    const p = profile(PROMPTS.simpleFunction);
    expect(defaultPredictor.success(p, weak)).toBeGreaterThan(0.6);
    expect(defaultPredictor.success(p, weak)).toBeLessThan(0.85);
    expect(defaultPredictor.success(p, flagship)).toBeGreaterThan(0.95);
  });

  it('rates system-scale software work (concurrency, architecture) far harder than one function, though neither has code', () => {
    const easy = profile(PROMPTS.simpleFunction);
    for (const text of [PROMPTS.lockFree, PROMPTS.billing]) {
      const hard = profile(text);
      expect(hard.category).toBe('coding');
      expect(hard.difficulty - easy.difficulty).toBeGreaterThan(0.4);
      expect(defaultPredictor.success(hard, weak)).toBeLessThan(0.3);
      expect(defaultPredictor.success(hard, flagship) - defaultPredictor.success(hard, weak)).toBeGreaterThan(0.5);
    }
  });

  it('rates an open question that asks for judgement and sources harder than classifying a sentence', () => {
    expect(profile(PROMPTS.essay).difficulty - profile(PROMPTS.sentiment).difficulty).toBeGreaterThan(0.4);
  });

  it('applies each rule as documented, and nothing to ordinary word problems', () => {
    expect(difficultyPrior(PROMPTS.greeting, 'overall')).toBe(GREETING_SHIFT);
    expect(difficultyPrior(PROMPTS.factual, 'overall')).toBe(FACTUAL_SHIFT);
    expect(difficultyPrior(PROMPTS.olympiad, "math")).toBeGreaterThan(2);
    expect(difficultyPrior(PROMPTS.algorithmic, 'coding')).toBe(3 * COMPETITIVE_SHIFT); // four signals, capped at three
    expect(difficultyPrior('Tom has 3 apples and buys 2 more. How many apples does he have now?', 'math')).toBe(0);
    expect(difficultyPrior('What is the smallest positive integer n such that 3n is a perfect square?', 'math')).toBe(0);
    expect(difficultyPrior('Hello, can you prove that there are infinitely many primes?', 'math')).toBeGreaterThan(0);
    // a greeting before a request does not make the request a greeting
    expect(difficultyPrior('thanks a lot!', 'overall')).toBe(GREETING_SHIFT);
    expect(difficultyPrior('Hi, what is the integral of sec^3 x?', 'math')).toBe(0);
    expect(difficultyPrior('Hey, can you explain how TCP congestion control works?', 'overall')).toBe(0);
  });

  it('applies the priors-3 rules as documented, each only where it is meant to', () => {
    expect(difficultyPrior(PROMPTS.lockFree, 'coding')).toBe(SOFTWARE_SCOPE_SHIFT);
    expect(difficultyPrior(PROMPTS.billing, 'coding')).toBe(SOFTWARE_SCOPE_SHIFT);
    expect(difficultyPrior('Review this code for security vulnerabilities and race conditions, then plan its migration to a microservices architecture.', 'coding')).toBe(2 * SOFTWARE_SCOPE_SHIFT);
    expect(difficultyPrior('A distributed network has 5 nodes; how many links connect every pair?', 'math')).toBe(0);
    // a complexity target alone is a textbook exercise; beside another contest signal it counts as one more
    expect(difficultyPrior('Write a TypeScript function that merges two sorted arrays in O(n).', 'coding')).toBe(SINGLE_FUNCTION_SHIFT);
    expect(difficultyPrior('Given n ≤ 10^5 points, count the pairs in O(n log n).', 'coding')).toBe(2 * COMPETITIVE_SHIFT);
    expect(difficultyPrior(PROMPTS.simpleFunction, 'coding')).toBe(SINGLE_FUNCTION_SHIFT);
    expect(difficultyPrior(`${PROMPTS.simpleFunction}\n\`\`\`py\ndef f(xs): pass\n\`\`\``, 'coding')).toBe(0);
    const report = (words: string) => difficultyPrior(`Write a ${words}-word report on the history of the printing press.`, 'creative');
    expect(report('4,000') - report('2,000')).toBeCloseTo(LONG_ANSWER_SHIFT, 2); // per doubling
    expect(report('2,000')).toBeGreaterThan(0);
    expect(report('50,000')).toBe(4 * LONG_ANSWER_SHIFT); // at most
    expect(report('300')).toBe(0);
    expect(difficultyPrior('Her 3,000-word essay takes 5 hours to write. How many words per hour is that?', 'math')).toBe(0);
    expect(difficultyPrior(PROMPTS.essay, 'overall')).toBe(2 * JUDGEMENT_SHIFT);
    expect(difficultyPrior('Assess whether x = 3 solves 2x + 1 = 7, in depth.', 'math')).toBe(0);
    expect(difficultyPrior(PROMPTS.sentiment, 'overall')).toBe(TRANSFORM_SHIFT);
    expect(difficultyPrior('Translate "Where is the train station?" into German.', 'overall')).toBe(TRANSFORM_SHIFT);
    expect(difficultyPrior('Translate this 2,000-word contract into German and assess its legal risks in depth.', 'overall')).toBeGreaterThan(0);
  });

  it('rates a plain-text university algebra question far harder than a grade-school word problem of the same length, whatever task it is detected as', () => {
    const college = profile(PROMPTS.permutation);
    const school = profile(PROMPTS.wordProblem);
    expect(school.category).toBe('math');
    expect(college.difficulty - school.difficulty).toBeGreaterThan(0.2);
    expect(defaultPredictor.success(college, weak)).toBeLessThan(defaultPredictor.success(school, weak) - 0.15);
  });

  it('applies the priors-4 university rule to each field, in every category, and not to everyday words', () => {
    expect(difficultyPrior(PROMPTS.permutation, 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Is every eigenvalue of a real symmetric matrix real?', 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Does the Fourier series of a continuous function converge uniformly?', 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Why is the angular momentum of a planet conserved?', 'overall')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Explain the bias-variance trade-off in one paragraph.', 'overall')).toBe(UNIVERSITY_SHIFT + JUDGEMENT_SHIFT);
    expect(difficultyPrior('Compute the VC dimension of intervals on the line and prove it.', 'math')).toBe(UNIVERSITY_SHIFT + PROOF_SHIFT);
    // several fields count once
    expect(difficultyPrior('Find the eigenvalues of the Hamiltonian of a quantum harmonic oscillator.', 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior(PROMPTS.wordProblem, 'math')).toBe(0);
    expect(difficultyPrior('What is the binding energy released in nuclear fission of uranium-235?', 'math')).toBe(UNIVERSITY_SHIFT);
    // the nuclear family and arms treaties are not physics
    expect(difficultyPrior('Summarize the main nuclear arms control treaties since 1970.', 'overall')).toBe(0);
    expect(difficultyPrior('What does the term nuclear family mean in sociology?', 'overall')).toBe(FACTUAL_SHIFT);
    expect(difficultyPrior('The ring costs $40 and the necklace $25. She buys 2 rings; what is the total?', 'math')).toBe(0);
    expect(difficultyPrior('In Z_5, what is 3 + 4?', 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Set x_1 = 3 and Z_total = 2; what is x_1 + Z_total?', 'math')).toBe(0);
  });

  it('does not rate an introductory explanation of a university topic as a university problem (priors-5)', () => {
    // "explain a Markov chain to a high-school student" took the university shift and went to a thinking flagship
    for (const text of [
      'Explain a Markov chain to a high-school student.',
      'Explain eigenvalues in simple terms.',
      'What is quantum entanglement? Explain like I am five.',
      'Describe gradient descent for beginners.',
      'Give me the intuition behind the Fourier transform.',
    ]) {
      expect(difficultyPrior(text, 'overall'), text).toBeLessThan(UNIVERSITY_SHIFT);
    }
    // the same subjects asked as problems keep it, and so does a proof asked for simply
    expect(difficultyPrior('Find the stationary distribution of the Markov chain with transition matrix [[0.9, 0.1], [0.5, 0.5]].', 'math')).toBe(UNIVERSITY_SHIFT);
    expect(difficultyPrior('Prove simply that every finite integral domain is a field.', 'math')).toBe(UNIVERSITY_SHIFT + PROOF_SHIFT);
  });
});
