/**
 * The independent check set (`data/quality/routellm-mmlu/`): the committed `data.json` is exactly what its build
 * script makes of the raw RouteLLM files and the catalog's prices, and it passes the eval's data checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEvalData } from '../../scripts/eval-data.js';
import { buildRouteLlmMmlu, parseCsv } from '../../scripts/build-routellm-mmlu-data.js';

const FILE = 'data/quality/routellm-mmlu/data.json';

describe('RouteLLM MMLU check set', () => {
  it('is reproduced byte for byte from the raw CSVs', () => {
    expect(buildRouteLlmMmlu().text).toBe(readFileSync(FILE, 'utf8'));
  });

  it('loads as eval data: 1,626 prompts, two models graded 0/1, one output token per answer', () => {
    const data = loadEvalData(FILE);
    expect(data.prompts).toHaveLength(1626);
    expect(data.models.map((m) => m.catalogId)).toEqual(['deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1', 'openai/gpt-4-1106-preview']);
    for (const m of data.models) {
      expect(new Set(data.scores[m.name])).toEqual(new Set([0, 1]));
      expect(new Set(data.outputTokens[m.name])).toEqual(new Set([1]));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(data.scores['gpt-4-1106-preview']!)).toBeCloseTo(0.8137, 4);
    expect(mean(data.scores['mixtral-8x7b-instruct-v0.1']!)).toBeCloseTo(0.7343, 4);
    expect(data.prompts.every((p) => !/Answer:\s*$/.test(p.question) && p.text.endsWith('Answer:'))).toBe(true);
  });

  it('parses quoted CSV fields with commas, newlines and doubled quotes', () => {
    expect(parseCsv('prompt,a,b\n"Which ""one"", if any?\nA. x\nAnswer:",True,False\n')).toEqual([
      ['prompt', 'a', 'b'],
      ['Which "one", if any?\nA. x\nAnswer:', 'True', 'False'],
    ]);
  });
});
