import { describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { SwitchyardError } from '../../../shared/errors.js';

describe('resolvePolicies', () => {
  it('starts from the built-ins with balanced active', () => {
    const set = resolvePolicies([]);
    expect(set.active).toBe('balanced');
    expect(set.names).toEqual(expect.arrayContaining(['cheapest', 'balanced', 'best', 'fastest', 'local-only']));
    expect(set.resolve('cheapest').priorities.costPriority).toBe(1);
    expect(set.resolve('local-only').localOnly).toBe(true);
  });

  it('applies extends, with the child overriding field by field', () => {
    const set = resolvePolicies([
      { source: 'workspace', content: { active: 'team', policies: { team: { extends: 'best', preferences: { costPriority: 0.4 }, deny: ['*preview*'] } } } },
    ]);
    const team = set.resolve();
    expect(team.name).toBe('team');
    expect(team.chain).toEqual(['team', 'best']);
    expect(team.priorities).toEqual({ costPriority: 0.4, speedPriority: 0, intelligencePriority: 1 });
    expect(team.deny).toEqual(['*preview*']);
    expect(team.source).toBe('workspace');
  });

  it('gives the workspace precedence over the user config, and the user over built-ins', () => {
    const set = resolvePolicies([
      { source: 'user', content: { active: 'mine', policies: { mine: { preferences: { costPriority: 0.9 } }, cheapest: { preferences: { costPriority: 0.8 } } } } },
      { source: 'workspace', content: { policies: { mine: { preferences: { costPriority: 0.1 } } } } },
    ]);
    expect(set.active).toBe('mine');
    expect(set.activeSource).toBe('user');
    expect(set.resolve('mine').priorities.costPriority).toBe(0.1);
    expect(set.resolve('cheapest').priorities.costPriority).toBe(0.8);
  });

  it('lets a workspace lower a budget but never raise it', () => {
    const set = resolvePolicies([
      { source: 'user', content: { budget: { daily: 5, monthly: 100 } } },
      { source: 'workspace', content: { budget: { daily: 50, monthly: 20 } } },
    ]);
    expect(set.budget).toEqual({ daily: 5, monthly: 20 });
  });

  it('names an unknown policy and the known ones', () => {
    const set = resolvePolicies([]);
    expect(() => set.resolve('turbo')).toThrowError(SwitchyardError);
    expect(() => set.resolve('turbo')).toThrowError(/unknown policy "turbo".*cheapest, balanced, best, fastest, local-only/);
    // a near miss is named
    expect(() => set.resolve('balance')).toThrowError(/unknown policy "balance"\. Did you mean "balanced"\? Known policies: /);
  });

  it('survives extends cycles and unknown active names with warnings', () => {
    const set = resolvePolicies([
      { source: 'workspace', content: { active: 'nope', policies: { a: { extends: 'b' }, b: { extends: 'a' } } } },
    ]);
    expect(set.active).toBe('balanced');
    expect(set.warnings.some((w) => w.includes('cycle'))).toBe(true);
    expect(set.warnings.some((w) => w.includes('"active": unknown policy "nope"'))).toBe(true);
    expect(set.resolve('a').name).toBe('a');
  });
});
