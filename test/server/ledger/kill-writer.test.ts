import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../../server/ledger/ledger.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

const CLI = path.resolve('dist/cli.js');

let sb: ProviderSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

function chatProcess(sandbox: ProviderSandbox, prompt: string) {
  return spawn(process.execPath, [CLI, 'chat', prompt, '--model', 'alpha/alpha-large', '--no-fallbacks', '--max-tokens', '100'], {
    cwd: sandbox.workspace,
    env: sandbox.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('ledger under kill -9', () => {
  it('has no torn or double lines after a writer is killed mid-stream, and keeps working', async () => {
    sb = await providerSandbox({ budget: { daily: 10 } });
    sb.alpha.setReply({ text: 'a slow answer that streams in many small pieces over a while', usage: { inputTokens: 10, outputTokens: 12 }, chunkDelayMs: 150 });
    const victim = chatProcess(sb, 'stream slowly');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no output from the chat process')), 10_000);
      victim.stdout.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const exited = new Promise((r) => victim.once('exit', r));
    victim.kill('SIGKILL');
    await exited;

    sb.alpha.setReply({ text: 'done', usage: { inputTokens: 10, outputTokens: 2 } });
    const survivor = chatProcess(sb, 'quick');
    const code = await new Promise((r) => survivor.once('exit', r));
    expect(code).toBe(0);

    const lines = readFileSync(path.join(sb.stateDir, 'ledger.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l) as { type: string; id: string });
    const keys = records.map((r) => `${r.type}:${r.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(records.filter((r) => r.type === 'reserve')).toHaveLength(2);
    // Write-ahead: the killed call is not lost. The next process settles its reservation as `interrupted`, at
    // what was reserved (the upstream may have billed it), attributed to the model it was sent to.
    const calls = records.filter((r) => r.type === 'call') as unknown as { outcome: string; model: string; cost: number }[];
    expect(calls.map((c) => c.outcome)).toEqual(['interrupted', 'ok']);
    const reserved = (records.find((r) => r.type === 'reserve') as unknown as { amount: number }).amount;
    expect(calls[0]).toMatchObject({ model: 'alpha/alpha-large', cost: reserved });
    const summary = await new Ledger(sb.stateDir).summary('today');
    expect(summary.byModel).toEqual([{ model: 'alpha/alpha-large', calls: 2, cost: expect.closeTo(reserved + (10 * 1 + 2 * 2) / 1e6, 12) }]);
    // The killed process's reservation no longer counts as in flight: its pid is gone.
    expect(summary.reserved).toBe(0);
  });
});
