import type { Catalog } from '../../../shared/catalog/catalog.js';
import type { PolicySet } from '../../../shared/policy/resolve.js';
import type { RouteContext } from '../../../shared/routing/types.js';
import type { ConfigState } from '../../config/policy-store.js';

/** What the tools need, handed in so tests can supply their own. Functions, because config reloads replace them. */
export interface ToolDeps {
  /** The bundled catalog plus user-configured models. */
  catalog: () => Catalog;
  /** Built-ins < user config < workspace file, kept current with the files. */
  policies: () => PolicySet;
  /** Provider availability, file warnings and today's date for the router. */
  routeContext: () => RouteContext;
  config: () => ConfigState;
  /** Resolves once the tokenizer tables are loaded (they load on first need, not at start-up). */
  ready: () => Promise<void>;
}
