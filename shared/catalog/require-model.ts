import { SwitchyardError } from '../errors.js';
import type { Catalog } from './catalog.js';
import type { Model } from './model.js';

/**
 * The model an id or alias names, or an `unknown_model` error that says where (`models[1]`, `model`) and offers
 * the closest ids: `models[1]: unknown model "openai/gpt-40". Did you mean "openai/gpt-4o"?`
 */
export function requireModel(catalog: Catalog, id: string, where: string, advice = ''): Model {
  const found = catalog.resolve(id);
  if ('model' in found) return found.model;
  const hint = found.suggestions.length > 0 ? ` Did you mean ${found.suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
  throw new SwitchyardError('unknown_model', `${where}: unknown model "${id}".${hint}${advice}`);
}
