import { describe, expect, it } from 'vitest';
import { codeTokensIn, forecastOutput, modelOutputTokens, type ForecastInput } from '../../../shared/routing/forecast.js';

const base = (request: string, extra: Partial<ForecastInput> = {}): ForecastInput => ({ request, task: 'general', inputTokens: 20, codeTokens: 0, difficulty: 0.3, ...extra });

describe('output forecast', () => {
  it('grows with the length asked for', () => {
    const words = [100, 500, 2000].map((n) => forecastOutput(base(`Write an essay of ${n.toLocaleString('en-US')} words about rivers.`, { task: 'creative' })).tokens);
    expect(words[0]!).toBeLessThan(words[1]!);
    expect(words[1]!).toBeLessThan(words[2]!);
    expect(words[2]!).toBeGreaterThan(2400);
    expect(forecastOutput(base('Give me ten bullet points on onboarding.')).basis).toContain('ten bullet points');
    expect(forecastOutput(base('Write three paragraphs on tides.')).tokens).toBeGreaterThan(300);
  });

  it('a refactor returns about as much code as it was given', () => {
    const code = 'function add(a, b) {\n  return a + b;\n}\n'.repeat(200);
    const codeTokens = codeTokensIn(`\`\`\`js\n${code}\`\`\``);
    expect(codeTokens).toBeGreaterThan(1500);
    const f = forecastOutput(base('Refactor this file to use async/await and return the whole file.', { task: 'coding', inputTokens: codeTokens + 20, codeTokens }));
    expect(f.tokens).toBeGreaterThan(codeTokens);
    expect(f.basis).toContain('returns the code it was given');
  });

  it('a greeting gets a one-line reply; a request after a greeting gets its own answer', () => {
    for (const greeting of ['hi', 'Hello there!', 'hey, how are you?', 'Thanks a lot!', 'good morning']) {
      const f = forecastOutput(base(greeting));
      expect(f.tokens, greeting).toBeLessThan(50);
      expect(f.basis, greeting).toContain('greeting');
    }
    const typical = forecastOutput(base('Explain how TCP handshakes work')).tokens;
    expect(forecastOutput(base('Hi, explain how TCP handshakes work')).tokens).toBe(typical);
    expect(typical).toBeGreaterThan(200);
  });

  it('a brief answer is short; a given size is used as is', () => {
    expect(forecastOutput(base('Is 17 prime? Answer yes or no.')).tokens).toBeLessThan(100);
    expect(forecastOutput(base('anything', { given: 1234 }))).toMatchObject({ tokens: 1234, low: 1234, high: 1234, reasoning: { tokens: 0 } });
  });

  it('a multiple-choice question is answered with one of its letters, unless the working is asked for', () => {
    const mcq = 'Which gas makes up most of the atmosphere?\nA. Oxygen\nB. Nitrogen\nC. Argon\nD. Carbon dioxide';
    expect(forecastOutput(base(mcq, { task: 'math' }))).toMatchObject({ tokens: 60, basis: 'picks one of the lettered options' });
    expect(forecastOutput(base('Find the degree of Q(sqrt(2), sqrt(3)) over Q.\n(A) 0\n(B) 4\n(C) 2\n(D) 6\nAnswer:')).tokens).toBe(60);
    expect(forecastOutput(base(`${mcq}\nExplain why the others are wrong.`)).tokens).toBeGreaterThan(300);
    expect(forecastOutput(base(`Explain your reasoning. ${mcq}`)).tokens).toBeGreaterThan(300);
    // lettered parts of a writing task are not options; nor are options followed by more request
    expect(forecastOutput(base('Write an essay in three parts:\nA. Origins\nB. The canals\nC. Today', { task: 'creative' })).tokens).toBeGreaterThan(500);
    expect(forecastOutput(base(`${mcq}\n\nThen write a short story set on each of them.`, { task: 'creative' })).tokens).toBeGreaterThan(500);
  });

  it('reasoning models add hidden reasoning, more for harder problems, within the output limit', () => {
    const easy = forecastOutput(base('Prove it.', { task: 'math', difficulty: 0.1 }));
    const hard = forecastOutput(base('Prove it.', { task: 'math', difficulty: 0.9 }));
    expect(hard.reasoning.tokens).toBeGreaterThan(easy.reasoning.tokens * 2);
    expect(modelOutputTokens(hard, false, 100_000).tokens).toBe(hard.tokens);
    expect(modelOutputTokens(hard, true, 100_000).tokens).toBe(hard.tokens + hard.reasoning.tokens);
    expect(modelOutputTokens(hard, true, 1000).tokens).toBe(1000);
  });

  it('gives a range around the forecast', () => {
    const f = forecastOutput(base('Explain how vaccines work.'));
    expect(f.low).toBeLessThan(f.tokens);
    expect(f.high).toBeGreaterThan(f.tokens);
  });
});
