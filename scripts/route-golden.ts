/**
 * Routing decisions over the bundled catalog, recorded so that speed work can prove it changed none of them: a fixed
 * set of prompts × every built-in policy × three provider situations (no keys, three keys, every provider callable).
 *
 *   node scripts/run-ts.mjs scripts/route-golden.ts --check            compare with the committed golden file
 *   node scripts/run-ts.mjs scripts/route-golden.ts --write            rewrite it (after a deliberate change)
 *   node scripts/run-ts.mjs scripts/route-golden.ts --full OUT.jsonl   every decision in full, all prompts (diff two runs)
 *
 * The committed file (`test/fixtures/route-golden.jsonl`, checked by `test/shared/routing/route-golden.test.ts`)
 * holds a sample of the prompts and what a user sees of each decision: model, endpoint, cost, score, alternatives and
 * fallbacks. `--full` takes every prompt and the whole decision (explanation and warnings included).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import taskPrompts from '../test/fixtures/task-prompts.json' with { type: 'json' };
import { codePrompts, longPrompts } from '../bench/prompts.js';
import { ProviderDirectory } from '../server/config/provider-directory.js';
import { loadBundledCatalog } from '../shared/catalog/catalog.js';
import { BUILTIN_POLICIES } from '../shared/policy/builtins.js';
import { resolvePolicies } from '../shared/policy/resolve.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { route } from '../shared/routing/route.js';
import type { ChatMessage, RequestInput } from '../shared/routing/messages.js';
import type { ProviderStatus, RouteChoice, RouteContext, RouteDecision } from '../shared/routing/types.js';

export const GOLDEN_FILE = 'test/fixtures/route-golden.jsonl';
const TODAY = '2026-12-01';
const LOCAL = new Set(['ollama', 'lm_studio', 'vllm', 'lemonade']);

/** Most prompts of `test/shared/routing/route-catalog.test.ts`; the task-detection suite and the bench's follow. */
const SUITE = [
  'hi!',
  'What is the capital of Australia?',
  'Write a TypeScript function that merges two sorted arrays in O(n).',
  'Prove that there are infinitely many primes p such that p ≡ 3 (mod 4). Give a complete, rigorous proof.',
  'Write a 1,500-word short story about a lighthouse keeper who finds a message in a bottle.',
  `Refactor this file to use async/await and return the whole file.\n\`\`\`js\n${'function load(id, cb) {\n  db.get(id, function (err, row) {\n    if (err) return cb(err);\n    cb(null, row);\n  });\n}\n'.repeat(60)}\`\`\``,
  `Summarize the key decisions in this log.\n${'2026-11-30 12:00:01 INFO service started, config loaded from /etc/app.yaml, 12 workers\n'.repeat(4000)}`,
];

interface TaskFixture {
  prompt?: string;
  messages?: ChatMessage[];
  repeatText?: string;
  repeat?: number;
}

/** A task-detection fixture as a request: `repeatText` × `repeat` fills `{{repeat}}`, or else ends the prompt. */
function fixtureInput(f: TaskFixture): RequestInput {
  const filler = f.repeatText?.repeat(f.repeat ?? 0) ?? '';
  if (f.prompt !== undefined) return { prompt: f.prompt.includes('{{repeat}}') ? f.prompt.replace('{{repeat}}', () => filler) : f.prompt + filler };
  return { messages: (f.messages ?? []).map((m) => (typeof m.content === 'string' ? { ...m, content: m.content.replace('{{repeat}}', () => filler) } : m)) };
}

function inputs(sample: boolean): RequestInput[] {
  const tasks = (taskPrompts as TaskFixture[]).map(fixtureInput);
  const bench = (texts: string[]) => texts.map((prompt) => ({ prompt }));
  const suite = bench(SUITE);
  if (!sample) return [...suite, ...tasks, ...bench(codePrompts()), ...bench(longPrompts())];
  return [...suite, ...tasks.filter((_, i) => i % 8 === 0), ...bench(codePrompts().slice(0, 3)), ...bench(longPrompts().slice(0, 2))];
}

function contexts(): { name: string; context: RouteContext }[] {
  const everything: ProviderStatus = { anyConfigured: true, isAvailable: () => true, isLocal: (p) => LOCAL.has(p) };
  const server = (env: Record<string, string>): RouteContext => ({ providers: new ProviderDirectory({}, env), today: TODAY });
  return [
    { name: 'no keys', context: server({}) },
    { name: 'three keys', context: server({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', GEMINI_API_KEY: 'k' }) },
    { name: 'all callable', context: { providers: everything, today: TODAY } },
  ];
}

const choice = (c: RouteChoice) => `${c.endpoint} ${c.estimatedCost} ${c.success}`;

/** What a user sees of a decision, on one line. */
function summary(d: RouteDecision): object {
  return { model: d.model, provider: d.provider, endpoint: d.endpoint, estimatedCost: d.estimatedCost, costRange: d.costRange, score: d.score, success: d.success, candidates: d.candidates, alternatives: d.alternatives.map(choice), fallbacks: d.fallbacks.map(choice) };
}

/** One line per (situation, policy, prompt): the summary, or the whole decision; a refusal records its message. */
export async function goldenLines(full = false): Promise<string[]> {
  await loadTokenizers();
  const catalog = loadBundledCatalog();
  const policies = resolvePolicies([]);
  const lines: string[] = [];
  const requests = inputs(!full);
  for (const { name, context } of contexts()) {
    for (const policy of Object.keys(BUILTIN_POLICIES)) {
      requests.forEach((input, i) => {
        let outcome: object;
        try {
          const d = route({ input, policy }, catalog, policies, context);
          outcome = full ? d : summary(d);
        } catch (error) {
          outcome = { error: (error as Error).message };
        }
        lines.push(JSON.stringify({ case: `${name} | ${policy} | #${i}`, ...outcome }));
      });
    }
  }
  return lines;
}

if (process.argv[1]?.includes('route-golden')) {
  const [flag, out] = process.argv.slice(2);
  if (flag === '--write') writeFileSync(GOLDEN_FILE, `${(await goldenLines()).join('\n')}\n`);
  else if (flag === '--full' && out) writeFileSync(out, `${(await goldenLines(true)).join('\n')}\n`);
  else if (flag === '--check') {
    const want = readFileSync(GOLDEN_FILE, 'utf8').trimEnd().split('\n');
    const got = await goldenLines();
    const diff = got.findIndex((line, i) => line !== want[i]);
    if (diff >= 0 || got.length !== want.length) {
      console.error(`decisions differ from ${GOLDEN_FILE} at line ${diff + 1}:\n  want ${want[diff]}\n  got  ${got[diff]}`);
      process.exit(1);
    }
    console.log(`${got.length} decisions identical to ${GOLDEN_FILE}`);
  } else {
    console.error('usage: route-golden.ts --check | --write | --full OUT.jsonl');
    process.exit(2);
  }
}
