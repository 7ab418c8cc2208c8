import { describe, expect, it } from 'vitest';
import { resolvePolicies } from '../../../../shared/policy/resolve.js';
import { workspacePolicyFileSchema } from '../../../../shared/policy/schema.js';

describe('policy success targets', () => {
  it('accepts minSuccess and pricePerPoint on a policy and in a rule, and rejects a target above 1', () => {
    const ok = workspacePolicyFileSchema.safeParse({
      policies: {
        careful: { extends: 'balanced', minSuccess: 0.9, rules: [{ when: { task: 'math' }, preferences: { pricePerPoint: 0.001 } }] },
      },
    });
    expect(ok.success).toBe(true);
    expect(workspacePolicyFileSchema.safeParse({ policies: { bad: { minSuccess: 1.5 } } }).success).toBe(false);
    expect(workspacePolicyFileSchema.safeParse({ policies: { bad: { pricePerPoint: -1 } } }).success).toBe(false);
  });

  it('carries the targets through extends, the child replacing the parent', () => {
    const set = resolvePolicies([
      { source: 'workspace', content: { policies: { base: { minSuccess: 0.8 }, child: { extends: 'base', pricePerPoint: 0.002 }, strict: { extends: 'base', minSuccess: 0.95 } } } },
    ]);
    expect(set.resolve('child')).toMatchObject({ minSuccess: 0.8, pricePerPoint: 0.002 });
    expect(set.resolve('strict').minSuccess).toBe(0.95);
    expect(set.resolve('balanced').minSuccess).toBeUndefined();
  });
});
