/**
 * The route decision of this tree against another checkout's, interleaved in one process so that a shared machine's
 * drift hits both alike: `node scripts/run-ts.mjs scripts/route-ab.ts --before DIR [--max-tokens N] [--rounds N]`.
 * DIR is a checkout of the commit to compare with (with `node_modules`); its `route()` is bundled with esbuild here.
 * Short prompts of the benchmark, the four cloud policies in turn, in three situations (no keys, three keys, every
 * provider callable); rounds of 250 decisions alternate between the two, and the p50 of each is printed with the
 * ratio. A comparison, not a benchmark of record: `npm run bench` is that.
 */
import { build } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { shortPrompts } from '../bench/prompts.js';

const { values } = parseArgs({ options: { before: { type: 'string' }, 'max-tokens': { type: 'string' }, rounds: { type: 'string', default: '24' } } });
if (!values.before) {
  console.error('usage: node scripts/run-ts.mjs scripts/route-ab.ts --before DIR [--max-tokens N] [--rounds N]');
  process.exit(2);
}
const maxTokens = values['max-tokens'] === undefined ? undefined : Number(values['max-tokens']);
const rounds = Number(values.rounds);
if ((maxTokens !== undefined && !(maxTokens > 0)) || !(rounds >= 4)) {
  console.error('--max-tokens: a positive number; --rounds: at least 4');
  process.exit(2);
}

/** One tree's router, bundled from its sources: what the benchmark's in-process rows call. */
async function routerOf(dir: string, name: string) {
  const entry = path.resolve('node_modules/.cache/switchyard-scripts', `route-ab-${name}.ts`);
  const outfile = entry.replace(/\.ts$/, '.mjs');
  const from = (p: string) => JSON.stringify(path.resolve(dir, p));
  await build({
    stdin: {
      contents: [
        `export { loadBundledCatalog } from ${from('shared/catalog/catalog.ts')};`,
        `export { resolvePolicies } from ${from('shared/policy/resolve.ts')};`,
        `export { loadTokenizers } from ${from('shared/pricing/tokenizers.ts')};`,
        `export { route } from ${from('shared/routing/route.ts')};`,
        `export { ProviderDirectory } from ${from('server/config/provider-directory.ts')};`,
      ].join('\n'),
      resolveDir: dir,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const m = await import(pathToFileURL(outfile).href);
  await m.loadTokenizers();
  return { route: m.route, catalog: m.loadBundledCatalog(), policies: m.resolvePolicies([]), Directory: m.ProviderDirectory };
}

const variants = [await routerOf(path.resolve(values.before), 'before'), await routerOf(process.cwd(), 'this')];
const LOCAL = new Set(['ollama', 'lm_studio', 'vllm', 'lemonade']);
const situations: Record<string, (Directory: new (...args: unknown[]) => unknown) => unknown> = {
  'no keys': (Directory) => ({ providers: new Directory({}, {}), warnings: [], today: '2026-12-02', observedLatencyMs: new Map() }),
  'three keys': (Directory) => ({ providers: new Directory({}, { OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', GEMINI_API_KEY: 'k' }), warnings: [], today: '2026-12-02', observedLatencyMs: new Map() }),
  'every provider callable': () => ({ providers: { anyConfigured: true, isAvailable: () => true, isLocal: (p: string) => LOCAL.has(p) }, warnings: [], today: '2026-12-02', observedLatencyMs: new Map() }),
};
const POLICIES = ['balanced', 'cheapest', 'best', 'fastest'];
const prompts = shortPrompts();
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]! * 1000;
let sink = 0;
console.log(`short prompts${maxTokens !== undefined ? `, max_tokens ${maxTokens}` : ''}; ${rounds} rounds of 250 decisions each, alternating`);
for (const [name, context] of Object.entries(situations)) {
  const contexts = variants.map((v) => context(v.Directory));
  const samples: number[][] = [[], []];
  for (let round = 0; round < rounds; round++) {
    for (let v = 0; v < 2; v++) {
      const { route, catalog, policies } = variants[v]!;
      for (let k = 0; k < 250; k++) {
        const j = round * 250 + k;
        const request = { input: { prompt: prompts[j % prompts.length]! }, policy: POLICIES[j % POLICIES.length]!, ...(maxTokens !== undefined ? { maxTokens } : {}) };
        const t0 = performance.now();
        sink += route(request, catalog, policies, contexts[v]).score;
        if (round >= 2) samples[v]!.push(performance.now() - t0); // the first rounds warm up
      }
    }
  }
  const [before, now] = samples.map(p50) as [number, number];
  console.log(`${name.padEnd(24)} p50 before ${before.toFixed(1)} µs, this tree ${now.toFixed(1)} µs: ×${(now / before).toFixed(2)}`);
}
if (!Number.isFinite(sink)) throw new Error('unreachable');
