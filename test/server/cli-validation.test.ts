import { execFile, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFixture } from '../fixtures/providers/index.js';
import type { Fixture } from '../fixtures/providers/server.js';
import { runCli } from '../../server/cli/main.js';
import { makeSandbox, type Sandbox } from '../helpers/mcp-harness.js';
import { providerSandbox } from '../helpers/provider-sandbox.js';

const CLI = path.resolve('dist/cli.js');
let sandbox: Sandbox;
beforeAll(() => {
  sandbox = makeSandbox();
});
afterAll(() => sandbox.remove());

const runIn = (sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd: sb.workspace, env: { ...sb.env, ...env }, encoding: 'utf8', timeout: 20_000 });
const run = (...args: string[]) => runIn(sandbox, args);
/** For calls that need this process's fixture servers to answer meanwhile (spawnSync would block them). */
const runAsync = (sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: sb.workspace, env: { ...sb.env, ...env }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });

describe('every CLI input is checked, with exit 2 and a message naming the flag and what it allows', () => {
  const cases: [string[], RegExp][] = [
    [['route', 'hi', '--require', 'telepathy'], /--require: "telepathy" is not one of tools, vision, json, reasoning, pdf, audio/],
    [['route', 'hi', '--cost', '5'], /--cost: expected a number from 0 to 1, got "5"/],
    [['route', 'hi', '--speed', '-1'], /--speed: expected a number from 0 to 1, got "-1"/],
    [['route', 'hi', '--quality', 'lots'], /--quality: expected a number from 0 to 1, got "lots"/],
    [['route', 'hi', '--output-tokens', '0'], /--output-tokens: expected a whole number of at least 1, got "0"/],
    [['chat', 'hi', '--temperature', '5'], /--temperature: expected a number from 0 to 2, got "5"/],
    [['chat', 'hi', '--max-tokens', '0'], /--max-tokens: expected a whole number from 1 to 1000000, got "0"/],
    [['chat', 'hi', '--max-tokens', '-3'], /--max-tokens: expected a whole number from 1 to 1000000, got "-3"/],
    [['estimate', 'hi', '--limit', '0'], /--limit: expected a whole number of at least 1, got "0"/],
    [['models', '--min-context', '-5'], /--min-context: expected a number of at least 0, got "-5"/],
    [['route'], /a prompt is required: switchyard route "your prompt"/],
    [['chat'], /a prompt is required: switchyard chat "your prompt"/],
    [['estimate'], /a prompt is required: switchyard estimate "your prompt"/],
    [['route', 'hi', '--workspace', '/does/not/exist'], /--workspace: "\/does\/not\/exist" is not a folder/],
    [['serve', '--http', 'abc'], /--http: "abc" is not \[HOST:\]PORT/],
    [['serve', '--http', '99999'], /--http: "99999" is not \[HOST:\]PORT \(port 0-65535\)/],
    [['serve', '--token', 'x'], /--token applies to --http only/],
    [['serve', '--http', '0', '--session-idle-minutes', '0'], /--session-idle-minutes: expected a whole number from 1 to 10080, got "0"/],
    [['help', 'frobnicate'], /unknown command "frobnicate"/],
  ];
  // In-process (the same code as dist/cli.js, without a process per case); the built CLI is spawned below.
  const inProcess = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const cwd = process.cwd();
    const env = process.env;
    process.chdir(sandbox.workspace);
    process.env = { ...sandbox.env };
    try {
      const status = await runCli(args, (t) => void (stdout += `${t}\n`), (t) => void (stderr += `${t}\n`));
      return { status, stdout, stderr };
    } finally {
      process.chdir(cwd);
      process.env = env;
    }
  };
  for (const [args, message] of cases) {
    it(`switchyard ${args.join(' ')}`, async () => {
      const r = await inProcess(args);
      expect(r.stderr).toMatch(message);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at |ambiguous/);
    });
  }

  it('says so from the built CLI too, with exit code 2', () => {
    const r = run('route', 'hi', '--cost', '-1');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('switchyard route: --cost: expected a number from 0 to 1, got "-1"\nRun `switchyard route --help` for usage.\n');
  });

  it('`help <command>` and `<command> --help` agree', async () => {
    for (const command of ['route', 'chat', 'estimate', 'models', 'spend', 'serve']) {
      const a = await inProcess(['help', command]);
      const b = await inProcess([command, '--help']);
      expect(a.status).toBe(0);
      expect(a.stdout).toBe(b.stdout);
      expect(a.stdout).toContain(`Usage: switchyard ${command}`);
    }
  });

  it('names CLI commands, not MCP tools, in errors about models', async () => {
    for (const command of ['route', 'estimate', 'chat']) {
      const r = await inProcess([command, 'hi', '--model', 'openai/gpt-40']);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--model: unknown model "openai\/gpt-40"\. Did you mean .*"openai\/gpt-4o"/);
      expect(r.stderr).toContain('`switchyard models');
      expect(r.stderr).not.toMatch(/list_models|models\[0\]/);
    }
  });

  it('says when a port is in use, without a stack trace, exit 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = spawnSync(process.execPath, [CLI, 'serve', '--http', String(port)], { cwd: sandbox.workspace, env: sandbox.env, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`--http: 127.0.0.1:${port} is already in use`);
      expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('chat --json prints its failure as JSON too', () => {
    const r = run('chat', 'hi', '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'no_provider', message: expect.stringContaining('No model provider') } });
  });
});

describe('keys', () => {
  it('refuses a pinned --model whose provider has no key, instead of falling back silently', async () => {
    const sb = await providerSandbox();
    try {
      const r = await runAsync(sb, ['chat', 'hi', '--model', 'alpha/alpha-large'], { ALPHA_KEY: '' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('alpha/alpha-large is served by alpha, which cannot be called: set ALPHA_KEY');
      expect(sb.beta.requests).toHaveLength(0);
    } finally {
      await sb.close();
    }
  });

  it('reports an unset key variable as such, not as a rejected key', async () => {
    const fixture: Fixture = await startOpenAIFixture();
    const sb = makeSandbox();
    try {
      sb.writeUserConfig({ providers: { loc: { api: 'openai', baseUrl: `${fixture.url}/v1`, apiKeyEnv: 'LOC_KEY', local: true, models: [{ id: 'm', contextWindow: 8000, pricing: { inputPerMTok: 0, outputPerMTok: 0 } }] } } });
      fixture.setFault({ type: 'authError' });
      const r = await runAsync(sb, ['chat', 'hi', '--model', 'loc/m', '--no-fallbacks']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no API key was sent (LOC_KEY is not set)');
      expect(r.stderr).not.toContain('the API key was rejected');
    } finally {
      await fixture.close();
      sb.remove();
    }
  });
});
