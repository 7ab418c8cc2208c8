/**
 * The router as the extension host runs it, for previews and the editor commands: the same catalog, policy
 * files and provider availability the server uses, so a preview shows what the server would decide.
 * Node but no vscode; the policy files are read on demand (a stat per access tells when to re-read).
 */
import { loadBundledCatalog, type Catalog } from '../shared/catalog/catalog.js';
import type { PolicySet } from '../shared/policy/resolve.js';
import type { UserConfigFile } from '../shared/policy/schema.js';
import { route } from '../shared/routing/route.js';
import type { RouteContext, RouteDecision, RouteRequest } from '../shared/routing/types.js';
import { displayPath } from '../server/config/paths.js';
import { ConfigStore, type ConfigState } from '../server/config/policy-store.js';
import { ProviderDirectory, userConfigProblems } from '../server/config/provider-directory.js';
import { userModels } from '../server/config/user-models.js';
import type { SpendReport } from './cli-process.js';
import { tightestBudget } from '../shared/routing/budget-state.js';
import { PredictorSource } from '../server/predict/predictor-source.js';

export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class Router {
  private readonly store: ConfigStore;
  private derivedFor: UserConfigFile | undefined;
  /** Built on first use (parsing the bundled catalog takes tens of milliseconds): never during activation. */
  private catalogNow: Catalog | undefined;
  private catalogFor: UserConfigFile | undefined;
  private providersNow: ProviderDirectory;
  private problems: string[] = [];
  private spend: SpendReport | undefined;
  private readonly predictor = new PredictorSource();

  /** `env` is the server's environment as the extension would start it: the host's plus stored keys (or none). */
  constructor(
    readonly workspace: string,
    private readonly env: NodeJS.ProcessEnv,
    spend?: SpendReport,
  ) {
    this.store = new ConfigStore(workspace, env, { watch: false });
    this.providersNow = new ProviderDirectory({}, env);
    this.spend = spend;
  }

  /** A router for a new environment (keys, trust) that keeps what is known of the spend, so budgets still apply. */
  rebuilt(env: NodeJS.ProcessEnv): Router {
    return new Router(this.workspace, env, this.spend);
  }

  spendReport(): SpendReport | undefined {
    return this.spend;
  }

  config(): ConfigState {
    return this.store.current();
  }

  policies(): PolicySet {
    return this.store.current().policies;
  }

  catalog(): Catalog {
    this.derive();
    const userConfig = this.store.current().userConfig;
    if (!this.catalogNow || this.catalogFor !== userConfig) {
      const bundled = loadBundledCatalog();
      const extra = userModels(userConfig, bundled);
      this.catalogNow = extra.length > 0 ? bundled.withModels(extra) : bundled;
      this.catalogFor = userConfig;
    }
    return this.catalogNow;
  }

  providers(): ProviderDirectory {
    this.derive();
    return this.providersNow;
  }

  /** The last spend report, so previews respect the budget left as the server would. */
  setSpend(report: SpendReport | undefined): void {
    this.spend = report;
  }

  context(): RouteContext {
    this.derive();
    const state = this.store.current();
    // the weights the server ranks with (`switchyard train`), so a preview decides as the server would
    const predictor = this.predictor.configured(this.env, state.userConfig, state.files.user, this.workspace);
    const ctx: RouteContext = { providers: this.providersNow, warnings: [...state.warnings, ...this.problems, ...(predictor.problem ? [predictor.problem] : [])], today: localDate() };
    if (predictor.predictor) ctx.predictor = predictor.predictor;
    const report = this.spend;
    // The budgets as the policy files say now (an edit applies at once); what is spent, from the last report.
    const limits = state.policies.budget.daily !== undefined || state.policies.budget.monthly !== undefined ? state.policies.budget : report?.budgets;
    const budget = report && limits && tightestBudget({ ...(limits.daily !== undefined ? { daily: limits.daily } : {}), ...(limits.monthly !== undefined ? { monthly: limits.monthly } : {}) }, report);
    if (budget) ctx.budget = budget;
    return ctx;
  }

  decide(request: RouteRequest): RouteDecision {
    return route(request, this.catalog(), this.policies(), this.context());
  }

  close(): void {
    this.store.close();
  }

  private derive(): void {
    const state = this.store.current();
    if (state.userConfig === this.derivedFor) return;
    this.derivedFor = state.userConfig;
    this.providersNow = new ProviderDirectory(state.userConfig, this.env);
    this.problems = userConfigProblems(state.userConfig, displayPath(state.files.user, this.workspace, this.env));
  }
}
