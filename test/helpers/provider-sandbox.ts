import { startAnthropicFixture, startOpenAIFixture } from '../fixtures/providers/index.js';
import type { Fixture } from '../fixtures/providers/server.js';
import { makeSandbox, type Sandbox } from './mcp-harness.js';

export const ALPHA_KEY = 'sk-alpha-PLANTED-0123456789';
export const BETA_KEY = 'sk-ant-beta-PLANTED-9876543210';

export interface ProviderSandbox extends Sandbox {
  alpha: Fixture;
  beta: Fixture;
  close(): Promise<void>;
}

/**
 * A sandbox whose user config declares two providers on local fixture servers: `alpha` (OpenAI wire format)
 * and `beta` (Anthropic Messages), each with its own planted key and priced models.
 */
export async function providerSandbox(options: { budget?: { daily?: number; monthly?: number }; alphaPrice?: [number, number]; betaPrice?: [number, number] } = {}): Promise<ProviderSandbox> {
  const alpha = await startOpenAIFixture();
  const beta = await startAnthropicFixture();
  const sandbox = makeSandbox({ ALPHA_KEY, BETA_KEY });
  const [ai, ao] = options.alphaPrice ?? [1, 2];
  const [bi, bo] = options.betaPrice ?? [3, 15];
  sandbox.writeUserConfig({
    providers: {
      alpha: {
        api: 'openai',
        baseUrl: `${alpha.url}/v1`,
        apiKeyEnv: 'ALPHA_KEY',
        local: false,
        models: [{ id: 'alpha-large', contextWindow: 100_000, maxOutputTokens: 8000, pricing: { inputPerMTok: ai, outputPerMTok: ao }, capabilities: ['tools'], quality: { overall: 1300 } }],
      },
      beta: {
        api: 'anthropic',
        baseUrl: beta.url,
        apiKeyEnv: 'BETA_KEY',
        local: false,
        models: [{ id: 'beta-small', contextWindow: 200_000, maxOutputTokens: 8000, pricing: { inputPerMTok: bi, outputPerMTok: bo }, capabilities: ['tools'], quality: { overall: 1250 } }],
      },
    },
    ...(options.budget ? { budget: options.budget } : {}),
  });
  sandbox.writeWorkspacePolicy('{ "active": "team", "policies": { "team": { "allow": ["alpha/*", "beta/*"] } } }');
  return {
    ...sandbox,
    alpha,
    beta,
    async close() {
      await Promise.all([alpha.close(), beta.close()]);
      sandbox.remove();
    },
  };
}
