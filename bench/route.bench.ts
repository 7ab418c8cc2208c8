/**
 * (a) The route decision in-process over the full bundled catalog: p50/p99 for short prompts, ~2 KB code and ~10 KB
 * prompts (many distinct prompts each, the four cloud built-in policies in turn, a context like the server's with
 * OpenAI, Anthropic and Gemini keys), and against it in the same run the baseline every decision pays before it looks
 * at a model: counting tokens, detecting the task and the success predictor's prompt profile.
 */
import { loadBundledCatalog } from '../shared/catalog/catalog.js';
import { resolvePolicies } from '../shared/policy/resolve.js';
import { RequestTokenCounter } from '../shared/pricing/token-count.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { detectTask } from '../shared/routing/detect-task.js';
import { route } from '../shared/routing/route.js';
import type { ProviderStatus, RouteContext, RouteRequest } from '../shared/routing/types.js';
import { defaultPredictor } from '../shared/routing/predict/index.js';
import { ProviderDirectory } from '../server/config/provider-directory.js';
import { codePrompts, longPrompts, shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { nowUs, summarize, us, type Summary } from './stats.js';

const POLICIES = ['balanced', 'cheapest', 'best', 'fastest'];
const LOCAL = new Set(['ollama', 'lm_studio', 'vllm', 'lemonade']);

/** What the server hands the router: its own provider directory, from these environment variables. */
function serverLikeContext(env: Record<string, string>): RouteContext {
  return { providers: new ProviderDirectory({}, env), warnings: [], today: new Date().toISOString().slice(0, 10), observedLatencyMs: new Map() };
}

/** The same with every provider callable: the whole catalog is routable (the worst case for the pass over models). */
function everythingContext(): RouteContext {
  const providers: ProviderStatus = { anyConfigured: true, isAvailable: () => true, isLocal: (p) => LOCAL.has(p) };
  return { providers, warnings: [], today: new Date().toISOString().slice(0, 10), observedLatencyMs: new Map() };
}

function timeCalls(prompts: string[], iterations: number, warmup: number, call: (prompt: string, k: number) => unknown): Summary {
  for (let k = 0; k < warmup; k++) call(prompts[k % prompts.length] as string, k);
  const samples = new Array<number>(iterations);
  for (let k = 0; k < iterations; k++) {
    const prompt = prompts[k % prompts.length] as string;
    const t0 = nowUs();
    call(prompt, k);
    samples[k] = nowUs() - t0;
  }
  return summarize(samples);
}

export async function benchRouteInProcess(ctx: BenchContext): Promise<BenchRow[]> {
  await loadTokenizers();
  const catalog = loadBundledCatalog();
  const policies = resolvePolicies([]);
  const contexts = [
    { name: 'no keys: a preview over every provider Switchyard can call', context: serverLikeContext({}) },
    { name: 'OpenAI, Anthropic and Gemini keys', context: serverLikeContext({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', GEMINI_API_KEY: 'k' }) },
    { name: 'every provider callable (worst case)', context: everythingContext() },
  ];
  const sets: { name: string; prompts: string[]; n: number; target?: number; maxTokens?: number }[] = [
    { name: 'short prompts (3–400 chars)', prompts: shortPrompts(), n: ctx.quick ? 2000 : 20_000, target: 100 },
    // what gateway requests carry: the client's max_tokens is one more check on every endpoint
    { name: 'short prompts with max_tokens 1,024', prompts: shortPrompts(), n: ctx.quick ? 2000 : 20_000, maxTokens: 1024 },
    { name: '2 KB code', prompts: codePrompts(), n: ctx.quick ? 500 : 5000 },
    { name: '10 KB prompts', prompts: longPrompts(), n: ctx.quick ? 200 : 2000, target: 1000 },
  ];
  const request = (prompt: string, k: number, maxTokens?: number): RouteRequest => ({ input: { prompt }, policy: POLICIES[k % POLICIES.length] as string, ...(maxTokens !== undefined ? { maxTokens } : {}) });
  let sink = 0;
  const baseline = (prompt: string) => {
    const counter = new RequestTokenCounter({ texts: [prompt], images: 0 });
    const tokens = counter.count('o200k').tokens + counter.count('claude').tokens;
    const task = detectTask({ prompt }, { inputTokens: tokens });
    return (sink += defaultPredictor.profile(prompt, task.task, tokens).difficulty);
  };

  const rows: BenchRow[] = [];
  for (const { name, context } of contexts) {
    for (const set of sets) {
      const decide = (prompt: string, k: number) => (sink += route(request(prompt, k, set.maxTokens), catalog, policies, context).score);
      ctx.log(`route (${name}): ${set.name}`);
      const s = timeCalls(set.prompts, set.n, 300, decide);
      const base = timeCalls(set.prompts, Math.min(set.n, 2000), 100, baseline);
      rows.push({ name: `route (${name}), ${set.name}: p50 / p99`, value: `${us(s.p50)} / ${us(s.p99)}`, ...(set.target ? { target: `p50 ≤ ${set.target >= 1000 ? `${set.target / 1000} ms` : `${set.target} µs`}`, met: s.p50 <= set.target } : {}) });
      rows.push({ name: `  baseline (tokens + task + prompt profile), p50; ratio`, value: `${us(base.p50)}; route = ×${(s.p50 / base.p50).toFixed(1)} baseline` });
    }
  }
  rows.push({ name: 'catalog', value: `${catalog.size.toLocaleString('en-US')} models, ${catalog.endpoints().length.toLocaleString('en-US')} endpoints; policies ${POLICIES.join(', ')} in turn` });
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return rows;
}
