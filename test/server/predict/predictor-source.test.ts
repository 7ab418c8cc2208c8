import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictorSource } from '../../../server/predict/predictor-source.js';
import { parseWeights } from '../../../server/predict/weights-file.js';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { loadOutcomeData } from '../../../server/predict/outcome-data.js';
import { outcomeModels, trainOnOutcomes } from '../../../server/predict/train-outcomes.js';
import { loadTokenizers } from '../../../shared/pricing/tokenizers.js';
import { connect, makeSandbox, structured, type Sandbox } from '../../helpers/mcp-harness.js';
import { CHEAP, HELD_OUT, STRONG, outcomeFile } from './outcome-fixture.js';

let sandbox: Sandbox;
let weightsText: string;
const file = () => path.join(sandbox.root, 'weights.json');
beforeAll(async () => {
  sandbox = makeSandbox();
  await loadTokenizers();
  const data = path.join(sandbox.root, 'outcomes.json');
  writeFileSync(data, JSON.stringify(outcomeFile()));
  weightsText = JSON.stringify(trainOnOutcomes(loadOutcomeData(data), data, loadBundledCatalog(), '2026-12-02').weights);
  writeFileSync(file(), weightsText);
});
afterAll(() => sandbox.remove());

describe('predictor weights in use', () => {
  it('the bundled weights pass the same checks a trained file does', () => {
    const bundled = path.resolve('shared/routing/predict/weights.json');
    const w = parseWeights(readFileSync(bundled, 'utf8'), bundled);
    // the training range of each category survives the check (a schema that dropped it would turn the guard off)
    expect(w.calibration?.coding?.support?.low).toHaveLength(w.featureSpec.dense.length);
  });

  it('refuses weights trained around other difficulty priors, or with a training range of the wrong size, naming the field', () => {
    const bundled = JSON.parse(readFileSync(path.resolve('shared/routing/predict/weights.json'), 'utf8'));
    const older = { ...bundled, difficultyPrior: 'priors-2' };
    expect(() => parseWeights(JSON.stringify(older), 'w.json')).toThrow(/w\.json: difficultyPrior: trained around "priors-2".*train them again/);
    const short = structuredClone(bundled);
    short.calibration.coding.support.high.pop();
    expect(() => parseWeights(JSON.stringify(short), 'w.json')).toThrow(/calibration\.coding\.support\.high: \d+ values, the feature spec needs \d+/);
  });

  it("ZeroEval's extraction, the bundled weights' data, reads as an outcome file to pool one's own with", () => {
    const d = loadOutcomeData('data/quality/zeroeval/data.json');
    expect(d.prompts).toHaveLength(2840);
    expect(d.models).toHaveLength(21);
    expect(outcomeModels(d, 'data.json', loadBundledCatalog()).every((m) => m.inCatalog)).toBe(true);
  });

  it('a file broken after it was read keeps the last good weights, and a mended one is read again', () => {
    let now = 0;
    const source = new PredictorSource(() => now);
    const good = source.current(file());
    expect(good.problem).toBeUndefined();
    expect(good.predictor?.source).toContain('graded outcomes in outcomes.json (240 prompts × 2 models)');

    writeFileSync(file(), '{ "featureSpec": {}, "difficulty": [] ');
    expect(source.current(file()).predictor).toBe(good.predictor); // not looked at again within a second
    now += 1000;
    const broken = source.current(file());
    expect(broken.predictor).toBe(good.predictor);
    expect(broken.problem).toMatch(/^predictor weights: .*weights\.json: not valid JSON .*; routing with the last good weights read from it$/);

    writeFileSync(file(), weightsText);
    now += 1000;
    const mended = source.current(file());
    expect(mended.problem).toBeUndefined();
    expect(mended.predictor).not.toBe(good.predictor);

    const missing = new PredictorSource(() => 0).current(path.join(sandbox.root, 'none.json'));
    expect(missing.predictor).toBeUndefined();
    expect(missing.problem).toMatch(/none\.json: cannot read it \(ENOENT\); routing with the bundled predictor$/);
  });

  it('the MCP route tool ranks with the configured weights', async () => {
    const mcp = await connect({ ...sandbox, env: { ...sandbox.env, SWITCHYARD_WEIGHTS: file() } });
    try {
      const d = structured<{ model: string; explanation: string[] }>(await mcp.call('route', { prompt: HELD_OUT.hard, models: [CHEAP, STRONG] }));
      expect(d.model).toBe(STRONG);
      expect(d.explanation.some((l) => l.startsWith('prediction: weights'))).toBe(true);
    } finally {
      await mcp.close();
    }
  });
});
