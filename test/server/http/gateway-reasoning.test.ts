/**
 * A client's thinking controls decide who serves it: through the gateway (the official openai and Anthropic SDKs),
 * `reasoning_effort` and `thinking.budget_tokens` route to a model that can think and are forwarded to it; without
 * them the cheaper model that cannot think serves, as before.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../../server/http/server.js';
import { createRuntime, type Runtime } from '../../../server/runtime.js';
import { providerSandbox, type ProviderSandbox } from '../../helpers/provider-sandbox.js';

let sb: ProviderSandbox;
let runtime: Runtime;
let http: RunningHttpServer;
beforeEach(async () => {
  sb = await providerSandbox();
  sb.writeUserConfig({
    providers: {
      // cheaper and rated higher, but it cannot think
      alpha: { api: 'openai', baseUrl: `${sb.alpha.url}/v1`, apiKeyEnv: 'ALPHA_KEY', local: false, models: [
        { id: 'alpha-plain', contextWindow: 100_000, maxOutputTokens: 8000, pricing: { inputPerMTok: 0.5, outputPerMTok: 1 }, capabilities: ['tools'], quality: { overall: 1300 } },
        // can think, but dearer than beta-think: routed to only when pinned
        { id: 'alpha-think', contextWindow: 100_000, maxOutputTokens: 32_000, pricing: { inputPerMTok: 5, outputPerMTok: 25 }, capabilities: ['tools', 'reasoning'], quality: { overall: 1250 } },
      ] },
      beta: { api: 'anthropic', baseUrl: sb.beta.url, apiKeyEnv: 'BETA_KEY', local: false, models: [{ id: 'beta-think', contextWindow: 200_000, maxOutputTokens: 32_000, pricing: { inputPerMTok: 3, outputPerMTok: 15 }, capabilities: ['tools', 'reasoning'], quality: { overall: 1250 } }] },
    },
  });
  sb.writeWorkspacePolicy('{ "active": "team", "policies": { "team": { "extends": "cheapest", "allow": ["alpha/*", "beta/*"] } } }');
  runtime = await createRuntime({ workspace: sb.workspace, env: sb.env, timeouts: { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 } });
  http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, drainMs: 2000 });
});
afterEach(async () => {
  await http.close();
  await runtime.close();
  await sb.close();
});

const lastBody = (f: { requests: { body: unknown }[] }) => f.requests.at(-1)?.body as Record<string, unknown>;

it('reasoning_effort routes to a model that can think and is sent to it; without it the model that cannot think serves', async () => {
  const client = new OpenAI({ baseURL: `${http.url}/v1`, apiKey: 'sk-client', maxRetries: 0 });
  const plain = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Is 91 prime?' }] }).withResponse();
  expect(plain.response.headers.get('x-switchyard-model')).toBe('alpha/alpha-plain');

  const thought = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Is 91 prime?' }], reasoning_effort: 'low', max_completion_tokens: 4000 }).withResponse();
  expect(thought.response.headers.get('x-switchyard-model')).toBe('beta/beta-think');
  expect(lastBody(sb.beta)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 4000 });
  // the plain model was never tried: it could not have honoured the request
  expect(sb.alpha.requests).toHaveLength(1);

  // none: nothing asks to think, so the cheaper model serves again (and is told not to)
  const off = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Is 91 prime?' }], reasoning_effort: 'none' }).withResponse();
  expect(off.response.headers.get('x-switchyard-model')).toBe('alpha/alpha-plain');
  // a model that cannot think already honours "none": the control is not sent (OpenAI would refuse it there)
  expect(lastBody(sb.alpha)).not.toHaveProperty('reasoning_effort');
  // to a model that can think it goes as sent
  await client.chat.completions.create({ model: 'alpha/alpha-think', messages: [{ role: 'user', content: 'Is 91 prime?' }], reasoning_effort: 'none' });
  expect(lastBody(sb.alpha)).toMatchObject({ model: 'alpha-think', reasoning_effort: 'none' });
});

it("Anthropic's thinking budget routes the same way on /v1/messages", async () => {
  const client = new Anthropic({ baseURL: http.url, apiKey: 'sk-client', maxRetries: 0 });
  const plain = await client.messages.create({ model: 'auto', max_tokens: 3000, messages: [{ role: 'user', content: 'Is 91 prime?' }] }).withResponse();
  expect(plain.response.headers.get('x-switchyard-model')).toBe('alpha/alpha-plain');
  const thought = await client.messages.create({ model: 'auto', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Is 91 prime?' }] }).withResponse();
  expect(thought.response.headers.get('x-switchyard-model')).toBe('beta/beta-think');
  expect(lastBody(sb.beta)).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 } });
});
