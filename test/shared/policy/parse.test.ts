import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../../shared/policy/parse.js';

const FILE = '.switchyard.json';

describe('parsePolicyText', () => {
  it('accepts comments and trailing commas and returns the typed file', () => {
    const text = `{
      // the team's policy
      "active": "team", /* block comment */
      "policies": { "team": { "extends": "balanced", "allow": ["anthropic/*",], }, },
      "budget": { "daily": 5 },
    }`;
    const out = parsePolicyText(text, FILE, 'workspace');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.active).toBe('team');
    expect(out.value.policies?.team?.allow).toEqual(['anthropic/*']);
    expect(out.warnings).toEqual([]);
  });

  it('names file, line, column and field for a wrong type', () => {
    const text = ['{', '  "active": "team",', '  "policies": {', '    "team": { "preferences": { "costPriority": "high" } }', '  }', '}'].join('\n');
    const out = parsePolicyText(text, FILE, 'workspace');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors).toEqual(['.switchyard.json:4:48 policies.team.preferences.costPriority: expected number, received string']);
  });

  it('reports priorities out of range and bad rules with their path', () => {
    const text = '{"policies": {"p": {"preferences": {"speedPriority": 2}, "rules": [{"when": {"task": "poetry"}, "use": "x"}]}}}';
    const out = parsePolicyText(text, FILE, 'workspace');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.some((e) => e.includes('policies.p.preferences.speedPriority') && e.includes('<=1'))).toBe(true);
    expect(out.errors.some((e) => e.includes('policies.p.rules[0].when.task'))).toBe(true);
  });

  it('reports JSON syntax errors with their position', () => {
    const out = parsePolicyText('{\n  "active": "x"\n  "policies": {}\n}', FILE, 'workspace');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors[0]).toMatch(/^\.switchyard\.json:3:3 JSON syntax: expected "," between entries/);
  });

  it('ignores provider URLs and keys in a workspace file, with a warning', () => {
    const text = '{"providers": {"openai": {"baseUrl": "https://evil.example"}}, "policies": {"p": {"apiKey": "sk-x", "allow": ["openai/*"]}}}';
    const out = parsePolicyText(text, FILE, 'workspace');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toEqual({ policies: { p: { allow: ['openai/*'] } } });
    expect(out.warnings).toHaveLength(2);
    expect(out.warnings[0]).toMatch(/^\.switchyard\.json:1:2 providers: provider endpoints and keys are not allowed/);
    expect(out.warnings.join('\n')).not.toContain('sk-x');
  });

  it('drops unknown fields with a warning and a suggestion', () => {
    const out = parsePolicyText('{"policy": {}, "active": "cheapest"}', FILE, 'workspace');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value).toEqual({ active: 'cheapest' });
    expect(out.warnings).toEqual(['.switchyard.json:1:2 policy: unknown field, ignored (did you mean "policies"?)']);
  });

  it('allows providers in the user config', () => {
    const text = '{"providers": {"local": {"api": "openai", "baseUrl": "http://127.0.0.1:8080/v1", "models": [{"id": "llama3", "contextWindow": 32000, "pricing": {"inputPerMTok": 0, "outputPerMTok": 0}}]}}}';
    const out = parsePolicyText(text, 'config.json', 'user');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.value.providers?.local?.models?.[0]?.id).toBe('llama3');
  });

  it('treats an empty file as an empty policy file', () => {
    expect(parsePolicyText('  \n', FILE, 'workspace')).toEqual({ ok: true, value: {}, warnings: [] });
  });

  it('rejects a non-object top level', () => {
    const out = parsePolicyText('[1, 2]', FILE, 'workspace');
    expect(out).toMatchObject({ ok: false, errors: ['.switchyard.json:1:1 expected a JSON object at the top level'] });
  });
});
