import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../shared/catalog/catalog.js';
import { resolvePolicies } from '../../shared/policy/resolve.js';
import { lmModels, pinnedModels } from '../../extension/lm/models.js';

const catalog = loadBundledCatalog();
const some = catalog.filter({ capability: 'vision' } as never)[0] ?? catalog.all()[0]!;
const other = catalog.all().find((m) => m.id !== some.id && !m.capabilities.includes('tools')) ?? catalog.all()[1]!;

describe('the chat model picker entries', () => {
  const policies = resolvePolicies([
    {
      source: 'workspace',
      content: {
        active: 'team',
        policies: { team: { extends: 'balanced', fallbacks: [other.id, 'no-such/model'], rules: [{ when: { task: 'coding' }, use: some.id }] } },
      },
    },
  ]);

  it('offers Switchyard Auto (the active policy), each policy, and the models the file pins', () => {
    const models = lmModels(policies, catalog, '0.1.0');
    expect(models[0]).toMatchObject({ id: 'auto', name: 'Switchyard Auto', gatewayModel: 'auto', detail: 'policy team', capabilities: { toolCalling: true, imageInput: true } });
    expect(models.filter((m) => m.id.startsWith('policy:')).map((m) => m.gatewayModel)).toEqual(policies.names.map((n) => `policy:${n}`));
    expect(pinnedModels(policies)).toEqual([some.id, other.id, 'no-such/model']);
    const pinned = models.filter((m) => m.detail === 'pinned');
    // An id the catalog does not know is left out (the policy file shows the typo instead).
    expect(pinned.map((m) => m.gatewayModel)).toEqual([some.id, other.id]);
    const p = pinned.find((m) => m.id === other.id)!;
    expect(p.capabilities).toEqual({ toolCalling: other.capabilities.includes('tools'), imageInput: other.capabilities.includes('vision') });
    expect(p.maxOutputTokens).toBe(other.maxOutputTokens);
    expect(p.maxInputTokens).toBeGreaterThan(0);
  });
});
