import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutOutputFormat } from '../../../shared/routing/output-format.js';

/** The first version's sentence rule, kept as the reference: right, but quadratic in a line without full stops. */
const ANSWER_SENTENCE = /[^.\n]*\b(?:show|put|give|write|provide|place|return|state|present|output|enclose)\b[^.\n]{0,40}\b(?:final answer|answer|result|output|solution)\b[^\n]*/gi;
const INLINE_CODE = /`[^`\n]{1,80}`/g;
const blank = (s: string) => ' '.repeat(s.length);
const reference = (text: string) => text.replace(ANSWER_SENTENCE, (sentence) => sentence.replace(INLINE_CODE, blank));

const pieces = ['put', 'give', 'Write', 'your', 'final answer', 'answer', 'result', 'the', ' ', ' ', '. ', '.', '\n', '`x`', '`f(n)`', '`', 'in', 'outputs', 'solution', 'showing', 'x = 2', 'State the', '...'];
const texts = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((xs) => xs.join(''));

describe('withoutOutputFormat: inline code in answer sentences', () => {
  it('blanks inline code in a sentence that says how to give the answer, to the end of its line, and nothing else', () => {
    const text = 'Find the sum of `a` and `b`. Put your final answer in `answer.txt` and `done`\nThen print `a`.';
    const out = withoutOutputFormat(text);
    expect(out.found).toBe(true);
    expect(out.text).toBe('Find the sum of `a` and `b`. Put your final answer in              and       \nThen print `a`.');
  });

  it('blanks exactly what the sentence regex blanked, on generated text', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const withTick = text.includes('`') ? text : `${text} \`t\``;
        // compare the answer-sentence rule alone: no fences or format phrases in these pieces
        expect(withoutOutputFormat(withTick).text).toBe(reference(withTick));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('a 40,000-character line without full stops is linear work: the same result as the reference on a smaller copy', () => {
    const line = (n: number) => 'give the sum of `x` '.repeat(n) + 'as your answer `y`';
    for (const n of [1, 3, 50]) expect(withoutOutputFormat(line(n)).text).toBe(reference(line(n)));
    // the reference takes seconds here; the linear rule does it in one pass (a wrong rule would leave `x` unblanked)
    const long = withoutOutputFormat(line(2000)).text;
    expect(long.includes('`')).toBe(false);
  });
});
