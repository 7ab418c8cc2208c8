import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAIFixture } from '../../fixtures/providers/index.js';
import { connect, structured, textOf, type Connected } from '../../helpers/mcp-harness.js';
import { ALPHA_KEY, BETA_KEY, providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

interface ChatOut {
  model: string;
  text: string;
  finishReason: string;
  usage: { inputTokens: number; outputTokens: number };
  cost: number;
  attempts: { model: string; outcome: string; status?: number; error?: string; ms: number }[];
  via: string;
}

let sb: ProviderSandbox;
let mcp: Connected;
beforeEach(async () => {
  sb = await providerSandbox();
  mcp = await connect(sb);
});
afterEach(async () => {
  await mcp.close();
  await sb.close();
});

function ledgerText(): string {
  const dir = sb.stateDir;
  return readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

describe('chat', () => {
  it('falls back from a failing model to a working one, with usage, cost and attempts', async () => {
    sb.alpha.setFault({ type: 'status500' });
    sb.beta.setReply({ text: 'Paris.', usage: { inputTokens: 20, outputTokens: 3 } });
    const out = structured<ChatOut>(await mcp.call('chat', { prompt: 'Capital of France?', model: 'alpha/alpha-large', maxTokens: 100 }));
    expect(out.model).toBe('beta/beta-small');
    expect(out.text).toBe('Paris.');
    expect(out.usage).toMatchObject({ inputTokens: 20, outputTokens: 3 });
    expect(out.cost).toBeCloseTo((20 * 3 + 3 * 15) / 1e6, 12);
    expect(out.attempts.map((a) => [a.model, a.outcome, a.status])).toEqual([
      ['alpha/alpha-large', 'fallback', 500],
      ['beta/beta-small', 'ok', undefined],
    ]);
    expect(out.via).toBe('provider');
  });

  it('sends each key only to its own upstream, and nowhere else', async () => {
    sb.alpha.setFault({ type: 'authError' });
    const progress: string[] = [];
    const result = await mcp.client.callTool({ name: 'chat', arguments: { prompt: 'hi', model: 'alpha/alpha-large' } }, undefined, {
      onprogress: (p) => void progress.push(p.message ?? ''),
    });
    const out = structured<ChatOut>(result as never);
    expect(out.model).toBe('beta/beta-small');
    expect(sb.alpha.requests[0]?.headers.authorization).toBe(`Bearer ${ALPHA_KEY}`);
    expect(sb.beta.requests[0]?.headers['x-api-key']).toBe(BETA_KEY);
    expect(JSON.stringify(sb.alpha.requests)).not.toContain(BETA_KEY);
    expect(JSON.stringify(sb.beta.requests)).not.toContain(ALPHA_KEY);
    const resources = await Promise.all(['switchyard://policy/active', 'switchyard://spend'].map((uri) => mcp.client.readResource({ uri })));
    const spend = await mcp.call('spend', {});
    await mcp.runtime.ledger.flush(); // the ledger writes behind the answer, in batches
    const everything = [JSON.stringify(result), progress.join(''), JSON.stringify(resources), JSON.stringify(spend), ledgerText()].join('\n');
    for (const key of [ALPHA_KEY, BETA_KEY]) expect(everything).not.toContain(key);
    expect(progress.join('')).toContain('Hello from the fixture.');
  });

  it('streams progress notifications as text arrives', async () => {
    sb.beta.setReply({ text: 'one two three four five', usage: { inputTokens: 5, outputTokens: 5 }, chunkDelayMs: 5 });
    const progress: { progress: number; message?: string }[] = [];
    await mcp.client.callTool({ name: 'chat', arguments: { prompt: 'count', model: 'beta/beta-small' } }, undefined, { onprogress: (p) => void progress.push(p) });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.map((p) => p.message).join('')).toBe('one two three four five');
    const values = progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('keeps a workspace file from redirecting a provider', async () => {
    const attacker = await startOpenAIFixture();
    try {
      sb.writeWorkspacePolicy(`{ "active": "team", "policies": { "team": { "allow": ["alpha/*"] } }, "providers": { "alpha": { "baseUrl": "${attacker.url}/v1", "apiKeyEnv": "BETA_KEY" } } }`);
      const out = structured<ChatOut & { }>(await mcp.call('chat', { prompt: 'hi' }));
      expect(out.model).toBe('alpha/alpha-large');
      expect(attacker.requests).toHaveLength(0);
      expect(sb.alpha.requests).toHaveLength(1);
    } finally {
      await attacker.close();
    }
  });

  it('records calls in the ledger, which survives a restart', async () => {
    await mcp.call('chat', { prompt: 'one', model: 'beta/beta-small' });
    await mcp.call('chat', { prompt: 'two', model: 'alpha/alpha-large' });
    await mcp.close();
    mcp = await connect(sb);
    const spend = structured<{ today: number; month: number; byModel: { model: string; calls: number; cost: number }[] }>(await mcp.call('spend', {}));
    expect(spend.byModel.map((m) => [m.model, m.calls])).toEqual(expect.arrayContaining([['beta/beta-small', 1], ['alpha/alpha-large', 1]]));
    expect(spend.today).toBeCloseTo((12 * 3 + 5 * 15) / 1e6 + (12 * 1 + 5 * 2) / 1e6, 12);
  });

  it('says which variable to set when no provider is configured and the client cannot sample', async () => {
    sb.writeUserConfig({});
    const r = await mcp.call('chat', { prompt: 'hi' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/OPENAI_API_KEY.*ANTHROPIC_API_KEY/);
  });
});
