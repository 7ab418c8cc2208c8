import { loadBundledCatalog, type Catalog } from '../shared/catalog/catalog.js';
import { overlayOpenRouter } from '../shared/catalog/openrouter.js';
import type { UserConfigFile } from '../shared/policy/schema.js';
import { tightestBudget } from '../shared/routing/budget-state.js';
import type { RouteContext } from '../shared/routing/types.js';
import { ConfigStore, type ConfigState, type ModelCheck } from './config/policy-store.js';
import { cacheDir, displayPath, stateDir } from './config/paths.js';
import { OpenRouterRefresher } from './catalog/openrouter-refresh.js';
import { ProviderDirectory, userConfigProblems } from './config/provider-directory.js';
import { userModels } from './config/user-models.js';
import { CircuitBreakers } from './invoke/circuit-breaker.js';
import { Invoker } from './invoke/invoker.js';
import { LatencyStats } from './invoke/latency-stats.js';
import { Ledger } from './ledger/ledger.js';
import type { ToolDeps } from './mcp/tools/deps.js';
import type { Timeouts } from './providers/types.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';

export interface RuntimeOptions {
  /** The workspace root: where `.switchyard.json` lives. */
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** Watch the policy files and notify `onChange` listeners (the server does; one-shot CLI commands don't). */
  watch?: boolean;
  timeouts?: Timeouts;
  /**
   * OpenRouter's live prices over the bundled catalog: `fetch` keeps them fresh (the long-running server), `cache`
   * only reads the last fetched list (one-shot CLI commands never wait on the network). Off with SWITCHYARD_OFFLINE=1.
   */
  liveCatalog?: 'fetch' | 'cache';
}

/** Everything the server and CLI share: catalog, configuration, policies, providers, invoker, ledger. One per process. */
export interface Runtime extends ToolDeps {
  workspace: string;
  env: NodeJS.ProcessEnv;
  providers: () => ProviderDirectory;
  ledger: Ledger;
  invoker: Invoker;
  /** Spend changed (a call finished): refresh the budget the router sees and tell listeners. */
  spendChanged(): void;
  onSpendChange(listener: () => void): () => void;
  onChange(listener: (state: ConfigState) => void): () => void;
  /** Load the cached live prices, and fetch them if stale (liveCatalog `fetch`). Never throws. */
  refreshCatalog(): Promise<void>;
  close(): Promise<void>;
}

export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  /** OpenRouter's live list over the bundled catalog (its endpoints join the models they serve), then the user's own models. */
  const catalogWith = (userConfig: UserConfigFile | undefined): Catalog => {
    const bundled = loadBundledCatalog();
    const overlay = refresher ? overlayOpenRouter(refresher.listing(), bundled) : undefined;
    const live = overlay && overlay.models.length > 0 ? bundled.withModels(overlay.models, overlay.excluded) : bundled;
    // User models are built against the catalog they join: their estimates come from its rated models.
    const extra = userConfig ? userModels(userConfig, live) : [];
    return extra.length > 0 ? live.withModels(extra) : live;
  };
  // The catalog is built on first use (the first tool call), not before the server answers `initialize`.
  // Rule `use` names are checked against the bundled catalog, the live list and the user's own models.
  let checkCache: { userConfig: UserConfigFile; live: number; catalog: Catalog } | undefined;
  const checkModel: ModelCheck = (id, userConfig) => {
    const live = refresher?.version ?? 0;
    if (!checkCache || checkCache.userConfig !== userConfig || checkCache.live !== live) {
      checkCache = { userConfig, live, catalog: catalogWith(userConfig) };
    }
    const found = checkCache.catalog.resolve(id);
    return 'model' in found ? { known: true } : { known: false, suggestions: found.suggestions };
  };
  const store = new ConfigStore(options.workspace, options.env, { watch: options.watch ?? false, checkModel });
  // Derived state is rebuilt only when the user config object changes (the store keeps it while files are unchanged).
  let derivedFor: UserConfigFile | undefined;
  let catalog: Catalog | undefined;
  let providers = new ProviderDirectory({}, options.env);
  let problems: string[] = [];
  const derive = (): void => {
    const state = store.current();
    if (state.userConfig === derivedFor) return;
    derivedFor = state.userConfig;
    catalog = undefined;
    providers = new ProviderDirectory(state.userConfig, options.env);
    problems = userConfigProblems(state.userConfig, displayPath(state.files.user, options.workspace, options.env));
  };

  const refresher = options.liveCatalog
    ? OpenRouterRefresher.fromEnv(options.env, cacheDir(options.env), (message) => process.stderr.write(`switchyard: ${message}\n`))
    : undefined;
  let liveVersion = 0;

  const ledger = new Ledger(stateDir(options.env));
  const latency = new LatencyStats();
  const invoker = new Invoker({
    directory: () => (derive(), providers),
    ledger,
    budget: () => store.current().policies.budget,
    breakers: new CircuitBreakers(),
    latency,
    limits: () => store.current().userConfig.timeouts,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  // The router filters by budget left; it is pure, so it sees the last known spend, refreshed after each call
  // (only when a budget is set: without one there is nothing to filter by).
  let spend: { today: number; month: number; reserved: number } | undefined;
  const spendListeners = new Set<() => void>();
  const refreshSpend = () => {
    const budget = store.current().policies.budget;
    if (budget.daily === undefined && budget.monthly === undefined) return;
    ledger.totals().then(
      (s) => void (spend = s),
      () => undefined,
    );
  };

  refreshSpend();
  return {
    workspace: options.workspace,
    env: options.env,
    ledger,
    invoker,
    config: () => store.current(),
    refreshCatalog: () => refresher?.refresh({ cacheOnly: options.liveCatalog !== 'fetch' }) ?? Promise.resolve(),
    catalog: () => {
      derive();
      if (refresher && refresher.version !== liveVersion) {
        liveVersion = refresher.version;
        catalog = undefined;
      }
      if (!catalog) {
        catalog = catalogWith(derivedFor);
      }
      return catalog;
    },
    providers: () => (derive(), providers),
    policies: () => store.current().policies,
    routeContext: (): RouteContext => {
      derive();
      const ctx: RouteContext = { providers, warnings: [...store.current().warnings, ...problems], today: localDate(), observedLatencyMs: latency.medians() };
      const budget = spend && tightestBudget(store.current().policies.budget, { today: spend.today + spend.reserved, month: spend.month + spend.reserved });
      if (budget) ctx.budget = budget;
      return ctx;
    },
    spendChanged: () => {
      refreshSpend();
      for (const listener of spendListeners) listener();
    },
    onSpendChange: (listener) => {
      spendListeners.add(listener);
      return () => spendListeners.delete(listener);
    },
    ready: loadTokenizers,
    onChange: (listener) => store.onChange(listener),
    async close() {
      store.close();
      await ledger.flush();
    },
  };
}
