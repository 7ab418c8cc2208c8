import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../shared/catalog/catalog.js';
import { closestName, completionKindAt, policyNameProblems } from '../../extension/policy-names.js';

const BUILTINS = ['cheapest', 'balanced', 'best', 'fastest', 'local-only'];
const catalog = loadBundledCatalog();
const model = catalog.all()[0]!.id;

describe('policy and model names in .switchyard.json', () => {
  it('flags a typo in "active" with the closest policy name, at the value', () => {
    const text = '// team policy\n{\n  "active": "cheapets"\n}\n';
    const [p, ...rest] = policyNameProblems(text, BUILTINS, catalog);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ kind: 'policy', value: 'cheapets', suggestion: 'cheapest', offset: text.indexOf('"cheapets"'), length: '"cheapets"'.length });
    expect(p?.message).toMatch(/Unknown policy "cheapets": did you mean "cheapest"\?/);
  });

  it('checks "extends" against built-ins and the file’s own policies, and rules’ "use" and "fallbacks" against the catalog', () => {
    const text = JSON.stringify({
      active: 'team',
      policies: {
        team: { extends: 'balnced', fallbacks: [model, `${model}x`], rules: [{ when: { task: 'coding' }, use: 'no-such-maker/zzzz-qqq' }] },
        other: { extends: 'team' },
      },
    });
    const problems = policyNameProblems(text, BUILTINS, catalog);
    expect(problems.map((p) => [p.kind, p.value, p.suggestion])).toEqual([
      ['policy', 'balnced', 'balanced'],
      ['model', `${model}x`, expect.any(String)],
      ['model', 'no-such-maker/zzzz-qqq', undefined],
    ]);
    expect(problems[1]?.suggestion).toBe(model);
  });

  it('gives no suggestion for a name nothing is close to', () => {
    expect(closestName('zzzzzzzz', BUILTINS)).toBeUndefined();
    expect(closestName('Fastets', BUILTINS)).toBe('fastest');
    expect(policyNameProblems('{ "active": "balanced" }', BUILTINS, catalog)).toEqual([]);
    expect(policyNameProblems('{ "active": ', BUILTINS, catalog)).toEqual([]);
  });

  it('completes policy names in "active" and "extends", model ids in "use" and "fallbacks"', () => {
    const at = (text: string) => completionKindAt(text.replace('|', ''), text.indexOf('|'));
    expect(at('{ "active": "|" }')).toBe('policy');
    expect(at('{ "policies": { "t": { "extends": "ba|" } } }')).toBe('policy');
    expect(at('{ "policies": { "t": { "fallbacks": ["|"] } } }')).toBe('model');
    expect(at('{ "policies": { "t": { "rules": [{ "use": "|" }] } } }')).toBe('model');
    expect(at('{ "budget": { "daily": | } }')).toBeUndefined();
    expect(at('{ "|": 1 }')).toBeUndefined();
  });
});
