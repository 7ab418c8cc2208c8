import type { UserConfigFile } from '../../shared/policy/schema.js';
import type { ProviderStatus } from '../../shared/routing/types.js';
import { apiKeyFromEnv, BUILTIN_PROVIDERS, findProviderRow } from '../providers/registry.js';
import type { ApiKind } from '../providers/types.js';

// Moved to user-models.ts; re-exported for the callers that import it from here (extension/router.ts).
export { userModels } from './user-models.js';

/** A provider as Switchyard will call it: where, with which wire format, and whether a key is at hand. */
export interface ProviderEntry {
  id: string;
  api: ApiKind;
  baseUrl: string;
  /** The environment variables the key may come from (for messages; the key itself is only in `apiKey`). */
  keyEnv: string[];
  /** Never logged or returned: only the provider adapter sees it. */
  apiKey?: string;
  local: boolean;
  /** Declared in the user config (its URL, key variable or models). */
  configured: boolean;
  source: 'built-in' | 'user';
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Built-in providers (keys from their usual environment variables) merged with the user config's providers
 * (URL overrides, their own key variables, new providers with models). Workspace files never reach here.
 */
export class ProviderDirectory implements ProviderStatus {
  private readonly entries = new Map<string, ProviderEntry>();
  readonly anyConfigured: boolean;

  constructor(userConfig: UserConfigFile, env: NodeJS.ProcessEnv) {
    for (const row of BUILTIN_PROVIDERS) {
      const entry: ProviderEntry = { id: row.id, api: row.api, baseUrl: row.baseUrl, keyEnv: [...row.apiKeyEnv], local: row.local ?? false, configured: false, source: 'built-in' };
      const key = apiKeyFromEnv(row, env);
      if (key) entry.apiKey = key;
      this.entries.set(row.id, entry);
    }
    for (const [id, config] of Object.entries(userConfig.providers ?? {})) {
      const base = this.entries.get(id);
      const baseUrl = config.baseUrl ?? base?.baseUrl;
      const api = config.api ?? base?.api ?? 'openai';
      if (!baseUrl) continue; // reported by userConfigProblems()
      const keyEnv = config.apiKeyEnv ? [config.apiKeyEnv] : (base?.keyEnv ?? []);
      const entry: ProviderEntry = {
        id,
        api,
        baseUrl: baseUrl.replace(/\/+$/, ''),
        keyEnv,
        // Local only when it really is: a local provider pointed at another host is not (local-only must not reach it).
        local: config.local ?? isLoopbackUrl(baseUrl),
        configured: true,
        source: base ? 'built-in' : 'user',
      };
      const key = keyEnv.map((name) => env[name]?.trim()).find((v) => v);
      if (key) entry.apiKey = key;
      this.entries.set(id, entry);
    }
    this.anyConfigured = [...this.entries.values()].some((e) => e.apiKey !== undefined || e.configured);
  }

  get(id: string): ProviderEntry | undefined {
    return this.entries.get(id);
  }

  all(): ProviderEntry[] {
    return [...this.entries.values()];
  }

  /** Callable now: it has a key, or it is a keyless local server the user declared. */
  isAvailable(provider: string): boolean {
    const e = this.entries.get(provider);
    if (!e) return false;
    return e.apiKey !== undefined || (e.configured && (e.local || e.keyEnv.length === 0));
  }

  /** Switchyard has an adapter for it (built in, or declared in the user config). */
  isSupported(provider: string): boolean {
    return this.entries.has(provider);
  }

  isLocal(provider: string): boolean {
    return this.entries.get(provider)?.local ?? false;
  }

  /** Which variable to set for a provider, for error messages. */
  keyHint(provider: string): string {
    const e = this.entries.get(provider);
    if (!e) return `add "${provider}" under "providers" in your user config`;
    if (e.keyEnv.length === 0) return `declare "${provider}" under "providers" in your user config (it needs no key)`;
    return `set ${e.keyEnv.join(' or ')}`;
  }
}

/** Problems in the user's provider settings that the schema cannot see. */
export function userConfigProblems(userConfig: UserConfigFile, file: string): string[] {
  const problems: string[] = [];
  for (const [id, config] of Object.entries(userConfig.providers ?? {})) {
    if (!config.baseUrl && !findProviderRow(id)) problems.push(`${file} providers.${id}.baseUrl: required for a provider Switchyard does not know`);
  }
  return problems;
}
