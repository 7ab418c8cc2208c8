import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChat } from '../../../server/invoke/chat-service.js';
import { Ledger } from '../../../server/ledger/ledger.js';
import { createRuntime } from '../../../server/runtime.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

const dirs: string[] = [];
let sb: ProviderSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmpDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'switchyard-ledger-'));
  dirs.push(d);
  return d;
};
const lines = (dir: string) => readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('budget reservations shared by several ledgers (processes) on one file', () => {
  for (const writers of [2, 4]) {
    it(`admits exactly what fits with ${writers} writers and 100 concurrent calls`, async () => {
      const dir = tmpDir();
      // Each Ledger instance keeps its own in-memory view, as a separate process does; only the file is shared.
      const ledgers = Array.from({ length: writers }, () => new Ledger(dir));
      const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => ledgers[i % writers]!.reserve(0.001, { daily: 0.0095 })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(9);
      expect(lines(dir).filter((r) => r.type === 'reserve')).toHaveLength(9);
    });
  }

  it('keeps every line whole and every call once when writers reserve and record at the same time (records take no lock)', async () => {
    const dir = tmpDir();
    const ledgers = Array.from({ length: 4 }, () => new Ledger(dir));
    const call = (i: number) => ({ workspace: '/w', policy: 'balanced', model: 'x/y', provider: 'x', inputTokens: 10, outputTokens: 5, cost: 0.0005 + i * 1e-6, outcome: 'ok' as const, attempts: 1, via: 'test' });
    const ids = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        const ledger = ledgers[i % 4]!;
        const id = await ledger.reserve(0.001, { daily: 1 });
        await ledger.record(call(i), id);
        return id;
      }),
    );
    const records = lines(dir); // every line parses: none torn, merged or blank
    expect(records.filter((r) => r.type === 'reserve').map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(records.filter((r) => r.type === 'call').map((r) => r.id).sort()).toEqual([...ids].sort());
    const summary = await new Ledger(dir).summary('today');
    expect(summary.today).toBeCloseTo(120 * 0.0005 + (119 * 120 * 1e-6) / 2, 12);
    expect(summary.reserved).toBe(0);
  });

  it('starts a reservation on a fresh line after a fragment left by a killed writer', async () => {
    const dir = tmpDir();
    const ledger = new Ledger(dir);
    await ledger.reserve(0.1, { daily: 1 });
    writeFileSync(path.join(dir, 'ledger.jsonl'), '{"v":1,"type":"call","id":"torn","time":"2026-', { flag: 'a' });
    await new Ledger(dir).reserve(0.2, { daily: 1 });
    const raw = readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').split('\n');
    expect(raw).toHaveLength(4); // reserve, fragment, reserve, ''
    expect(JSON.parse(raw[2]!)).toMatchObject({ type: 'reserve', amount: 0.2 });
    expect((await new Ledger(dir).totals()).reserved).toBeCloseTo(0.3, 12);
  });
});

describe('write-ahead ledger', () => {
  it('has the call in the file before the upstream is asked, and settled before the answer returns', async () => {
    sb = await providerSandbox();
    sb.alpha.setReply({ text: 'hello', usage: { inputTokens: 3, outputTokens: 1 }, chunkDelayMs: 0 });
    sb.alpha.setFault({ type: 'slowFirstByte', ms: 300 });
    const runtime = await createRuntime({ workspace: sb.workspace, env: sb.env });
    const pending = runChat(runtime, { input: { prompt: 'hi' }, model: 'alpha/alpha-large', fallbacks: false, maxTokens: 10 }, { via: 'test' });
    const start = Date.now();
    while (sb.alpha.requests.length === 0 && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 10));
    const before = lines(sb.stateDir);
    expect(before).toEqual([expect.objectContaining({ type: 'reserve', model: 'alpha/alpha-large', provider: 'alpha', via: 'test' })]);
    const out = await pending;
    // No flush: the settlement is durable by the time the answer is back.
    const after = lines(sb.stateDir);
    expect(after.map((r) => r.type)).toEqual(['reserve', 'call']);
    expect(after[1]).toMatchObject({ id: before[0]!.id, outcome: 'ok', cost: out.cost });
    await runtime.close();
  });

  it('settles a dead process’s pending call as interrupted, at what it reserved, once', async () => {
    const dir = tmpDir();
    mkdirSync(dir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    const reserve = { v: 1, type: 'reserve', id: 'r-dead', time: new Date().toISOString(), amount: 0.25, pid, host: os.hostname(), workspace: '/w', policy: 'balanced', model: 'alpha/alpha-large', provider: 'alpha', via: 'mcp' };
    writeFileSync(path.join(dir, 'ledger.jsonl'), `${JSON.stringify(reserve)}\n`);
    const reader = new Ledger(dir);
    const summary = await reader.summary('today');
    expect(summary.reserved).toBe(0);
    expect(summary.today).toBeCloseTo(0.25, 12);
    expect(summary.byModel).toEqual([{ model: 'alpha/alpha-large', calls: 1, cost: 0.25 }]);
    // It keeps counting against budgets, and the next reservation writes the settlement down.
    await expect(reader.reserve(0.8, { daily: 1 })).rejects.toThrow(/daily budget/);
    await reader.reserve(0.5, { daily: 1 });
    await new Ledger(dir).reserve(0.1, {});
    const written = lines(dir).filter((r) => r.type === 'call');
    expect(written).toEqual([expect.objectContaining({ id: 'r-dead', outcome: 'interrupted', cost: 0.25, model: 'alpha/alpha-large' })]);
  });
});
