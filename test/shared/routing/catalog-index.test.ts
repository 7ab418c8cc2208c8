import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalog, loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import type { Model } from '../../../shared/catalog/model.js';
import { resolvePolicies } from '../../../shared/policy/resolve.js';
import { tokenizerFamily } from '../../../shared/pricing/tokenizer-family.js';
import { catalogIndex, FAMILIES } from '../../../shared/routing/catalog-index.js';
import { formatCount } from '../../../shared/routing/filters.js';
import { route } from '../../../shared/routing/route.js';
import { heuristicSpeed } from '../../../shared/routing/speed.js';

describe('catalogIndex', () => {
  it('is built once per catalog and mirrors its models', () => {
    const catalog = loadBundledCatalog();
    const index = catalogIndex(catalog);
    expect(catalogIndex(catalog)).toBe(index);
    expect(index.n).toBe(catalog.size);
    catalog.all().forEach((m, i) => {
      expect(index.ids[i]).toBe(m.id);
      expect(FAMILIES[index.family[i] as number]).toBe(tokenizerFamily(m));
      expect(index.speed[i]).toBe(heuristicSpeed(m));
      expect(index.contextWindow[i]).toBe(m.contextWindow);
    });
    const other = catalog.withModels([]);
    expect(catalogIndex(other)).not.toBe(index);
  });

  it('caches glob masks by value, so a changed policy gets a fresh mask', () => {
    const catalog = new Catalog([model('a/one'), model('b/two'), model('a/three')]);
    const index = catalogIndex(catalog);
    const globs = ['a/*'];
    expect([...index.globMask(globs)]).toEqual([1, 0, 1]);
    globs[0] = 'b/*';
    expect([...index.globMask(globs)]).toEqual([0, 1, 0]);
  });

  it('sees a policy edited in place between decisions', () => {
    const catalog = new Catalog([model('a/one'), model('b/two')]);
    const policies = resolvePolicies([{ source: 'workspace', content: { active: 'p', policies: { p: { allow: ['a/*'] } } } }]);
    expect(route({ input: { prompt: 'hi' } }, catalog, policies).model).toBe('a/one');
    policies.resolve('p').allow.splice(0, 1, 'b/*');
    expect(route({ input: { prompt: 'hi' } }, catalog, policies).model).toBe('b/two');
  });
});

describe('formatCount', () => {
  it("equals toLocaleString('en-US')", () => {
    for (const n of [0, -0, 1, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 2 ** 53 - 1, 2 ** 53, 1e21, 0.5, 1234.5678, -1, -1234, Number.NaN, Infinity, -Infinity]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
    fc.assert(fc.property(fc.oneof(fc.nat(), fc.integer(), fc.double()), (n) => formatCount(n) === n.toLocaleString('en-US')));
  });
});

function model(id: string): Model {
  const [provider, name] = id.split('/') as [string, string];
  return { id, provider, name, contextWindow: 8000, maxOutputTokens: 4000, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, capabilities: [] };
}
