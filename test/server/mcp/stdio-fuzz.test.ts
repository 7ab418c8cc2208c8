import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';

const CLI = path.resolve('dist/cli.js');

/** The built server over raw stdio: frames in, answers (by id) out. */
describe('switchyard serve over stdio, fed malformed and oversized frames', () => {
  let sandbox: Sandbox;
  let child: ChildProcessWithoutNullStreams;
  let out = '';
  const answers = new Map<string, { error?: { code: number; message: string }; result?: unknown }>();
  const nullAnswers: { error: { code: number; message: string } }[] = [];
  let exited: number | null | undefined;

  const collect = () => {
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as { id?: string | number | null; error?: { code: number; message: string } };
      if (msg.id === null || msg.id === undefined) nullAnswers.push(msg as { error: { code: number; message: string } });
      else answers.set(JSON.stringify(msg.id), msg);
    }
  };
  const send = (text: string) => child.stdin.write(`${text}\n`);
  async function answerTo(id: string | number, ms = 10_000) {
    const key = JSON.stringify(id);
    const deadline = Date.now() + ms;
    while (!answers.has(key) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return answers.get(key);
  }

  beforeAll(async () => {
    sandbox = makeSandbox();
    child = spawn(process.execPath, [CLI, 'serve'], { cwd: sandbox.workspace, env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      collect();
    });
    child.stderr.on('data', () => undefined);
    child.once('exit', (code) => (exited = code));
    send(JSON.stringify({ jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } } }));
    send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    expect(await answerTo('init')).toHaveProperty('result');
  });
  afterAll(() => {
    child.kill();
    sandbox.remove();
  });

  it('answers a frame over the 8 MiB limit with -32600 and keeps serving', async () => {
    send(JSON.stringify({ jsonrpc: '2.0', id: 'huge', method: 'tools/call', params: { name: 'route', arguments: { prompt: 'x'.repeat(11 * 1024 * 1024) } } }));
    const huge = await answerTo('huge', 15_000);
    expect(huge?.error?.code).toBe(-32600);
    expect(huge?.error?.message).toMatch(/over the limit of 8388608 bytes/);
    send(JSON.stringify({ jsonrpc: '2.0', id: 'after-huge', method: 'ping' }));
    expect(await answerTo('after-huge')).toHaveProperty('result');
  });

  it('answers each malformed request with the right JSON-RPC error, naming the field', async () => {
    const cases: [string | number, string, number, RegExp][] = [
      ['p1', JSON.stringify({ jsonrpc: '2.0', id: 'p1', method: 'tools/call', params: 'x' }), -32602, /params must be an object/],
      ['p2', JSON.stringify({ jsonrpc: '2.0', id: 'p2', method: 'tools/call', params: { name: 'route', _meta: 7 } }), -32602, /params\._meta must be an object/],
      ['p3', JSON.stringify({ jsonrpc: '2.0', id: 'p3', method: 'tools/call', params: { name: 'route', _meta: { progressToken: {} } } }), -32602, /progressToken/],
      ['p4', JSON.stringify({ jsonrpc: '2.0', id: 'p4', method: 'tools/call', params: { name: 5 } }), -32602, /params\.name: expected string/],
      ['p5', JSON.stringify({ jsonrpc: '2.0', id: 'p5', method: 'resources/read', params: {} }), -32602, /params\.uri/],
      ['v1', JSON.stringify({ jsonrpc: '1.0', id: 'v1', method: 'ping' }), -32600, /jsonrpc must be "2\.0"/],
      ['m1', JSON.stringify({ jsonrpc: '2.0', id: 'm1', method: 7 }), -32600, /method must be a string/],
    ];
    for (const [, frame] of cases) send(frame);
    for (const [id, , code, message] of cases) {
      const a = await answerTo(id);
      expect(a?.error?.code, String(id)).toBe(code);
      expect(a?.error?.message).toMatch(message);
      expect(a?.error?.message).not.toContain('"code": "invalid_type"');
    }
    const before = nullAnswers.length;
    send('not json at all');
    send('[{"jsonrpc":"2.0","id":1,"method":"ping"}]');
    send('42');
    send(JSON.stringify({ jsonrpc: '2.0', id: { no: 1 }, method: 'ping' }));
    send(JSON.stringify({ jsonrpc: '2.0', id: 'alive', method: 'ping' }));
    await answerTo('alive');
    expect(nullAnswers.slice(before).map((a) => a.error.code)).toEqual([-32700, -32600, -32600, -32600]);
  });

  it('answers every fuzzed request (random envelopes, params and garbage) and never ends', async () => {
    let n = 0;
    const ids: string[] = [];
    const params = fc.oneof(fc.anything(), fc.record({ name: fc.oneof(fc.string(), fc.constantFrom('route', 'list_models', 'estimate_cost', 'spend')), arguments: fc.anything(), _meta: fc.anything() }, { requiredKeys: [] }));
    const method = fc.constantFrom('tools/call', 'tools/list', 'resources/read', 'prompts/get', 'completion/complete', 'logging/setLevel', 'ping', 'nope/nope', 'initialize');
    fc.assert(
      fc.property(method, params, fc.boolean(), (m, p, withParams) => {
        const id = `f${n++}`;
        ids.push(id);
        send(JSON.stringify({ jsonrpc: '2.0', id, method: m, ...(withParams ? { params: p } : {}) }));
      }),
      { numRuns: 150, seed: 13 },
    );
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => void send(s.replace(/\n/g, ' '))), { numRuns: 100, seed: 13 });
    for (const id of ids) expect(await answerTo(id), id).toBeDefined();
    send(JSON.stringify({ jsonrpc: '2.0', id: 'final', method: 'ping' }));
    expect(await answerTo('final')).toHaveProperty('result');
    expect(exited).toBeUndefined();
  }, 60_000);
});
