// Runs the official MCP conformance suite's server scenarios that apply to a real server against the built
// `dist/cli.js serve --http` (loopback, throwaway home). The runner needs Node >= 22: it runs on a Node 24 binary
// that scripts/ensure-node24.sh installs beside the project (never on its PATH). Exits non-zero if any scenario
// expected to pass fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Scenarios a real server can pass: they use only the server's own tools, resources and prompts. */
export const APPLICABLE = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'resources-subscribe',
  'resources-unsubscribe',
  'prompts-list',
  'dns-rebinding-protection',
  'server-sse-multiple-streams',
];

const root = path.resolve(import.meta.dirname, '..');
const node24 = spawnSync('bash', [path.join(root, 'scripts/ensure-node24.sh')], { encoding: 'utf8' }).stdout.trim().split('\n').at(-1) ?? '';
const runner = path.join(root, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
for (const [what, file] of [['Node 24 (scripts/ensure-node24.sh)', node24], ['the conformance runner', runner], ['dist/cli.js (npm run build)', path.join(root, 'dist/cli.js')]]) {
  if (!existsSync(file)) {
    console.error(`conformance: ${what} is missing at ${file}`);
    process.exit(2);
  }
}

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const p = probe.address().port;
    probe.close(() => resolve(p));
  });
});
const home = mkdtempSync(path.join(os.tmpdir(), 'switchyard-conformance-'));
const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state'), SWITCHYARD_OFFLINE: '1' };
const server = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'serve', '--http', `127.0.0.1:${port}`], { cwd: home, env, stdio: ['ignore', 'ignore', 'pipe'] });
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('server did not start within 10 s')), 10_000);
  server.stderr.on('data', (d) => {
    if (String(d).includes('MCP at')) {
      clearTimeout(timer);
      resolve();
    }
  });
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const results = [];
for (const scenario of APPLICABLE) {
  const run = spawnSync(node24, [runner, 'server', '--url', `http://127.0.0.1:${port}/mcp`, '--scenario', scenario], { encoding: 'utf8', timeout: 60_000 });
  const output = `${run.stdout}${run.stderr}`;
  const passed = /Passed: (\d+)\/(\d+), 0 failed/.exec(output);
  results.push({ scenario, ok: run.status === 0 && passed !== null, checks: passed ? `${passed[1]}/${passed[2]}` : 'failed' });
  if (!results.at(-1).ok) console.error(output);
}
server.kill('SIGTERM');
rmSync(home, { recursive: true, force: true });

const width = Math.max(...results.map((r) => r.scenario.length));
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.scenario.padEnd(width)}  ${r.checks}`);
const failed = results.filter((r) => !r.ok);
console.log(`\n${results.length - failed.length}/${results.length} applicable server scenarios pass.`);
process.exit(failed.length > 0 ? 1 : 0);
