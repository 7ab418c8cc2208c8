import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Router } from '../../extension/router.js';
import { loadOutcomeData } from '../../server/predict/outcome-data.js';
import { trainOnOutcomes } from '../../server/predict/train-outcomes.js';
import { loadBundledCatalog } from '../../shared/catalog/catalog.js';
import { loadTokenizers } from '../../shared/pricing/tokenizers.js';
import { CHEAP, HELD_OUT, STRONG, outcomeFile } from '../server/predict/outcome-fixture.js';

describe('the extension’s router', () => {
  it('keeps the spend when rebuilt for new keys or trust, so an over-budget preview still says so', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'switchyard-router-'));
    writeFileSync(path.join(ws, '.switchyard.json'), JSON.stringify({ active: 'balanced', budget: { daily: 1 } }));
    const env = { SWITCHYARD_CONFIG: path.join(ws, 'no-user-config.json'), XDG_STATE_HOME: ws, OPENAI_API_KEY: 'sk-test-0123456789abcdef0123' };
    const first = new Router(ws, env);
    first.setSpend({ today: 1.5, month: 1.5, budgets: { daily: 1 }, byModel: [], byDay: [] });
    expect(first.context().budget).toEqual({ period: 'daily', limit: 1, spent: 1.5 });
    const rebuilt = first.rebuilt({ ...env, ANTHROPIC_API_KEY: 'sk-ant-test-0123456789abcdef' });
    expect(rebuilt.context().budget).toEqual({ period: 'daily', limit: 1, spent: 1.5 });
    expect(() => rebuilt.decide({ input: { prompt: 'Write a haiku about trains' } })).toThrow(/budget/i);
    first.close();
    rebuilt.close();
  });

  it('previews with the predictor weights the user config names, as the server decides', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'switchyard-router-'));
    await loadTokenizers();
    const data = path.join(ws, 'outcomes.json');
    writeFileSync(data, JSON.stringify(outcomeFile()));
    writeFileSync(path.join(ws, 'weights.json'), JSON.stringify(trainOnOutcomes(loadOutcomeData(data), data, loadBundledCatalog(), '2026-12-02').weights));
    const userConfig = path.join(ws, 'config.json');
    writeFileSync(userConfig, JSON.stringify({ predictor: { weights: 'weights.json' } }));
    const request = { input: { prompt: HELD_OUT.hard }, models: [CHEAP, STRONG] };
    const trained = new Router(ws, { SWITCHYARD_CONFIG: userConfig });
    const bundled = new Router(ws, { SWITCHYARD_CONFIG: path.join(ws, 'none.json') });
    expect(trained.decide(request).model).toBe(STRONG);
    expect(bundled.decide(request).model).toBe(CHEAP);
    trained.close();
    bundled.close();
  });

  it('does not parse the catalog until it is asked for', () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'switchyard-router-'));
    const router = new Router(ws, { SWITCHYARD_CONFIG: path.join(ws, 'none.json') });
    expect(router.policies().active).toBe('balanced');
    expect((router as unknown as { catalogNow: unknown }).catalogNow).toBeUndefined();
    expect(router.catalog().all().length).toBeGreaterThan(10);
    router.close();
  });
});
