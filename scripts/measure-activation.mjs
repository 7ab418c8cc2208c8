// Cold activation of the built extension outside VS Code: a fresh Node process loads dist/extension.cjs (with a
// stand-in for the `vscode` module that accepts every call) and runs activate(), timing each. This isolates
// Switchyard's own cost from the rest of a busy extension host. Prints JSON: { loadMs, activateMs, totalMs }.
// Usage: node scripts/measure-activation.mjs [path/to/extension.cjs] [--runs N]
// With --runs N it starts N fresh processes (each cold) and prints the fastest and the median: on a shared machine
// the fastest is the figure least disturbed by other work.
import { execFileSync } from 'node:child_process';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 1;
const file = path.resolve(args[0] ?? 'dist/extension.cjs');
if (runs > 1) {
  const results = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), file], { encoding: 'utf8' })));
  const sorted = [...results].sort((a, b) => a.totalMs - b.totalMs);
  console.log(JSON.stringify({ runs, fastest: sorted[0], median: sorted[Math.floor(runs / 2)] }));
  process.exit(0);
}
const stub = new Proxy(function vscodeStub() {}, {
  get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => stub,
});
const vscode = {
  window: stub,
  workspace: stub,
  commands: stub,
  languages: stub,
  lm: stub,
  Uri: stub,
  EventEmitter: class {
    event = () => ({ dispose() {} });
    fire() {}
    dispose() {}
  },
  CancellationTokenSource: class {},
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const require = createRequire(import.meta.url);
const t0 = performance.now();
const extension = require(file);
const t1 = performance.now();
const context = { subscriptions: [], extensionUri: stub, globalStorageUri: { fsPath: '/tmp' }, secrets: stub, extension: { packageJSON: { version: '0' } } };
extension.activate(context);
const t2 = performance.now();
console.log(JSON.stringify({ loadMs: +(t1 - t0).toFixed(1), activateMs: +(t2 - t1).toFixed(1), totalMs: +(t2 - t0).toFixed(1) }));
process.exit(0);
