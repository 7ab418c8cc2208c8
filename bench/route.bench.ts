/**
 * (a) The route decision in-process over the full bundled catalog: p50/p99 for short prompts, ~2 KB code and ~10 KB
 * prompts (many distinct prompts each, the four cloud built-in policies in turn, a context like the server's), the
 * same for the reference router (the implementation before the rewrite, kept in test/shared/routing/reference/) for
 * the speed-up, and how much of each decision is counting tokens and detecting the task (the part that grows with
 * the prompt; the rest is routing over the catalog).
 */
import { loadBundledCatalog } from '../shared/catalog/catalog.js';
import { resolvePolicies } from '../shared/policy/resolve.js';
import { RequestTokenCounter } from '../shared/pricing/token-count.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { detectTask } from '../shared/routing/detect-task.js';
import { route } from '../shared/routing/route.js';
import type { ProviderStatus, RouteContext, RouteRequest } from '../shared/routing/types.js';
import { route as referenceRoute } from '../test/shared/routing/reference/route.js';
import { codePrompts, longPrompts, shortPrompts } from './prompts.js';
import type { BenchContext, BenchRow } from './registry.js';
import { nowUs, summarize, us, type Summary } from './stats.js';

const POLICIES = ['balanced', 'cheapest', 'best', 'fastest'];
const LOCAL = new Set(['ollama', 'lm_studio', 'vllm', 'lemonade']);

/** What the server hands the router when no provider key is set: nothing configured, local servers not set up. */
function serverLikeContext(): RouteContext {
  const providers: ProviderStatus = { anyConfigured: false, isAvailable: () => false, isLocal: (p) => LOCAL.has(p) };
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
  const context = serverLikeContext();
  const sets = [
    { name: 'short prompts (3–400 chars)', prompts: shortPrompts(), n: ctx.quick ? 2000 : 20_000, refN: ctx.quick ? 20 : 120 },
    { name: '2 KB code', prompts: codePrompts(), n: ctx.quick ? 500 : 5000, refN: ctx.quick ? 10 : 60 },
    { name: '10 KB prompts', prompts: longPrompts(), n: ctx.quick ? 200 : 2000, refN: ctx.quick ? 10 : 40 },
  ];
  const request = (prompt: string, k: number): RouteRequest => ({ input: { prompt }, policy: POLICIES[k % POLICIES.length] as string });
  let sink = 0;
  const optimized = (prompt: string, k: number) => (sink += route(request(prompt, k), catalog, policies, context).score);
  const reference = (prompt: string, k: number) => (sink += referenceRoute(request(prompt, k), catalog, policies, context).score);
  const floor = (prompt: string) => {
    const counter = new RequestTokenCounter({ texts: [prompt], images: 0 });
    const tokens = counter.count('o200k').tokens + counter.count('cl100k').tokens;
    return (sink += detectTask({ prompt }, { inputTokens: tokens }).confidence);
  };

  const rows: BenchRow[] = [];
  const all: Summary[] = [];
  const mixed: number[] = [];
  for (const set of sets) {
    ctx.log(`route: ${set.name}`);
    const samples: number[] = [];
    for (let k = 0; k < 300; k++) optimized(set.prompts[k % set.prompts.length] as string, k);
    for (let k = 0; k < set.n; k++) {
      const prompt = set.prompts[k % set.prompts.length] as string;
      const t0 = nowUs();
      optimized(prompt, k);
      samples.push(nowUs() - t0);
    }
    mixed.push(...samples.slice(0, Math.min(...sets.map((s) => s.n))));
    const s = summarize(samples);
    const prep = timeCalls(set.prompts, Math.min(set.n, 2000), 100, floor);
    const ref = timeCalls(set.prompts, set.refN, 5, reference);
    all.push(s);
    const short = set === sets[0];
    rows.push({ name: `route, ${set.name}: p50 / p99`, value: `${us(s.p50)} / ${us(s.p99)}`, ...(short ? { target: 'p50 ≤ 20 µs', met: s.p50 <= 20 } : {}) });
    rows.push({ name: `  of which token counts + task detection, p50`, value: us(prep.p50) });
    rows.push({ name: `  reference router (before), p50 / p99`, value: `${us(ref.p50)} / ${us(ref.p99)}` });
    rows.push({ name: `  speed-up, p50`, value: `×${Math.round(ref.p50 / s.p50).toLocaleString('en-US')}` });
  }
  const m = summarize(mixed);
  rows.push({ name: 'route, mixed (a third of each size): p50 / p99', value: `${us(m.p50)} / ${us(m.p99)}`, target: 'p50 ≤ 20 µs', met: m.p50 <= 20 });
  rows.push({ name: 'catalog', value: `${catalog.size.toLocaleString('en-US')} models; policies ${POLICIES.join(', ')} in turn` });
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return rows;
}
