import { startGeminiFixture } from '../fixtures/providers/index.js';
import type { Fixture } from '../fixtures/providers/server.js';
import { startHttpServer, type RunningHttpServer } from '../../server/http/server.js';
import { createRuntime, type Runtime } from '../../server/runtime.js';
import { providerSandbox, type ProviderSandbox } from './provider-sandbox.js';

export const GAMMA_KEY = 'gm-gamma-PLANTED-5555555555';

export interface Gateway {
  sb: ProviderSandbox;
  gamma: Fixture;
  runtime: Runtime;
  http: RunningHttpServer;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every upstream request, all fixtures. */
  upstreamCalls(): number;
  close(): Promise<void>;
}

/**
 * The HTTP gateway on port 0 over three local upstreams: `alpha` (OpenAI wire format), `beta` (Anthropic) and
 * `gamma` (Gemini), each model with tools, JSON and reasoning. Policies: the workspace's `team` (alpha and beta),
 * and one per provider (`policy:alpha-only`, `policy:beta-only`, `policy:gamma-only`) to pin a wire format
 * without fallbacks elsewhere.
 */
export async function startGateway(options: { timeouts?: { connectMs: number; headersMs: number; completeMs: number; bodyMs: number } } = {}): Promise<Gateway> {
  const sb = await providerSandbox();
  const gamma = await startGeminiFixture();
  sb.env.GAMMA_KEY = GAMMA_KEY;
  const caps = ['tools', 'json', 'reasoning'];
  sb.writeUserConfig({
    providers: {
      alpha: { api: 'openai', baseUrl: `${sb.alpha.url}/v1`, apiKeyEnv: 'ALPHA_KEY', local: false, models: [{ id: 'alpha-large', contextWindow: 100_000, maxOutputTokens: 8000, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, capabilities: caps, quality: { overall: 1300 } }] },
      beta: { api: 'anthropic', baseUrl: sb.beta.url, apiKeyEnv: 'BETA_KEY', local: false, models: [{ id: 'beta-small', contextWindow: 200_000, maxOutputTokens: 6000, pricing: { inputPerMTok: 3, outputPerMTok: 15 }, capabilities: caps, quality: { overall: 1250 } }] },
      gamma: { api: 'gemini', baseUrl: gamma.url, apiKeyEnv: 'GAMMA_KEY', local: false, models: [{ id: 'gamma-flash', contextWindow: 1_000_000, maxOutputTokens: 7000, pricing: { inputPerMTok: 0.5, outputPerMTok: 1 }, capabilities: caps, quality: { overall: 1200 } }] },
    },
  });
  sb.writeWorkspacePolicy(
    JSON.stringify({
      active: 'team',
      policies: {
        team: { allow: ['alpha/*', 'beta/*'] },
        'alpha-only': { allow: ['alpha/*'] },
        'beta-only': { allow: ['beta/*'] },
        'gamma-only': { allow: ['gamma/*'] },
      },
    }),
  );
  const runtime = await createRuntime({ workspace: sb.workspace, env: sb.env, timeouts: options.timeouts ?? { connectMs: 2000, headersMs: 2000, completeMs: 5000, bodyMs: 2000 } });
  const http = await startHttpServer(runtime, { host: '127.0.0.1', port: 0, drainMs: 2000 });
  return {
    sb,
    gamma,
    runtime,
    http,
    url: http.url,
    upstreamCalls: () => sb.alpha.requests.length + sb.beta.requests.length + gamma.requests.length,
    async close() {
      await http.close();
      await runtime.close();
      await gamma.close();
      await sb.close();
    },
  };
}
