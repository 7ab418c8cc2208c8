import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from '../helpers/mcp-harness.js';

const CLI = path.resolve('dist/cli.js');
let sandbox: Sandbox;
beforeAll(() => {
  sandbox = makeSandbox();
});
afterAll(() => sandbox.remove());

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: sandbox.workspace, env: sandbox.env, encoding: 'utf8', timeout: 20_000 });
/** `switchyard route PROMPT --json`, parsed. */
const decide = (prompt: string) => JSON.parse(run('route', prompt, '--json').stdout) as { model: string; difficulty: number; estimatedCost: number; explanation: string[] };

describe('switchyard CLI', () => {
  it('routes a prompt with no keys, explaining why', () => {
    const r = run('route', 'Write a TypeScript function that merges two sorted arrays');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^→ \S+\/\S+ via \S+ +\$[\d.]+ estimated \(\$[\d.]+–\$[\d.]+\) +\(task coding, policy balanced\)/);
    expect(r.stdout).toMatch(/not callable yet: set [A-Z_]+_API_KEY/);
    expect(r.stdout).toContain('Why:');
    expect(r.stdout).toContain('Alternatives:');
  });

  it('from the bundled CLI, rates a system design harder than one function and sends it to a dearer model, saying why', () => {
    const fn = decide('Write a Python function that returns the sum of a list of numbers.');
    const design = decide('Design the architecture and database schema for a multi-tenant SaaS billing system with usage-based pricing.');
    expect(design.difficulty - fn.difficulty).toBeGreaterThan(0.3);
    expect(design.estimatedCost).toBeGreaterThan(fn.estimatedCost * 3);
    expect(design.explanation.join('\n')).toContain("difficulty from the task and the prompt's wording only: it is unlike every coding prompt the predictor was trained on");
  });

  it('from the bundled CLI, rates a university algebra question harder than a word problem and sends it to a dearer model', () => {
    const school = decide('A group of 5 friends shares 20 apples equally on a field trip. How many apples does each friend get?');
    const college = decide('Let σ = (1 3)(2 4 5) in S_5. Compute the order of σ.');
    expect(college.difficulty - school.difficulty).toBeGreaterThan(0.3);
    expect(college.model).not.toBe(school.model);
    expect(college.estimatedCost).toBeGreaterThan(school.estimatedCost * 3);
  });

  it('prints JSON on request', () => {
    const r = run('estimate', 'hello there', '--model', 'gpt-4o', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { estimates: { model: string; exact: boolean }[] };
    expect(out.estimates).toEqual([expect.objectContaining({ model: 'openai/gpt-4o', exact: true })]);
  });

  it('routes and estimates with the thinking controls a gateway client would send', () => {
    const proof = 'Prove that there are infinitely many primes of the form 4k + 3.';
    const routed = (...flags: string[]) => JSON.parse(run('route', proof, '--model', 'anthropic/claude-sonnet-4-5', '--json', ...flags).stdout) as { outputForecast: { reasoningTokens: number } };
    expect(routed().outputForecast.reasoningTokens).toBe(0);
    expect(routed('--reasoning-effort', 'high').outputForecast.reasoningTokens).toBeGreaterThan(1000);
    expect(routed('--thinking-budget', '800').outputForecast.reasoningTokens).toBeLessThanOrEqual(800);
    const estimate = run('estimate', proof, '--reasoning-effort', 'medium', '--limit', '3');
    expect(estimate.status).toBe(0);
    expect(estimate.stdout).toMatch(/every model thinks: ~[\d.,k]+ hidden reasoning tokens/);
    expect(estimate.stdout).toMatch(/\d+ models that cannot think are left out/);
    const bad = run('route', proof, '--reasoning-effort', 'huge');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--reasoning-effort: "huge" is not one of none, minimal, low, medium, high, xhigh');
  });

  it('explains usage mistakes with exit code 2 and errors with exit code 1, without a stack', () => {
    const unknown = run('frobnicate');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFlag = run('models', '--sort', 'bogus');
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('--sort: "bogus" is not one of price, quality, context, name');
    const badPolicy = run('route', 'hi', '--policy', 'nope');
    expect(badPolicy.status).toBe(1);
    expect(badPolicy.stderr).toContain('unknown policy "nope"');
    expect(badPolicy.stderr).not.toMatch(/\n\s+at /);
    const help = run('chat', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--no-fallbacks');
  });

  it('stops quietly when its reader goes away (| head)', async () => {
    const child = spawn(process.execPath, [CLI, 'models', '--limit', '5000'], { cwd: sandbox.workspace, env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });
});
