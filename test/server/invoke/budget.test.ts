import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChat } from '../../../server/invoke/chat-service.js';
import { createRuntime } from '../../../server/runtime.js';
import { connect, textOf } from '../../helpers/mcp-harness.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

let sb: ProviderSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('budgets', () => {
  it('refuses a call whose worst case does not fit, naming the budget, and sends nothing upstream', async () => {
    sb = await providerSandbox({ budget: { daily: 0.001 } });
    const mcp = await connect(sb);
    try {
      // beta: $15/Mtok output; 4,096 output tokens alone would cost $0.06.
      const r = await mcp.call('chat', { prompt: 'Write an essay.', model: 'beta/beta-small', fallbacks: false });
      expect(r.isError).toBe(true);
      expect(textOf(r)).toMatch(/budget_exceeded: daily budget \$0\.001 reached: \$0 spent or reserved, \$0\.001 left, and this request needs at least \$0\.0\d+ \(beta\/beta-small/);
      expect(sb.beta.requests).toHaveLength(0);
      expect(sb.alpha.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });

  it('reserves the thinking a request asks for: a call that fits without it is refused with it', async () => {
    sb = await providerSandbox({ budget: { daily: 0.1 } });
    sb.writeUserConfig({
      providers: { beta: { api: 'anthropic', baseUrl: sb.beta.url, apiKeyEnv: 'BETA_KEY', local: false, models: [{ id: 'beta-think', contextWindow: 200_000, maxOutputTokens: 64_000, pricing: { inputPerMTok: 3, outputPerMTok: 15 }, capabilities: ['reasoning'], quality: { overall: 1250 } }] } },
      budget: { daily: 0.1 },
    });
    const mcp = await connect(sb);
    try {
      // 4,096 output tokens reserved: $0.061, inside $0.10
      const plain = await mcp.call('chat', { prompt: 'Is 91 prime?', model: 'beta/beta-think', fallbacks: false });
      expect(plain.isError).toBeFalsy();
      // high effort: Claude's 16,384-token thinking budget on top, $0.31 — refused before anything is sent
      const before = sb.beta.requests.length;
      const thinking = await mcp.call('chat', { prompt: 'Is 91 prime?', model: 'beta/beta-think', fallbacks: false, reasoningEffort: 'high' });
      expect(thinking.isError).toBe(true);
      expect(textOf(thinking)).toMatch(/budget_exceeded: daily budget \$0\.1000 would be exceeded: .* this call needs up to \$0\.307/);
      expect(sb.beta.requests).toHaveLength(before);
      // with a budget small enough to fit, it goes through, thinking as asked
      const low = await mcp.call('chat', { prompt: 'Is 91 prime?', model: 'beta/beta-think', fallbacks: false, thinkingBudget: 1024 });
      expect(low.isError).toBeFalsy();
      expect(sb.beta.requests.at(-1)?.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 } });
    } finally {
      await mcp.close();
    }
  });

  it('drops fallbacks that cannot fit and uses the ones that can', async () => {
    sb = await providerSandbox({ budget: { daily: 0.01 } });
    const mcp = await connect(sb);
    try {
      // alpha's worst case at 2,000 output tokens is $0.004, beta's $0.03: only alpha fits.
      const r = await mcp.call('chat', { prompt: 'hi', model: 'beta/beta-small', maxTokens: 2000 });
      expect(r.isError).toBeFalsy();
      expect((r.structuredContent as { model: string }).model).toBe('alpha/alpha-large');
      expect(sb.beta.requests).toHaveLength(0);
    } finally {
      await mcp.close();
    }
  });

  it('lets 100 simultaneous calls spend at most a budget that allows 10', async () => {
    // Each call: 5 output tokens at $1,000/Mtok = $0.005 worst case and actual; the fixture reports 5 output tokens.
    sb = await providerSandbox({ budget: { daily: 0.05 }, alphaPrice: [0, 1000] });
    sb.alpha.setReply({ text: 'ok', usage: { inputTokens: 0, outputTokens: 5 }, chunkDelayMs: 20 });
    const runtime = await createRuntime({ workspace: sb.workspace, env: sb.env });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => runChat(runtime, { input: { prompt: 'go' }, model: 'alpha/alpha-large', fallbacks: false, maxTokens: 5 }, { via: 'test' })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected' && String(r.reason).includes('budget'));
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(90);
    expect(sb.alpha.requests).toHaveLength(10);
    const spend = await runtime.ledger.summary('today');
    expect(spend.today).toBeLessThanOrEqual(0.05 + 1e-12);
    expect(spend.today).toBeCloseTo(0.05, 12);
    const lines = readFileSync(path.join(sb.stateDir, 'ledger.jsonl'), 'utf8').trim().split('\n');
    expect(lines.filter((l) => l.includes('"type":"call"'))).toHaveLength(10);
    await runtime.close();
  });
});
