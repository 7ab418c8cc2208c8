/**
 * Other spellings that resolve to a model:
 *  - the provider-less name, for first-party providers (`gpt-4o` → `openai/gpt-4o`, `claude-sonnet-4-5` → `anthropic/…`);
 *  - dotted and dashed versions (`anthropic/claude-sonnet-4.5`, `claude-sonnet-4.5`, `openai/gpt-4-1`);
 *  - the LiteLLM key itself when it is not the id (`us.anthropic.claude-…`, `amazon-nova/nova-pro-v1`);
 *  - the undated form of a dated name (`claude-3-haiku` → `anthropic/claude-3-haiku-20240307`) — weaker than any
 *    other claim, so where an undated model exists (`claude-sonnet-4-5`) the undated spelling stays with it.
 * An alias never shadows an id and points to one model only: first-party providers win (in PRIMARY_FIRST_PARTY order),
 * then direct spellings over undated forms, then the latest date, then the id.
 */
import { compareStrings } from './arena.js';
import { isFirstParty, providerRank } from './providers.js';

interface AliasSource {
  id: string;
  provider: string;
  name: string;
}

interface Claim {
  alias: string;
  id: string;
  provider: string;
  /** 0: a spelling of the model's own name; 1: the undated form of a dated name. */
  strength: 0 | 1;
  date: number;
}

/**
 * `claude-3-5-sonnet` ↔ `claude-3.5-sonnet`; `gpt-4.1` ↔ `gpt-4-1`; `gpt-3.5-turbo` → Azure's `gpt-35-turbo`. Only
 * single-digit version parts that stand alone, never dates (`2024-08-06`) or sizes (`gemma-2-9b` stays as it is).
 */
export function spellings(name: string): string[] {
  const dotted = name.replace(/(^|[^\d.])(\d)-(\d)(?![\da-z])/gi, '$1$2.$3');
  const dashed = name.replace(/(^|[^\d])(\d)\.(\d)(?![\da-z])/gi, '$1$2-$3');
  // Azure's deployment names have no dots: GPT-3.5 is `gpt-35-turbo` there
  const azure = name.replace(/(^|\/)gpt-3\.5(?=-|$)/, '$1gpt-35');
  return [...new Set([name, dotted, dashed, azure])];
}

const DATED = /^(.+?)[-@](\d{8}|\d{4}-\d{2}-\d{2})$/;

/** `claude-sonnet-4-5-20250929` → { base: `claude-sonnet-4-5`, date: 20250929 }; full dates only (4-digit ones are ambiguous). */
export function undated(name: string): { base: string; date: number } | undefined {
  const m = DATED.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const digits = m[2].replace(/-/g, '');
  if (!/^20\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits)) return undefined;
  return { base: m[1], date: Number(digits) };
}

/** id → aliases (sorted), for every model that has any. `litellmKeys` maps ids to the LiteLLM keys that produced them. */
export function buildAliases(
  models: readonly AliasSource[],
  litellmKeys: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const ids = new Set(models.map((m) => m.id.toLowerCase()));
  const claims = new Map<string, Claim[]>();
  const claim = (alias: string, m: AliasSource, strength: 0 | 1, date = 0) => {
    const key = alias.toLowerCase();
    if (ids.has(key)) return;
    const list = claims.get(key) ?? [];
    list.push({ alias, id: m.id, provider: m.provider, strength, date });
    claims.set(key, list);
  };

  for (const m of models) {
    const firstParty = isFirstParty(m.provider);
    for (const s of spellings(m.name)) {
      claim(`${m.provider}/${s}`, m, 0);
      if (firstParty) claim(s, m, 0);
    }
    for (const key of litellmKeys.get(m.id) ?? []) claim(key, m, 0);
    const u = undated(m.name);
    if (u) {
      for (const s of spellings(u.base)) {
        claim(`${m.provider}/${s}`, m, 1, u.date);
        if (firstParty) claim(s, m, 1, u.date);
      }
    }
  }

  const out = new Map<string, string[]>();
  for (const list of claims.values()) {
    list.sort(
      (a, b) =>
        providerRank(a.provider) - providerRank(b.provider) ||
        a.strength - b.strength ||
        b.date - a.date ||
        compareStrings(a.provider, b.provider) ||
        compareStrings(a.id, b.id) ||
        compareStrings(a.alias, b.alias),
    );
    const winner = list[0];
    if (!winner) continue;
    const aliases = out.get(winner.id) ?? [];
    aliases.push(winner.alias);
    out.set(winner.id, aliases);
  }
  for (const aliases of out.values()) aliases.sort(compareStrings);
  return out;
}
