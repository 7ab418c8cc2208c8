import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnvironment, fetchSpend, parseSpendOutput, runCli } from '../../extension/cli-process.js';

/** A stand-in for dist/cli.js: echoes its arguments, stdin and chosen variables; `spend` prints a report. */
function fakeCli(body?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-fake-cli-'));
  const file = path.join(dir, 'cli.mjs');
  writeFileSync(
    file,
    body ??
      `let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const [cmd] = process.argv.slice(2);
  if (cmd === 'spend') { console.log(JSON.stringify({ today: 0.42, month: 1.5, budgets: { daily: 5, remainingToday: 4.58 }, byModel: [{ model: 'openai/gpt-4o', calls: 2, cost: 0.42 }] })); return; }
  if (cmd === 'fail') { console.error('switchyard chat: no provider key for openai (set OPENAI_API_KEY)'); process.exit(1); }
  if (cmd === 'hang') { setInterval(() => {}, 1000); return; }
  process.stdout.write('chunk1 ');
  process.stdout.write(JSON.stringify({ args: process.argv.slice(2), input, electron: process.env.ELECTRON_RUN_AS_NODE ?? null, openai: process.env.OPENAI_API_KEY ?? null, extra: process.env.EXTRA ?? null }));
});
`,
  );
  return file;
}

describe('runCli', () => {
  it('runs with the given Node, streams stdout, passes stdin and the environment', async () => {
    const chunks: string[] = [];
    const result = await runCli(['chat', '-', '--workspace', '/w'], { node: process.execPath, cli: fakeCli(), stdin: '--not an option', env: { EXTRA: 'yes', OPENAI_API_KEY: null }, onStdout: (c) => chunks.push(c) });
    expect(result.code).toBe(0);
    expect(chunks.join('')).toBe(result.stdout);
    const echoed = JSON.parse(result.stdout.replace(/^chunk1 /, ''));
    expect(echoed).toEqual({ args: ['chat', '-', '--workspace', '/w'], input: '--not an option', electron: '1', openai: null, extra: 'yes' });
  });

  it('removes variables set to null even when the editor has them', () => {
    const env = childEnvironment({ OPENAI_API_KEY: 'sk-from-editor', PATH: '/bin' }, { OPENAI_API_KEY: null, GROQ_API_KEY: 'g' });
    expect(env).toEqual({ PATH: '/bin', GROQ_API_KEY: 'g', ELECTRON_RUN_AS_NODE: '1' });
  });

  it('stops on abort and on timeout', async () => {
    const abort = new AbortController();
    const running = runCli(['hang'], { node: process.execPath, cli: fakeCli(), signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    expect((await running).aborted).toBe(true);
    expect((await runCli(['hang'], { node: process.execPath, cli: fakeCli(), timeoutMs: 150 })).aborted).toBe(true);
  });

  it('reports a Node that cannot start instead of throwing', async () => {
    const result = await runCli(['spend'], { node: '/nonexistent/node', cli: fakeCli() });
    expect(result.code).toBeNull();
    expect(result.stderr).toMatch(/could not start/);
  });
});

describe('spend', () => {
  it('parses `spend --json`', async () => {
    const result = await fetchSpend('/w', { node: process.execPath, cli: fakeCli() });
    expect(result).toEqual({ ok: true, report: { today: 0.42, month: 1.5, budgets: { daily: 5, remainingToday: 4.58 }, byModel: [{ model: 'openai/gpt-4o', calls: 2, cost: 0.42 }], byDay: [] } });
  });

  it('turns every failure into a reason ("spend unavailable"), never an exception', () => {
    const base = { stdout: '', stderr: '', aborted: false };
    expect(parseSpendOutput({ ...base, code: 2, stderr: 'switchyard: unknown command "spend". Commands: route\n' })).toEqual({ ok: false, reason: 'switchyard: unknown command "spend". Commands: route' });
    expect(parseSpendOutput({ ...base, code: 0, stdout: 'not json' })).toEqual({ ok: false, reason: 'the spend report was not JSON' });
    expect(parseSpendOutput({ ...base, code: 0, stdout: '{"today":"lots"}' })).toMatchObject({ ok: false, reason: expect.stringMatching(/unexpected shape \(today\)/) });
    expect(parseSpendOutput({ ...base, code: null, aborted: true })).toEqual({ ok: false, reason: 'the spend report timed out' });
    expect(parseSpendOutput({ ...base, code: 0, stdout: '{"today":0,"month":0}' })).toEqual({ ok: true, report: { today: 0, month: 0, budgets: {}, byModel: [], byDay: [] } });
  });
});
