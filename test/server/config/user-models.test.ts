import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { userModels } from '../../../server/config/user-models.js';
import type { UserConfigFile } from '../../../shared/policy/schema.js';

const catalog = loadBundledCatalog();
const config = (models: NonNullable<NonNullable<UserConfigFile['providers']>[string]['models']>): UserConfigFile =>
  ({ providers: { local: { baseUrl: 'http://127.0.0.1:8080/v1', models } } }) as UserConfigFile;
const pricing = { inputPerMTok: 0, outputPerMTok: 0 };

describe('user-config models', () => {
  it('become one model with one endpoint, joining the catalog as provider/id', () => {
    const [m] = userModels(config([{ id: 'llama3', contextWindow: 32000, pricing, capabilities: ['tools'] }]), catalog);
    expect(m).toMatchObject({ id: 'local/llama3', maker: 'local', contextWindow: 32000, capabilities: ['tools'] });
    expect(m?.endpoints).toEqual([expect.objectContaining({ id: 'local/llama3', model: 'local/llama3', provider: 'local', name: 'llama3', pricing })]);
    const next = catalog.withModels(m ? [m] : []);
    expect(next.lookup('local/llama3')).toEqual({ model: m });
  });

  it('take the ratings the user gave, filling the other categories, and say so', () => {
    const [m] = userModels(config([{ id: 'mine', contextWindow: 8000, pricing, quality: { overall: 1250 } }]), catalog);
    expect(m?.quality).toMatchObject({ source: 'estimated', basis: 'ratings given in the user config for local/mine' });
    expect(m?.quality.ratings.overall).toBe(1250);
    expect(m?.quality.ratings.coding).toBeTypeOf('number');
  });

  it('else borrow the ratings of the catalog model of the same name, else estimate from family and size', () => {
    const [same] = userModels(config([{ id: 'gpt-oss-120b', contextWindow: 128000, pricing }]), catalog);
    expect(same?.quality.from).toBe('openai/gpt-oss-120b');
    expect(same?.quality.ratings.overall).toBe(catalog.get('openai/gpt-oss-120b')?.quality.ratings.overall);
    const [family] = userModels(config([{ id: 'llama-3.1-8b-custom-finetune', contextWindow: 8000, pricing }]), catalog);
    expect(family?.quality.basis).toMatch(/^user model: estimated from meta-llama\//);
    const [unknown] = userModels(config([{ id: 'zyxw-7b', contextWindow: 8000, pricing }]), catalog);
    expect(unknown?.quality.basis).toMatch(/^user model: no rated model in its family .*small-tier/);
    expect(unknown?.quality.ratings.overall).toBeGreaterThan(1000);
  });
});
