import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicyText, type ReferenceContext } from '../../shared/policy/parse.js';
import { route } from '../../shared/routing/route.js';
import { createRuntime } from '../../server/runtime.js';
import { makeSandbox, type Sandbox } from '../helpers/mcp-harness.js';

const CLI = path.resolve('dist/cli.js');
let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.remove());

const BUILTINS = ['cheapest', 'balanced', 'best', 'fastest', 'local-only'];

describe('names in a policy file must refer to something', () => {
  const refs: ReferenceContext = { policies: BUILTINS, model: (id) => (id === 'openai/gpt-4o' ? { known: true } : { known: false, suggestions: ['openai/gpt-4o'] }) };

  it('an unknown active, extends or rule use is an error at file:line:col naming the closest valid names', () => {
    const text = '{\n  "active": "cheapst",\n  "policies": {\n    "team": { "extends": "bset", "rules": [{ "when": { "task": "coding" }, "use": "openai/gpt-40" }] }\n  }\n}\n';
    const out = parsePolicyText(text, '.switchyard.json', 'workspace', refs);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toEqual([
      expect.stringMatching(/^\.switchyard\.json:2:13 active: unknown policy "cheapst"\. Did you mean "cheapest"\? Known policies: cheapest, balanced, best, fastest, local-only, team$/),
      expect.stringMatching(/^\.switchyard\.json:4:26 policies\.team\.extends: unknown policy "bset"\. Did you mean "best"/),
      expect.stringMatching(/^\.switchyard\.json:4:\d+ policies\.team\.rules\[0\]\.use: unknown model "openai\/gpt-40"\. Did you mean "openai\/gpt-4o"\?$/),
    ]);
  });

  it('accepts names defined in the same file, below it, or built in', () => {
    const text = '{ "active": "mine", "policies": { "mine": { "extends": "users", "rules": [{ "when": { "task": "coding" }, "use": "openai/gpt-4o" }] } } }';
    expect(parsePolicyText(text, 'f', 'workspace', { ...refs, policies: [...BUILTINS, 'users'] }).ok).toBe(true);
  });
});

describe('the server keeps the last good version of a broken policy file', () => {
  it('routes with it and reports the problem in every decision', async () => {
    sandbox.writeWorkspacePolicy('{ "active": "best" }');
    const rt = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env });
    const decide = () => route({ input: { prompt: 'hello' } }, rt.catalog(), rt.policies(), rt.routeContext());
    expect(decide().policy).toBe('best');
    await new Promise((r) => setTimeout(r, 20));
    sandbox.writeWorkspacePolicy('{ "active": "fastst" }');
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 2; i++) {
      const d = decide();
      expect(d.policy).toBe('best');
      expect(d.warnings).toContainEqual(expect.stringMatching(/\.switchyard\.json:1:13 active: unknown policy "fastst"\. Did you mean "fastest"\?.*\(the last good version stays in force\)/));
    }
    await rt.close();
  });
});

describe('the CLI and a broken policy file', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: sandbox.workspace, env: sandbox.env, encoding: 'utf8', timeout: 20_000 });

  it('prints the problem first and once, then the decision, and exits 1', () => {
    sandbox.writeWorkspacePolicy('{\n  "active": "best",\n  "policies": {\n}\n');
    const r = run('route', 'hello');
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^switchyard: \.switchyard\.json:5:1 JSON syntax: expected "}"/);
    expect(r.stderr.match(/JSON syntax/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/^→ /);
    expect(r.stdout).not.toContain('JSON syntax');
    expect(lines.at(-1)).toMatch(/\.switchyard\.json is broken/);
  });

  it('exits 1 for an unknown active policy too, naming the closest ones', () => {
    sandbox.writeWorkspacePolicy('{ "active": "fast" }');
    const r = run('route', 'hello', '--json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('active: unknown policy "fast". Did you mean "best", "fastest"?');
    expect(JSON.parse(r.stdout).policy).toBe('balanced');
  });

  it('exits 0 with a good file', () => {
    sandbox.writeWorkspacePolicy('{ "active": "best" }');
    const r = run('route', 'hello');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
