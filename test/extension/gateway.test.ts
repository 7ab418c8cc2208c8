/**
 * The language model provider's back end for real: the built dist/cli.js started as the loopback gateway, a local
 * OpenAI-compatible fixture as the only provider, one streamed request, and the call in the ledger.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFixture, type Fixture } from '../fixtures/providers/index.js';
import { streamChat } from '../../extension/lm/client.js';
import { Gateway } from '../../extension/lm/gateway.js';
import { chatCompletionsBody } from '../../extension/lm/wire.js';

const cli = path.resolve('dist/cli.js');

describe.skipIf(!existsSync(cli))('the gateway behind the chat model provider', () => {
  let fixture: Fixture;
  let gateway: Gateway;
  let state: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    state = mkdtempSync(path.join(tmpdir(), 'switchyard-gw-'));
    fixture = await startOpenAIFixture({ reply: { text: 'Hello from the fixture.', usage: { inputTokens: 12, outputTokens: 6 }, chunkDelayMs: 5 } });
    writeFileSync(
      path.join(state, 'config.json'),
      JSON.stringify({ providers: { fixture: { api: 'openai', baseUrl: `${fixture.url}/v1`, local: false, models: [{ id: 'echo-small', contextWindow: 32_000, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 }, capabilities: ['tools'] }] } } }),
    );
    env = { XDG_STATE_HOME: state, SWITCHYARD_CONFIG: path.join(state, 'config.json'), SWITCHYARD_OFFLINE: '1' };
    gateway = new Gateway({ node: process.execPath, cli, workspace: state, env: () => env });
  });

  afterAll(async () => {
    gateway?.dispose();
    await fixture?.close();
  });

  it('streams the answer of the routed model and records the call', async () => {
    const texts: string[] = [];
    const result = await streamChat(gateway, chatCompletionsBody('auto', [{ role: 'user', parts: [{ kind: 'text', text: 'Say hello' }] }]), (e) => {
      if (e.type === 'text') texts.push(e.text);
    });
    expect(texts.join('')).toBe('Hello from the fixture.');
    expect(result.model).toBe('fixture/echo-small');
    expect(result.cost).toBeGreaterThan(0);
    const sent = fixture.requests.find((r) => r.path.endsWith('/chat/completions'));
    expect(sent).toBeDefined();
    const spend = JSON.parse(execFileSync(process.execPath, [cli, 'spend', '--json', '--workspace', state], { env: { ...process.env, ...env }, encoding: 'utf8' })) as { byModel: { model: string; calls: number }[] };
    expect(spend.byModel.find((m) => m.model === 'fixture/echo-small')?.calls).toBe(1);
  }, 60_000);

  it('refuses a request without its bearer token', async () => {
    const endpoint = await gateway.acquire();
    gateway.release();
    const response = await fetch(`${endpoint.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
  });
});
