import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from '../helpers/mcp-harness.js';
import { CHEAP, HELD_OUT, STRONG, outcomeFile } from '../server/predict/outcome-fixture.js';

/**
 * Test what ships: the bundled dist/cli.js copied into a folder with no node_modules, and the tarball `npm pack`
 * makes, installed offline into an empty prefix. `npm test` builds dist/ first.
 */
const ROOT = path.resolve('.');
const MB = 1024 * 1024;

/** OpenRouter's /api/v1/models shape, one new model, served from 127.0.0.1. */
const LIVE = {
  data: [
    {
      id: 'newlab/shipped-fresh-model',
      context_length: 262144,
      pricing: { prompt: '0.0000003', completion: '0.0000012' },
      top_provider: { max_completion_tokens: 32768 },
      architecture: { input_modalities: ['text'] },
      supported_parameters: ['tools'],
    },
  ],
};

let tmp: string;
let sandbox: Sandbox;
let live: http.Server;
let liveUrl: string;
let liveHits = 0;
let bundledCli: string;
let installedCli: string;
let tarball: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'switchyard-ship-'));
  sandbox = makeSandbox();
  live = http.createServer((_req, res) => {
    liveHits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(LIVE));
  });
  await new Promise<void>((r) => live.listen(0, '127.0.0.1', r));
  liveUrl = `http://127.0.0.1:${(live.address() as AddressInfo).port}/api/v1/models`;

  // The bundle alone, with nothing to resolve packages from.
  const bare = path.join(tmp, 'bare');
  mkdirSync(bare);
  cpSync(path.join(ROOT, 'dist'), path.join(bare, 'dist'), { recursive: true, filter: (src) => !src.includes(`${path.sep}bench`) });
  bundledCli = path.join(bare, 'dist', 'cli.js');

  // The tarball, installed offline into an empty prefix (it must need nothing from the registry).
  const packDir = path.join(tmp, 'pack');
  mkdirSync(packDir);
  const npmEnv = { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
  execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: ROOT, env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz'))!);
  const prefix = path.join(tmp, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { env: npmEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  installedCli = path.join(prefix, 'bin', 'switchyard');
}, 180_000);

afterAll(async () => {
  await new Promise((r) => live.close(r));
  sandbox?.remove();
  rmSync(tmp, { recursive: true, force: true });
});

/** Sends `initialize` and `tools/list` as raw frames and returns the answers (by id). */
async function serveOnce(command: string, args: string[], env: NodeJS.ProcessEnv, waitFor: () => boolean = () => true): Promise<{ answers: Map<number, Record<string, unknown>>; stderr: string }> {
  const child = spawn(command, args, { cwd: sandbox.workspace, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const send = (msg: unknown) => child.stdin.write(`${JSON.stringify(msg)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ship-test', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  const deadline = Date.now() + 15_000;
  const answers = new Map<number, Record<string, unknown>>();
  while (Date.now() < deadline) {
    answers.clear();
    for (const line of stdout.split('\n')) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as { id?: number };
      if (typeof msg.id === 'number') answers.set(msg.id, msg as Record<string, unknown>);
    }
    if (answers.size >= 2 && waitFor()) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.stdin.end();
  await new Promise((r) => child.once('close', r));
  return { answers, stderr };
}

const toolNames = (answer: Record<string, unknown> | undefined) => ((answer?.result as { tools?: { name: string }[] })?.tools ?? []).map((t) => t.name).sort();

describe.each([
  ['the bundled dist/cli.js, with no node_modules', () => [process.execPath, bundledCli] as const],
  ['the packed tarball, installed into an empty prefix', () => [installedCli] as const],
])('%s', (_name, cli) => {
  const cmd = () => {
    const [command, ...rest] = cli();
    return { command, rest: [...rest] };
  };

  it('serves MCP over stdio: initialize and tools/list', async () => {
    const { command, rest } = cmd();
    const { answers } = await serveOnce(command, [...rest, 'serve'], sandbox.env);
    expect((answers.get(1)?.result as { serverInfo: { name: string } }).serverInfo.name).toBe('switchyard');
    expect(toolNames(answers.get(2))).toEqual(['chat', 'estimate_cost', 'list_models', 'route', 'spend']);
  });

  it('routes a prompt', () => {
    const { command, rest } = cmd();
    const r = spawnSync(command, [...rest, 'route', 'Write a TypeScript function that merges two sorted arrays'], { cwd: sandbox.workspace, env: sandbox.env, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^→ \S+ via \S+ +\$[\d.]+ estimated \(\$[\d.]+–\$[\d.]+\) +\(task coding, policy balanced\)/);
  });

  it('trains the predictor on graded outcomes and routes with the weights', () => {
    const { command, rest } = cmd();
    const data = path.join(sandbox.root, 'outcomes.json');
    const weights = path.join(sandbox.root, `weights-${rest.length}.json`);
    writeFileSync(data, JSON.stringify(outcomeFile()));
    const trained = spawnSync(command, [...rest, 'train', '--data', data, '--out', weights], { cwd: sandbox.workspace, env: sandbox.env, encoding: 'utf8', timeout: 60_000 });
    expect(trained.status, trained.stderr).toBe(0);
    const routed = spawnSync(command, [...rest, 'route', HELD_OUT.hard, '--model', CHEAP, '--model', STRONG, '--json'], { cwd: sandbox.workspace, env: { ...sandbox.env, SWITCHYARD_WEIGHTS: weights }, encoding: 'utf8', timeout: 20_000 });
    expect(routed.status, routed.stderr).toBe(0);
    expect((JSON.parse(routed.stdout) as { model: string }).model).toBe(STRONG);
  });

  it('fetches live prices from SWITCHYARD_OPENROUTER_URL when serving', async () => {
    const { command, rest } = cmd();
    const home = makeSandbox({ SWITCHYARD_OFFLINE: '', SWITCHYARD_OPENROUTER_URL: liveUrl });
    try {
      const cache = path.join(home.root, 'cache', 'switchyard', 'openrouter-models.json');
      const before = liveHits;
      const { stderr } = await serveOnce(command, [...rest, 'serve'], { ...home.env, SWITCHYARD_OFFLINE: '' }, () => existsSync(cache));
      expect(stderr).not.toContain('not refreshed');
      expect(liveHits).toBe(before + 1);
      expect(existsSync(cache)).toBe(true);
      // One-shot commands then use the cached list.
      const r = spawnSync(command, [...rest, 'models', 'shipped-fresh-model', '--json'], { cwd: home.workspace, env: { ...home.env, SWITCHYARD_OFFLINE: '' }, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('newlab/shipped-fresh-model');
    } finally {
      home.remove();
    }
  });
});

describe('the package', () => {
  it('holds what runs: bundles, chunks, schema, icons, README and LICENSE; no maps, sources, tests or benchmarks; at most 3 MB packed', () => {
    expect(statSync(tarball).size).toBeLessThanOrEqual(3 * MB);
    const installed = path.join(path.dirname(path.dirname(installedCli)), 'lib', 'node_modules', 'switchyard-mcp');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(path.relative(installed, p));
      }
    };
    walk(installed);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/extension.cjs');
    expect(files.filter((f) => /\.map$|\.ts$|^bench|^test|^server|^shared|node_modules/.test(f))).toEqual([]);
    // No runtime dependencies: the bundle needs none, so the install brings none.
    expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
  });
});
