import { catalogBaseName, tokenize } from './model-names.js';

/** Words marking a fine-tuned (chat) release of an open-weights model. */
const TUNED = new Set(['instruct', 'chat', 'it']);

interface Named {
  id: string;
  provider: string;
  name: string;
}

/**
 * Ids of pretrained base models: when a provider serves `llama-3-70b` and also `llama-3-70b-instruct` (or
 * `mistral-7b` and `mistral-7b-instruct-4k`), the first is the base model, which must not take the arena rating
 * of the instruct model.
 */
export function findBaseModels(models: readonly Named[]): Set<string> {
  const tokensOf = (m: Named) => tokenize(catalogBaseName(m.provider, m.name));
  const tunedPrefixes = new Set<string>();
  for (const m of models) {
    const tokens = tokensOf(m);
    const at = tokens.findIndex((t) => TUNED.has(t));
    if (at > 0) tunedPrefixes.add(`${m.provider}|${tokens.slice(0, at).join('-')}`);
  }
  const base = new Set<string>();
  for (const m of models) {
    const tokens = tokensOf(m);
    if (!tokens.some((t) => TUNED.has(t)) && tunedPrefixes.has(`${m.provider}|${tokens.join('-')}`)) base.add(m.id);
  }
  return base;
}
