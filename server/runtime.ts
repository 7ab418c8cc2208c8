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
import type { Invoker } from './invoke/invoker.js';
import { Ledger } from './ledger/ledger.js';
import { ObservedInvoker } from './observe/observed-invoker.js';
import { Telemetry, type HeadroomRow } from './observe/telemetry.js';
import { onRateLimit } from './providers/rate-limit.js';
import { RedisState, redactUrl } from './state/redis-state.js';
import { ScopedLedger } from './state/shared-ledger.js';
import { LocalState, type SharedState } from './state/shared-state.js';
import { RateLimits, SharedBreakers, SharedSamples } from './state/signals.js';
import type { ToolDeps } from './mcp/tools/deps.js';
import type { Timeouts } from './providers/types.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { PredictorSource, type PredictorChoice } from './predict/predictor-source.js';

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
  /** Shared state on Redis: lease of a reservation and poll interval (tests shorten them). */
  redis?: { leaseMs?: number; pollMs?: number; prefix?: string; commandTimeoutMs?: number };
}

/** Everything the server and CLI share: catalog, configuration, policies, providers, invoker, ledger. One per process. */
export interface Runtime extends ToolDeps {
  workspace: string;
  env: NodeJS.ProcessEnv;
  providers: () => ProviderDirectory;
  ledger: Ledger;
  /** The ledger with budget scopes (total, workspace, key, tag) kept in the shared state. */
  scopedLedger: ScopedLedger;
  /** Local, or Redis when SWITCHYARD_REDIS_URL or the user config's state.redis is set. */
  sharedState: SharedState;
  invoker: Invoker;
  telemetry: Telemetry;
  breakers: SharedBreakers;
  /** Spend changed (a call finished): refresh the budget the router sees and tell listeners. */
  spendChanged(): void;
  onSpendChange(listener: () => void): () => void;
  onChange(listener: (state: ConfigState) => void): () => void;
  /** Load the cached live prices, and fetch them if stale (liveCatalog `fetch`). Never throws. */
  refreshCatalog(): Promise<void>;
  /** The success predictor in use: absent, the bundled one; `problem` when the configured weights file is broken. */
  predictorChoice(): PredictorChoice & { file?: string };
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
  const redisUrl = options.env.SWITCHYARD_REDIS_URL || store.current().userConfig.state?.redis;
  const redis = redisUrl
    ? new RedisState({ url: redisUrl, ...leaseFromEnv(options.env), ...options.redis, warn: (message) => process.stderr.write(`switchyard: ${message}\n`) })
    : undefined;
  if (redis) {
    await redis.start();
    if (redis.connected) process.stderr.write(`switchyard: shared state on Redis at ${redactUrl(redisUrl as string)}\n`);
  }
  const sharedState: SharedState = redis ?? new LocalState();
  // This machine's ledger seeds the local budgets per key and tag (and Redis's fallback for when it is away).
  (redis ? redis.local : (sharedState as LocalState)).seedFrom(() => ledger.callsThisMonth());
  const scopedLedger = new ScopedLedger(ledger, sharedState, () => store.current().userConfig);
  const latency = new SharedSamples(redis, 'latency');
  const throughput = new SharedSamples(redis, 'throughput');
  const breakers = new SharedBreakers(redis);
  const rateLimits = new RateLimits(redis);
  const stopRateLimits = onRateLimit((endpoint, ms) => rateLimits.exhausted(endpoint, ms));
  const headroom = async (): Promise<HeadroomRow[]> => {
    const now = new Date();
    const config = store.current();
    const totals = new Map((await sharedState.totals(now)).map((t) => [t.scope, t]));
    const local = redis ? undefined : await ledger.totals(now);
    const rows: HeadroomRow[] = [];
    const add = (scope: string, budget: { daily?: number; monthly?: number } | undefined) => {
      const t = scope === 'total' && local ? { today: local.today + local.reserved, month: local.month + local.reserved } : totals.get(scope) ?? { today: 0, month: 0 };
      if (budget?.daily !== undefined) rows.push({ scope, period: 'daily', left: Math.max(0, budget.daily - t.today) });
      if (budget?.monthly !== undefined) rows.push({ scope, period: 'monthly', left: Math.max(0, budget.monthly - t.month) });
    };
    add('total', config.policies.budget);
    for (const token of config.userConfig.http?.tokens ?? []) add(`key:${token.name}`, token.budget);
    for (const [tag, entry] of Object.entries(config.userConfig.tags ?? {})) add(`tag:${tag}`, entry.budget);
    return rows;
  };
  const telemetry = new Telemetry({
    headroom,
    breakersOpen: () => {
      derive();
      return providers.all().map((p) => ({ provider: p.id, open: breakers.isOpen(p.id) }));
    },
    throughput: () => throughput.medians(),
    ...(redis ? { redisUp: () => redis.connected } : {}),
  });
  const invoker = new ObservedInvoker(
    {
      directory: () => (derive(), providers),
      ledger: scopedLedger,
      budget: () => store.current().policies.budget,
      breakers,
      latency,
      limits: () => store.current().userConfig.timeouts,
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    },
    telemetry,
    throughput,
  );
  // The router filters by budget left; it is pure, so it sees the last known spend, refreshed after each call
  // (only when a budget is set: without one there is nothing to filter by).
  let spend: { today: number; month: number; reserved: number } | undefined;
  const spendListeners = new Set<() => void>();
  const refreshSpend = () => {
    const budget = store.current().policies.budget;
    if (budget.daily === undefined && budget.monthly === undefined) return;
    // On Redis the router sees what every instance spent; the reservation itself is checked there atomically.
    const totals = redis?.connected
      ? redis.totals(new Date()).then((rows) => {
          const t = rows.find((r) => r.scope === 'total');
          return { today: t?.today ?? 0, month: t?.month ?? 0, reserved: 0 };
        })
      : ledger.totals();
    totals.then(
      (s) => void (spend = s),
      () => undefined,
    );
  };

  const predictorSource = new PredictorSource();
  const predictorChoice = (): PredictorChoice & { file?: string } => {
    const state = store.current();
    return predictorSource.configured(options.env, state.userConfig, state.files.user, options.workspace);
  };

  refreshSpend();
  return {
    workspace: options.workspace,
    env: options.env,
    ledger,
    scopedLedger,
    sharedState,
    invoker,
    telemetry,
    breakers,
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
      const predictor = predictorChoice();
      const ctx: RouteContext = { providers, warnings: [...store.current().warnings, ...problems, ...(predictor.problem ? [predictor.problem] : [])], today: localDate(), observedLatencyMs: latency.medians() };
      if (predictor.predictor) ctx.predictor = predictor.predictor;
      const limited = rateLimits.current();
      if (limited) ctx.rateLimited = limited;
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
    predictorChoice,
    onChange: (listener) => store.onChange(listener),
    async close() {
      store.close();
      stopRateLimits();
      await scopedLedger.flush();
      await sharedState.close();
    },
  };
}

/** `SWITCHYARD_REDIS_PREFIX` (key prefix, default `switchyard:`) and `SWITCHYARD_REDIS_LEASE_MS`: how long a reservation of an instance that stopped renewing it is held (default 30 s). */
function leaseFromEnv(env: NodeJS.ProcessEnv): { leaseMs?: number; prefix?: string } {
  const ms = Number(env.SWITCHYARD_REDIS_LEASE_MS);
  return { ...(Number.isInteger(ms) && ms >= 300 ? { leaseMs: ms } : {}), ...(env.SWITCHYARD_REDIS_PREFIX ? { prefix: env.SWITCHYARD_REDIS_PREFIX } : {}) };
}
