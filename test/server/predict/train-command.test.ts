import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWeights } from '../../../server/predict/weights-file.js';
import { makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';
import { CHEAP, HELD_OUT, STRONG, outcomeFile } from './outcome-fixture.js';

// the bundle, as users run it
const CLI = path.resolve('dist/cli.js');
let sandbox: Sandbox;
let data: string;
beforeAll(() => {
  sandbox = makeSandbox();
  data = path.join(sandbox.root, 'outcomes.json');
  writeFileSync(data, JSON.stringify(outcomeFile()));
});
afterAll(() => sandbox.remove());

const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: sandbox.workspace, env: { ...sandbox.env, ...env }, encoding: 'utf8', timeout: 60_000 });

interface Routed {
  model: string;
  success: number;
  alternatives: { model: string; success: number }[];
  explanation: string[];
}
const route = (prompt: string, env: NodeJS.ProcessEnv = {}) => {
  const r = run(['route', prompt, '--model', CHEAP, '--model', STRONG, '--json'], env);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Routed;
};
const successOf = (d: Routed, id: string) => (d.model === id ? d.success : d.alternatives.find((a) => a.model === id)!.success);

describe('switchyard train: the success predictor learned from your own graded prompts', () => {
  let weights: string;
  beforeAll(() => {
    weights = path.join(sandbox.root, 'weights.json');
    const r = run(['train', '--data', data, '--out', weights, '--date', '2026-12-02']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Trained on 240 prompts × 2 models');
    expect(r.stdout).toContain(`flash-lite → ${CHEAP}`);
    expect(r.stdout).toContain(`Route with it: SWITCHYARD_WEIGHTS=`);
    // no math or code prompts in the file: said, since the weights then know nothing of them
    expect(r.stderr).toContain('know nothing of math or coding prompts');
  });

  it('writes weights that check out, deterministically', () => {
    const text = readFileSync(weights, 'utf8');
    const w = parseWeights(text, weights);
    expect(w.data).toMatchObject({ prompts: 240, models: 2, repo: 'https://example.invalid/our-evals', commit: 'abc123' });
    expect(w.trainedAt).toBe('2026-12-02');
    expect(Object.keys(w.residuals).sort()).toEqual([STRONG, CHEAP].sort());
    const again = path.join(sandbox.root, 'weights-again.json');
    expect(run(['train', '--data', data, '--out', again, '--date', '2026-12-02']).status).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(text);
  });

  it('routes what the cheap model fails in the data to the strong one, and the rest stays cheap', () => {
    const before = route(HELD_OUT.hard);
    const after = route(HELD_OUT.hard, { SWITCHYARD_WEIGHTS: weights });
    expect(before.model).toBe(CHEAP);
    expect(after.model).toBe(STRONG);
    expect(successOf(after, CHEAP)).toBeLessThan(0.2);
    expect(successOf(before, CHEAP)).toBeGreaterThan(0.6);
    expect(after.explanation).toContainEqual(expect.stringMatching(/^prediction: weights .*weights\.json \(graded outcomes in outcomes\.json \(240 prompts × 2 models\); trained 2026-12-02\)$/));
    expect(before.explanation.some((l) => l.startsWith('prediction:'))).toBe(false);
    expect(route(HELD_OUT.easy, { SWITCHYARD_WEIGHTS: weights }).model).toBe(CHEAP);
  });

  it('--check measures the weights on held-out prompts against the bundled ones and the single models', () => {
    const r = run(['train', '--data', data, '--out', path.join(sandbox.root, 'checked.json'), '--check', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { check } = JSON.parse(r.stdout) as { check: { prompts: number; trained: { quality: number; vsFrontier: number }; bundled: { vsFrontier: number }; singles: { name: string; quality: number; onFrontier: boolean }[] } };
    expect(check.prompts).toBe(240);
    // half the prompts only sonnet answers, and they hold most of its cost: routed by the learned difficulty nearly
    // all are answered, close to the oracle's +3.6; the bundled weights send every prompt to the cheap model
    expect(check.trained.quality).toBeGreaterThan(0.99);
    expect(check.trained.vsFrontier).toBeGreaterThan(0.03);
    expect(check.bundled.vsFrontier).toBeLessThan(0.005);
    expect(check.singles).toEqual([expect.objectContaining({ name: 'flash-lite', quality: 0.5, onFrontier: true }), expect.objectContaining({ name: 'sonnet', quality: 1, onFrontier: true })]);
    expect(r.stderr).toContain('checking on held-out prompts, fold 5 of 5');
  });

  it('reads the weights the user config names, relative to the config file', () => {
    writeFileSync(path.join(path.dirname(sandbox.userConfigFile), 'our-weights.json'), readFileSync(weights));
    sandbox.writeUserConfig({ predictor: { weights: 'our-weights.json' } });
    try {
      expect(route(HELD_OUT.hard).model).toBe(STRONG);
    } finally {
      sandbox.writeUserConfig({});
    }
  });

  it('a broken weights file is reported, and routing goes on with the bundled predictor', () => {
    const broken = path.join(sandbox.root, 'broken.json');
    const w = JSON.parse(readFileSync(weights, 'utf8')) as { discrimination: number[] };
    w.discrimination = w.discrimination.slice(1);
    writeFileSync(broken, JSON.stringify(w));
    const r = run(['route', HELD_OUT.hard, '--model', CHEAP, '--model', STRONG], { SWITCHYARD_WEIGHTS: broken });
    expect(r.stderr).toMatch(/predictor weights: .*broken\.json: discrimination: \d+ weights, the feature spec needs \d+; routing with the bundled predictor/);
    expect(r.stdout).toContain(`→ ${CHEAP}`);
    expect(r.status).toBe(1);
  });

  it('learns from a file where the strong model was not run on every prompt (null grades)', () => {
    const partial = outcomeFile() as { prompts: { id: string }[]; scores: Record<string, (number | null)[]>; outputTokens: Record<string, (number | null)[]> };
    partial.prompts.forEach((p, i) => {
      if (p.id.startsWith('easy/')) partial.scores.sonnet![i] = partial.outputTokens.sonnet![i] = null;
    });
    const file = path.join(sandbox.root, 'partial.json');
    const out = path.join(sandbox.root, 'partial-weights.json');
    writeFileSync(file, JSON.stringify(partial));
    const r = run(['train', '--data', file, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('120 of 480 grades are null (not run): left out.');
    expect(route(HELD_OUT.hard, { SWITCHYARD_WEIGHTS: out }).model).toBe(STRONG);
    expect(route(HELD_OUT.easy, { SWITCHYARD_WEIGHTS: out }).model).toBe(CHEAP);

    partial.outputTokens['flash-lite']![0] = null;
    writeFileSync(file, JSON.stringify(partial));
    const bad = run(['train', '--data', file, '--out', out]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${file}: outputTokens.flash-lite[0]: null, but scores.flash-lite[0] is a grade`);
  });

  it('trains on several files as one: models joined by name, null where a file did not grade one', () => {
    const other = {
      models: [
        { name: 'sonnet', catalogId: STRONG, inputPerMTok: 3, outputPerMTok: 15 },
        { name: 'mini', catalogId: 'openai/gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6 },
      ],
      prompts: Array.from({ length: 20 }, (_, i) => ({ id: `math/${i}`, task: 'math', question: `Solve for x: ${i + 2}x + ${i} = ${3 * i + 7}.`, inputTokens: 15 })),
      scores: { sonnet: Array(20).fill(1), mini: Array.from({ length: 20 }, (_, i) => i % 2) },
      outputTokens: { sonnet: Array(20).fill(200), mini: Array(20).fill(180) },
    };
    const file = path.join(sandbox.root, 'math.json');
    const out = path.join(sandbox.root, 'pooled.json');
    writeFileSync(file, JSON.stringify(other));
    const r = run(['train', '--data', data, '--data', file, '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { prompts: number; models: { name: string; id: string }[] };
    expect(report.prompts).toBe(260);
    expect(report.models.map((m) => m.name)).toEqual(['flash-lite', 'sonnet', 'mini']);
    const w = parseWeights(readFileSync(out, 'utf8'), out);
    expect(w.source).toBe('graded outcomes in outcomes.json + math.json (260 prompts × 3 models)');
    expect(Object.keys(w.residuals).sort()).toEqual([STRONG, CHEAP, 'openai/gpt-4o-mini'].sort());
    expect(route(HELD_OUT.hard, { SWITCHYARD_WEIGHTS: out }).model).toBe(STRONG);

    // one name, two models: refused, naming both files
    other.models[0] = { name: 'sonnet', catalogId: 'anthropic/claude-opus-4-5', inputPerMTok: 5, outputPerMTok: 25 };
    writeFileSync(file, JSON.stringify(other));
    const clash = run(['train', '--data', data, '--data', file, '--out', out]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain(`${file}: model "sonnet" is not the model of that name in ${data}`);
  });

  it('says what is wrong with the data, where, with exit code 2', () => {
    const bad = outcomeFile() as { outputTokens: Record<string, number[]>; models: { catalogId?: string }[] };
    delete bad.outputTokens.sonnet;
    const file = path.join(sandbox.root, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const missing = run(['train', '--data', file]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${file}: outputTokens: no entry for model "sonnet"`);

    const unknown = outcomeFile() as { models: { catalogId?: string }[] };
    unknown.models[1]!.catalogId = 'anthropic/claude-sonet-4-5';
    writeFileSync(file, JSON.stringify(unknown));
    const notInCatalog = run(['train', '--data', file]);
    expect(notInCatalog.status).toBe(2);
    expect(notInCatalog.stderr).toContain(`${file}: models[1].catalogId: "anthropic/claude-sonet-4-5" is not in the catalog.`);

    writeFileSync(file, '{"models": [\n  {"name": "x",,}\n]}');
    const syntax = run(['train', '--data', file]);
    expect(syntax.status).toBe(2);
    expect(syntax.stderr).toContain(`${file}:2:`);

    expect(run(['train']).stderr).toContain('--data: required');
    expect(run(['train', '--data', data, '--date', 'yesterday']).status).toBe(2);
  });
});
