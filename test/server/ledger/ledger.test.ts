import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../server/ledger/ledger.js';

const call = (model: string, cost: number) => ({ workspace: '/w', policy: 'balanced', model, provider: model.split('/')[0] ?? '', inputTokens: 10, outputTokens: 5, cost, outcome: 'ok' as const, attempts: 1, via: 'test' });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-ledger-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Ledger', () => {
  it('sums today and this month by model, day and workspace', async () => {
    const ledger = new Ledger(dir);
    const now = new Date(2026, 10, 26, 12);
    await ledger.record(call('openai/gpt-4o', 0.5), undefined, now);
    await ledger.record(call('openai/gpt-4o', 0.25), undefined, now);
    await ledger.record(call('anthropic/claude', 1), undefined, new Date(2026, 10, 2, 12));
    await ledger.record(call('anthropic/claude', 9), undefined, new Date(2026, 9, 30, 12));
    const s = await ledger.summary('month', now);
    expect(s.today).toBeCloseTo(0.75, 12);
    expect(s.month).toBeCloseTo(1.75, 12);
    expect(s.byModel).toEqual([
      { model: 'anthropic/claude', calls: 1, cost: 1 },
      { model: 'openai/gpt-4o', calls: 2, cost: 0.75 },
    ]);
    expect(s.byDay.map((d) => d.day)).toEqual(['2026-11-26', '2026-11-02']);
    expect((await ledger.summary('all', now)).byModel[0]).toEqual({ model: 'anthropic/claude', calls: 2, cost: 10 });
  });

  it('is shared: a second instance (another process) sees what the first wrote', async () => {
    const a = new Ledger(dir);
    const b = new Ledger(dir);
    await a.record(call('x/y', 0.1));
    expect((await b.summary('today')).today).toBeCloseTo(0.1, 12);
    await b.record(call('x/y', 0.2));
    expect((await a.summary('today')).today).toBeCloseTo(0.3, 12);
  });

  it('counts reservations against budgets until they settle', async () => {
    const ledger = new Ledger(dir);
    const id = await ledger.reserve(0.6, { daily: 1 });
    await expect(ledger.reserve(0.6, { daily: 1 })).rejects.toThrow(/daily budget \$1\.00 would be exceeded: \$0\.6000 spent or reserved today, this call needs up to \$0\.6000/);
    await ledger.record(call('x/y', 0.1), id);
    await expect(ledger.reserve(0.6, { daily: 1 })).resolves.toBeTypeOf('string');
  });

  it('skips a torn line left by a killed writer and keeps later lines whole', async () => {
    const ledger = new Ledger(dir);
    await ledger.record(call('x/y', 0.1));
    appendFileSync(path.join(dir, 'ledger.jsonl'), '{"v":1,"type":"call","id":"torn","time":"2026-');
    await ledger.record(call('x/y', 0.2));
    const lines = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(() => JSON.parse(lines[2] ?? '')).not.toThrow();
    expect((await new Ledger(dir).summary('today')).today).toBeCloseTo(0.3, 12);
  });

  it('never counts a settled call twice', async () => {
    const ledger = new Ledger(dir);
    const id = await ledger.reserve(0.1, { daily: 10 });
    await ledger.record(call('x/y', 0.05), id);
    await ledger.record(call('x/y', 0.05), id);
    const s = await new Ledger(dir).summary('today');
    expect(s.today).toBeCloseTo(0.05, 12);
    expect(s.reserved).toBe(0);
  });
});
