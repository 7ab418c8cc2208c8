/**
 * Aliases for models and endpoints. The old per-row aliases (aliases.ts) move with the row they named: a bare name
 * (`gpt-4o`, `claude-sonnet-4-5`) names the model, a `provider/…` spelling names that endpoint. Models also take
 * their OpenRouter slugs (`anthropic/claude-sonnet-4.5`, which is how OpenRouter's live list finds them) and dotted
 * or dashed spellings of their id, and their bare name where no other claim has it. Every alias means one thing:
 * ids first, then model aliases, then endpoint aliases.
 */
import type { Model } from '../../shared/catalog/model.js';
import { compareStrings } from './arena.js';
import { spellings } from './aliases.js';
import { MAKER_OF_PROVIDER } from './providers.js';

/** `litellmKeys`: each row id's LiteLLM keys; a reseller's bare key (`us.anthropic.claude-…`) names its endpoint, not the model. */
export function assignAliases(
  models: readonly Model[],
  rowAliases: ReadonlyMap<string, readonly string[]>,
  litellmKeys: ReadonlyMap<string, readonly string[]>,
): Model[] {
  const taken = new Set<string>();
  for (const m of models) {
    taken.add(m.id.toLowerCase());
    for (const e of m.endpoints) for (const id of [e.id, ...(e.aliases ?? [])]) taken.add(id.toLowerCase());
  }
  const modelClaims = new Map<string, string[]>();
  const endpointClaims = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, id: string, alias: string) => map.set(id, [...(map.get(id) ?? []), alias]);
  for (const m of models) {
    for (const e of m.endpoints) {
      for (const rowId of [e.id, ...(e.aliases ?? [])]) {
        // At the maker's own API the bare key is the model's name (`gpt-4o`); elsewhere it is that endpoint's.
        const keys = new Set(MAKER_OF_PROVIDER[e.provider] === m.maker ? [] : (litellmKeys.get(rowId) ?? []));
        for (const alias of rowAliases.get(rowId) ?? []) {
          if (alias.includes('/') || keys.has(alias)) push(endpointClaims, e.id, alias);
          else push(modelClaims, m.id, alias);
        }
      }
      if (e.provider === 'openrouter') push(modelClaims, m.id, e.name.replace(/:[\w-]+$/, ''));
    }
    for (const a of m.aliases) push(modelClaims, m.id, a);
    for (const s of spellings(m.id)) push(modelClaims, m.id, s);
  }
  const claim = (alias: string): boolean => {
    const key = alias.toLowerCase();
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  const modelAliases = new Map<string, string[]>();
  for (const m of models) modelAliases.set(m.id, [...new Set(modelClaims.get(m.id) ?? [])].sort(compareStrings).filter(claim));
  // Last, each model's bare name and its dotted or dashed spelling (`llama-3.1-8b-instruct`, `claude-3-5-sonnet`),
  // where nothing else claimed them.
  for (const m of models) {
    const bare = spellings(m.name).filter(claim);
    if (bare.length > 0) modelAliases.set(m.id, [...(modelAliases.get(m.id) ?? []), ...bare].sort(compareStrings));
  }
  return models.map((m) => ({
    ...m,
    aliases: modelAliases.get(m.id) ?? [],
    endpoints: m.endpoints.map((e) => {
      const folded = e.aliases ?? [];
      const extra = [...new Set(endpointClaims.get(e.id) ?? [])].sort(compareStrings).filter(claim);
      const aliases = [...new Set([...folded, ...extra])].sort(compareStrings);
      const { aliases: _, ...rest } = e;
      return aliases.length > 0 ? { ...rest, aliases } : rest;
    }),
  }));
}
