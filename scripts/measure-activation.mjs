// Cold activation of the built extension outside VS Code: a fresh Node process loads dist/extension.cjs (with a
// stand-in for the `vscode` module that accepts every call) and runs activate(), timing each. This isolates
// Switchyard's own cost from the rest of a busy extension host. Prints JSON: { loadMs, activateMs, totalMs }.
// Usage: node scripts/measure-activation.mjs [path/to/extension.cjs]
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const file = path.resolve(process.argv[2] ?? 'dist/extension.cjs');
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
