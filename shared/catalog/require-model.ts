import { SwitchyardError } from '../errors.js';
import type { Catalog, Lookup } from './catalog.js';

/**
 * The model an id or alias names — with the endpoint when the id named one (`bedrock/anthropic.claude-…`) — or an
 * `unknown_model` error that says where (`models[1]`, `model`) and why, offering the closest ids:
 * `models[1]: unknown model "openai/gpt-40". Did you mean "openai/gpt-4o"?`, or for an excluded entry
 * `model: "openrouter/free" is a router, not a model: Switchyard does the routing.`
 */
export function requireModel(catalog: Catalog, id: string, where: string, advice = ''): Lookup {
  const found = catalog.resolve(id);
  if ('model' in found) return found;
  const hint = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  const excluded = catalog.excluded(id);
  const what = excluded ? found.error : `unknown model "${id}".`;
  throw new SwitchyardError('unknown_model', `${where}: ${what}${hint}${advice}`);
}
