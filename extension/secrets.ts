/**
 * Provider API keys in VS Code's SecretStorage (the OS keychain where there is one). Values stay in this
 * object and in the environment handed to the server; callers outside see only which providers have one.
 */
import type * as vscode from 'vscode';
import { keyProvider, keysToEnv, keyStatuses, KEY_PROVIDERS, providerOfSecret, secretName, validateApiKey, type KeyStatus } from './keys.js';

/** The part of `vscode.SecretStorage` used here, so tests can hand in a map. */
export interface SecretStore {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  onDidChange(listener: (e: { key: string }) => unknown): vscode.Disposable | { dispose(): unknown };
}

export class ApiKeys {
  private cache: Map<string, string> | undefined;
  private loading: Promise<Map<string, string>> | undefined;
  private readonly listeners = new Set<(provider: string) => void>();
  private readonly subscription: { dispose(): unknown };

  constructor(
    private readonly secrets: SecretStore,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {
    // Also fires when another window changes a key.
    this.subscription = secrets.onDidChange((e) => {
      const provider = providerOfSecret(e.key);
      if (!provider) return;
      this.cache = undefined;
      this.loading = undefined;
      for (const listener of this.listeners) listener(provider);
    });
  }

  onDidChange(listener: (provider: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Which providers have a key and where it comes from. No values. */
  async status(): Promise<KeyStatus[]> {
    const keys = await this.load();
    return keyStatuses(new Set(keys.keys()), this.env);
  }

  /** Store a key; throws an error that does not contain the key when it does not look like one. */
  async set(provider: string, key: string): Promise<void> {
    if (!keyProvider(provider)) throw new Error(`unknown provider "${provider}"; known: ${KEY_PROVIDERS.map((p) => p.id).join(', ')}`);
    const problem = validateApiKey(key);
    if (problem) throw new Error(problem);
    await this.secrets.store(secretName(provider), key.trim());
    this.cache = undefined;
    this.loading = undefined;
  }

  async clear(provider: string): Promise<void> {
    await this.secrets.delete(secretName(provider));
    this.cache = undefined;
    this.loading = undefined;
  }

  /** Providers whose key is in SecretStorage. */
  async storedProviders(): Promise<string[]> {
    return [...(await this.load()).keys()];
  }

  /** The environment that carries the stored keys to the server (ENV_VAR → key). */
  async environment(): Promise<Record<string, string>> {
    return keysToEnv(await this.load());
  }

  /** The stored values, only to redact them from text shown to the user. */
  async valuesForRedaction(): Promise<string[]> {
    return [...(await this.load()).values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private load(): Promise<Map<string, string>> {
    if (this.cache) return Promise.resolve(this.cache);
    if (!this.loading) {
      const loading: Promise<Map<string, string>> = Promise.all(KEY_PROVIDERS.map(async (p) => [p.id, await this.secrets.get(secretName(p.id))] as const)).then((entries) => {
        const map = new Map<string, string>();
        for (const [id, value] of entries) if (value && value.trim() !== '') map.set(id, value.trim());
        // A change while loading dropped this load: don't cache what may be stale.
        if (this.loading === loading) this.cache = map;
        return map;
      });
      this.loading = loading;
    }
    return this.loading;
  }
}
