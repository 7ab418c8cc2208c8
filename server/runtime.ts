import { loadBundledCatalog, type Catalog } from '../shared/catalog/catalog.js';
import type { UserConfigFile } from '../shared/policy/schema.js';
import type { RouteContext } from '../shared/routing/types.js';
import { ConfigStore, type ConfigState } from './config/policy-store.js';
import { ProviderDirectory, userConfigProblems, userModels } from './config/provider-directory.js';
import { displayPath } from './config/paths.js';
import type { ToolDeps } from './mcp/tools/deps.js';

export interface RuntimeOptions {
  /** The workspace root: where `.switchyard.json` lives. */
  workspace: string;
  env: NodeJS.ProcessEnv;
  /** Watch the policy files and notify `onChange` listeners (the server does; one-shot CLI commands don't). */
  watch?: boolean;
}

/** Everything the server and CLI share: catalog, configuration, policies, providers. Built once per process. */
export interface Runtime extends ToolDeps {
  workspace: string;
  env: NodeJS.ProcessEnv;
  providers: () => ProviderDirectory;
  onChange(listener: (state: ConfigState) => void): () => void;
  close(): Promise<void>;
}

export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const bundled = loadBundledCatalog();
  const store = new ConfigStore(options.workspace, options.env, { watch: options.watch ?? false });
  // Derived state is rebuilt only when the user config object changes (the store keeps it while files are unchanged).
  let derivedFor: UserConfigFile | undefined;
  let catalog: Catalog = bundled;
  let providers = new ProviderDirectory({}, options.env);
  let problems: string[] = [];
  const derive = (): void => {
    const state = store.current();
    if (state.userConfig === derivedFor) return;
    derivedFor = state.userConfig;
    const extra = userModels(state.userConfig);
    catalog = extra.length > 0 ? bundled.withModels(extra) : bundled;
    providers = new ProviderDirectory(state.userConfig, options.env);
    problems = userConfigProblems(state.userConfig, displayPath(state.files.user, options.workspace, options.env));
  };
  return {
    workspace: options.workspace,
    env: options.env,
    config: () => store.current(),
    catalog: () => (derive(), catalog),
    providers: () => (derive(), providers),
    policies: () => store.current().policies,
    routeContext: (): RouteContext => {
      derive();
      return { providers, warnings: [...store.current().warnings, ...problems], today: localDate() };
    },
    onChange: (listener) => store.onChange(listener),
    async close() {
      store.close();
    },
  };
}
