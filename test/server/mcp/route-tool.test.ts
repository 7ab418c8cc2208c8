import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { connect, makeSandbox, structured, textOf, type Connected, type Sandbox } from '../../helpers/mcp-harness.js';

interface Choice { model: string; provider: string; endpoint: string; estimatedCost: number; success: number }
interface Decision {
  model: string;
  provider: string;
  endpoint: string;
  outputTokens: number;
  task: string;
  estimatedCost: number;
  inputTokens: number;
  policy: string;
  alternatives: Choice[];
  fallbacks: Choice[];
  explanation: string[];
  warnings: string[];
}
interface Estimate { model: string; totalCost: number }

let sandbox: Sandbox;
let mcp: Connected;
beforeAll(async () => {
  sandbox = makeSandbox();
  mcp = await connect(sandbox);
});
afterAll(async () => {
  await mcp.close();
  sandbox.remove();
});
afterEach(() => rmSync(path.join(sandbox.workspace, '.switchyard.json'), { force: true }));

const route = async (args: Record<string, unknown>) => structured<Decision>(await mcp.call('route', args));
const GENERAL = 'What are some good ways to spend a rainy Sunday afternoon?';

describe('route', () => {
  it('costPriority 1 picks the model with the lowest estimate', async () => {
    const d = await route({ prompt: GENERAL, preferences: { costPriority: 1, speedPriority: 0, intelligencePriority: 0 } });
    const cheapest = structured<{ estimates: Estimate[] }>(await mcp.call('estimate_cost', { prompt: GENERAL, limit: 1 })).estimates[0];
    expect(d.estimatedCost).toBe(cheapest?.totalCost);
  });

  it('intelligencePriority 1 picks a different, dearer model', async () => {
    const cheap = await route({ prompt: GENERAL, preferences: { costPriority: 1, speedPriority: 0, intelligencePriority: 0 } });
    const smart = await route({ prompt: GENERAL, preferences: { costPriority: 0, speedPriority: 0, intelligencePriority: 1 } });
    expect(smart.model).not.toBe(cheap.model);
    expect(smart.estimatedCost).toBeGreaterThan(cheap.estimatedCost);
    expect(smart.explanation.join('\n')).toContain('quality');
  });

  it('filters on required capabilities', async () => {
    const list = async (id: string) => (structured<{ models: { id: string; capabilities: string[] }[] }>(await mcp.call('list_models', { query: id, limit: 5000 }))).models.find((m) => m.id === id);
    const vision = await route({ prompt: GENERAL, require: { vision: true, tools: true } });
    const chosen = await list(vision.model);
    expect(chosen?.capabilities).toEqual(expect.arrayContaining(['vision', 'tools']));
    expect(vision.explanation.some((l) => /filters: .*lacks (vision|tools) −\d+/.test(l))).toBe(true);
  });

  it('sends a 300k-token prompt to a model with room for it', async () => {
    const big = 'The quick brown fox jumps over the lazy dog. '.repeat(30_000);
    const d = await route({ prompt: big });
    expect(d.inputTokens).toBeGreaterThan(290_000);
    const m = structured<{ models: { id: string; contextWindow: number }[] }>(await mcp.call('list_models', { query: d.model, limit: 5000 })).models.find((x) => x.id === d.model);
    expect(m?.contextWindow).toBeGreaterThanOrEqual(d.inputTokens + d.outputTokens);
    expect(d.task).toBe('long-context');
    expect(d.explanation.some((l) => l.includes('context window too small for the input and the answer −'))).toBe(true);
  });

  it('honours hints, first one first', async () => {
    const d = await route({ prompt: GENERAL, preferences: { hints: ['no-such-model-xyz', 'claude'] } });
    expect(d.model).toContain('claude');
    expect(d.explanation.some((l) => l.includes('hint "no-such-model-xyz": no candidate'))).toBe(true);
  });

  it('detects a coding prompt', async () => {
    const d = await route({ prompt: 'Fix this bug:\n```python\ndef add(a, b):\n    return a - b\n```' });
    expect(d.task).toBe('coding');
  });

  it('gives alternatives, fallbacks on other providers and an explanation', async () => {
    const d = await route({ prompt: GENERAL });
    expect(d.policy).toBe('balanced');
    expect(d.alternatives.length).toBeGreaterThan(0);
    expect(d.alternatives.every((a) => a.model !== d.model)).toBe(true);
    expect(d.fallbacks.length).toBeGreaterThan(0);
    expect(d.fallbacks.map((f) => f.endpoint)).not.toContain(d.endpoint);
    expect(new Set(d.fallbacks.map((f) => f.model)).size).toBe(d.fallbacks.length);
    expect(d.explanation.some((l) => l.startsWith(`chosen ${d.model}`))).toBe(true);
  });

  it('is deterministic', async () => {
    expect(await route({ prompt: GENERAL })).toEqual(await route({ prompt: GENERAL }));
  });

  it('names an unknown policy', async () => {
    const r = await mcp.call('route', { prompt: GENERAL, policy: 'turbo' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain('unknown policy "turbo"');
  });

  it('reasoningEffort routes to models that can think and prices their thinking; estimate_cost does too', async () => {
    const proof = 'Prove that there are infinitely many primes of the form 4k + 3.';
    const claude = { prompt: proof, models: ['anthropic/claude-sonnet-4-5'] };
    const plain = await route(claude);
    const high = await route({ ...claude, reasoningEffort: 'high' });
    expect(high.outputTokens).toBeGreaterThan(plain.outputTokens + 1000);
    expect(high.estimatedCost).toBeGreaterThan(plain.estimatedCost);
    expect(high.explanation.join('\n')).toContain('on every candidate (reasoning_effort high asked');
    const estimates = structured<{ estimates: Estimate[]; cannotThink?: number }>(await mcp.call('estimate_cost', { prompt: proof, thinkingBudget: 4000, limit: 500 }));
    expect(estimates.cannotThink).toBeGreaterThan(0);
    expect(estimates.estimates.map((e) => e.model)).not.toContain('openai/gpt-4o-mini');
  });

  it('names a reasoningEffort it does not know, and what is allowed', async () => {
    const r = await mcp.call('route', { prompt: GENERAL, reasoningEffort: 'huge' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/reasoningEffort/);
    expect(textOf(r)).toMatch(/none.*minimal.*low.*medium.*high.*xhigh/s);
  });
});

describe('route with .switchyard.json', () => {
  it('applies an allow-list, a task rule pinning a model, and a per-call built-in policy', async () => {
    sandbox.writeWorkspacePolicy(`{
      // our team policy
      "active": "team",
      "policies": {
        "team": {
          "extends": "balanced",
          "allow": ["anthropic/*", "openai/gpt-4o*"],
          "rules": [{ "when": { "task": "coding" }, "use": "anthropic/claude-sonnet-4-5" }]
        }
      }
    }`);
    const general = await route({ prompt: GENERAL });
    expect(general.policy).toBe('team');
    expect(general.model).toMatch(/^(anthropic\/|openai\/gpt-4o)/);
    for (const a of general.alternatives) expect(a.model).toMatch(/^(anthropic\/|openai\/gpt-4o)/);
    const coding = await route({ prompt: 'Write a Rust function that parses an ISO 8601 date and returns a Result.' });
    expect(coding.task).toBe('coding');
    expect(coding.model).toBe('anthropic/claude-sonnet-4-5');
    expect(coding.explanation.some((l) => l.includes('rule #1') && l.includes('pins anthropic/claude-sonnet-4-5'))).toBe(true);
    const cheapest = await route({ prompt: GENERAL, policy: 'cheapest' });
    expect(cheapest.policy).toBe('cheapest');
    expect(cheapest.model).not.toMatch(/^(anthropic\/|openai\/gpt-4o)/);
  });

  it('keeps routing on a broken file, with a warning naming file, line and field, and picks up the fix', async () => {
    sandbox.writeWorkspacePolicy('{\n  "active": "team",\n  "policies": { "team": { "allow": ["anthropic/*"] } }\n}');
    expect((await route({ prompt: GENERAL })).model).toMatch(/^anthropic\//);
    sandbox.writeWorkspacePolicy('{\n  "active": "team",\n  "policies": { "team": { "allow": ["anthropic/*"],\n    "preferences": { "costPriority": "high" } } }\n}');
    const broken = await route({ prompt: GENERAL });
    expect(broken.model).toMatch(/^anthropic\//); // the last good version stays in force
    expect(broken.warnings.some((w) => /^\.switchyard\.json:4:\d+ policies\.team\.preferences\.costPriority: expected number, received string/.test(w))).toBe(true);
    sandbox.writeWorkspacePolicy('{ "active": "cheapest" }');
    const fixed = await route({ prompt: GENERAL });
    expect(fixed.policy).toBe('cheapest');
    expect(fixed.warnings).toEqual([]);
  });

  it('ignores provider URLs in a workspace file, with a warning', async () => {
    sandbox.writeWorkspacePolicy('{ "providers": { "openai": { "baseUrl": "https://attacker.example/v1" } } }');
    const d = await route({ prompt: GENERAL });
    expect(d.warnings.some((w) => w.includes('providers: provider endpoints and keys are not allowed'))).toBe(true);
  });

  it('exposes the active policy as a resource', async () => {
    sandbox.writeWorkspacePolicy('{ "active": "best" }');
    const res = await mcp.client.readResource({ uri: 'switchyard://policy/active' });
    const body = JSON.parse((res.contents[0] as { text: string }).text);
    expect(body.active).toBe('best');
    expect(body.activeSetIn).toBe('workspace');
    expect(body.files.workspace.exists).toBe(true);
  });
});
