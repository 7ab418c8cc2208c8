import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { runChat } from '../../../server/invoke/chat-service.js';
import { createSwitchyardServer } from '../../../server/mcp/server.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { makeSandbox } from '../../helpers/mcp-harness.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';
import type { Fault } from '../../fixtures/providers/index.js';

let sb: ProviderSandbox;
let runtime: Runtime;
beforeEach(async () => {
  sb = await providerSandbox();
  runtime = await createRuntime({ workspace: sb.workspace, env: sb.env, timeouts: { connectMs: 1000, headersMs: 700, completeMs: 700, bodyMs: 700 } });
});
afterEach(async () => {
  await runtime.close();
  await sb.close();
});

const chat = (model: string, stream = false) =>
  runChat(runtime, { input: { prompt: 'hello' }, model, maxTokens: 50 }, { via: 'test', ...(stream ? { onText: () => undefined } : {}) });

describe('every upstream fault ends in a fallback or a clear error', () => {
  const fallbackFaults: Fault[] = [
    { type: 'status500' },
    { type: 'status429' },
    { type: 'status429', retryAfter: '120' },
    { type: 'slowFirstByte', ms: 3000 },
    { type: 'reset' },
    { type: 'malformedJson' },
    { type: 'wrongContentType' },
    { type: 'overloaded' },
    { type: 'authError' },
    { type: 'contextLength' },
  ];
  for (const fault of fallbackFaults) {
    for (const stream of [false, true]) {
      it(`${fault.type}${'retryAfter' in fault ? ` (Retry-After ${fault.retryAfter})` : ''}${stream ? ', streaming' : ''} → falls back to the other provider`, async () => {
        sb.alpha.setFault(fault);
        const out = await chat('alpha/alpha-large', stream);
        expect(out.model).toBe('beta/beta-small');
        expect(out.attempts[0]).toMatchObject({ model: 'alpha/alpha-large', outcome: 'fallback' });
        expect(out.attempts.at(-1)).toMatchObject({ model: 'beta/beta-small', outcome: 'ok' });
      });
    }
  }

  it('a stream stalled or cut before any content falls back', async () => {
    sb.alpha.setFault({ type: 'stallMidStream', afterChunks: 0 });
    expect((await chat('alpha/alpha-large', true)).model).toBe('beta/beta-small');
    sb.alpha.setFault({ type: 'resetMidStream', afterChunks: 0 });
    expect((await chat('alpha/alpha-large', true)).model).toBe('beta/beta-small');
  });

  it('a stream cut after content has started stops with a clear error (no duplicated output)', async () => {
    sb.alpha.setReply({ text: 'partial answer that will be cut', usage: { inputTokens: 3, outputTokens: 6 } });
    sb.alpha.setFault({ type: 'resetMidStream', afterChunks: 3 });
    await expect(chat('alpha/alpha-large', true)).rejects.toThrow(/alpha\/alpha-large failed/);
    expect(sb.beta.requests).toHaveLength(0);
    const spend = await runtime.ledger.summary('today');
    expect(spend.byModel[0]?.model).toBe('alpha/alpha-large');
    expect(spend.byModel[0]?.cost).toBeGreaterThan(0); // the part that streamed was billed
  });

  it('retries a 429 with a short Retry-After on the same model', async () => {
    sb.alpha.queueFaults({ type: 'status429', retryAfter: '0' });
    const out = await chat('alpha/alpha-large');
    expect(out.model).toBe('alpha/alpha-large');
    expect(out.attempts.map((a) => a.outcome)).toEqual(['retry', 'ok']);
  });

  it('a content filter stops instead of shopping the prompt around', async () => {
    sb.alpha.setFault({ type: 'contentFilter' });
    await expect(chat('alpha/alpha-large')).rejects.toThrow(/not one a fallback can fix/);
    expect(sb.beta.requests).toHaveLength(0);
  });

  it('cools a failing provider down after repeated failures', async () => {
    sb.alpha.setFault({ type: 'status500' });
    for (let i = 0; i < 3; i++) await chat('alpha/alpha-large');
    const before = sb.alpha.requests.length;
    const out = await chat('alpha/alpha-large');
    expect(sb.alpha.requests.length).toBe(before);
    expect(out.attempts[0]).toMatchObject({ outcome: 'skipped' });
    expect(out.attempts[0]?.error).toMatch(/cooling down/);
  });

  it('gives a clear error when every model fails', async () => {
    sb.alpha.setFault({ type: 'status500' });
    sb.beta.setFault({ type: 'overloaded' });
    await expect(chat('alpha/alpha-large')).rejects.toThrow(/every model in the chain failed \(alpha\/alpha-large: .*500.*beta\/beta-small: /);
  });
});

describe('MCP sampling', () => {
  it('delegates to the client’s model with the routed model as the first hint when no provider is configured', async () => {
    const sandbox = makeSandbox();
    const rt = await createRuntime({ workspace: sandbox.workspace, env: sandbox.env });
    const server = createSwitchyardServer(rt);
    const client = new Client({ name: 'sampler', version: '1' }, { capabilities: { sampling: {} } });
    let seen: { hints?: { name?: string }[] } | undefined;
    client.setRequestHandler(CreateMessageRequestSchema, async (req) => {
      seen = req.params.modelPreferences as typeof seen;
      return { model: 'client-model-x', role: 'assistant', content: { type: 'text', text: 'sampled answer' }, stopReason: 'endTurn' };
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    const result = await client.callTool({ name: 'chat', arguments: { prompt: 'Write a limerick about routers' } });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { text: string; model: string; via: string; routedModel: string; cost: number };
    expect(out).toMatchObject({ text: 'sampled answer', model: 'client-model-x', via: 'sampling', cost: 0 });
    expect(seen?.hints?.[0]?.name).toBe(out.routedModel);
    await client.close();
    await rt.close();
    sandbox.remove();
  });
});
