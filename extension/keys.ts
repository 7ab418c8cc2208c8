/**
 * API key handling that needs no VS Code: which providers take a key, the environment variable each is passed
 * in, validation, and redaction. A key's value only ever goes to SecretStorage and to the server's environment;
 * it is never logged, shown, or sent to the webview.
 */
import { BUILTIN_PROVIDERS } from '../server/providers/registry.js';

export interface KeyProvider {
  /** The catalog's provider id, e.g. `openai`. */
  id: string;
  label: string;
  /** The variable the key is passed in (the provider's first, usual one). */
  envVar: string;
  /** Every variable the server reads for this provider. */
  envVars: readonly string[];
}

const LABELS: Record<string, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  openrouter: 'OpenRouter',
  groq: 'Groq',
  deepseek: 'DeepSeek',
  mistral: 'Mistral',
  xai: 'xAI',
  together_ai: 'Together AI',
  fireworks_ai: 'Fireworks AI',
  perplexity: 'Perplexity',
  cerebras: 'Cerebras',
  deepinfra: 'DeepInfra',
  novita: 'Novita',
  moonshot: 'Moonshot',
};

/** Providers that take an API key (local servers need none), in the registry's order. */
export const KEY_PROVIDERS: readonly KeyProvider[] = Object.freeze(
  BUILTIN_PROVIDERS.filter((row) => row.apiKeyEnv.length > 0).map((row) => ({
    id: row.id,
    label: LABELS[row.id] ?? row.id,
    envVar: row.apiKeyEnv[0] as string,
    envVars: row.apiKeyEnv,
  })),
);

/** Every provider key variable: set to null in an untrusted workspace's server environment. */
export const ALL_KEY_ENV_VARS: readonly string[] = Object.freeze([...new Set(KEY_PROVIDERS.flatMap((p) => p.envVars))]);

export function keyProvider(id: string): KeyProvider | undefined {
  return KEY_PROVIDERS.find((p) => p.id === id);
}

/** The SecretStorage entry for a provider's key. */
export function secretName(provider: string): string {
  return `switchyard.apiKey.${provider}`;
}

/** The provider a SecretStorage entry belongs to, if it is one of ours. */
export function providerOfSecret(name: string): string | undefined {
  const prefix = 'switchyard.apiKey.';
  if (!name.startsWith(prefix)) return undefined;
  const id = name.slice(prefix.length);
  return keyProvider(id) ? id : undefined;
}

/** A message saying what is wrong with a pasted key, or undefined when it looks usable. Never echoes the key. */
export function validateApiKey(value: string): string | undefined {
  const key = value.trim();
  if (key === '') return 'Paste the API key (it is stored in VS Code’s SecretStorage, never in a file).';
  if (key.length < 8) return 'That is too short to be an API key.';
  if (key.length > 4096) return 'That is too long to be an API key.';
  if (/\s/.test(key)) return 'An API key has no spaces or line breaks: copy just the key.';
  if (!/^[\x21-\x7e]+$/.test(key)) return 'An API key is plain ASCII: remove any quotes or special characters around it.';
  return undefined;
}

export type KeySource = 'secret' | 'environment' | 'missing';

export interface KeyStatus {
  provider: string;
  label: string;
  envVar: string;
  source: KeySource;
}

/** Where each provider's key comes from: SecretStorage first, then the editor's environment. */
export function keyStatuses(stored: ReadonlySet<string>, env: Readonly<Record<string, string | undefined>>): KeyStatus[] {
  return KEY_PROVIDERS.map((p) => ({
    provider: p.id,
    label: p.label,
    envVar: p.envVar,
    source: stored.has(p.id) ? 'secret' : p.envVars.some((v) => (env[v] ?? '').trim() !== '') ? 'environment' : 'missing',
  }));
}

/** The environment that passes stored keys to the server: provider id → key becomes ENV_VAR → key. */
export function keysToEnv(keys: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [id, key] of keys) {
    const p = keyProvider(id);
    if (p && key.trim() !== '') env[p.envVar] = key.trim();
  }
  return env;
}

/**
 * What the server's environment gets on top of the editor's. Trusted: the stored keys. Restricted Mode: every
 * provider key variable removed (null), the editor's own included, so nothing an untrusted workspace says can
 * spend money.
 */
export function serverEnvironmentFor(trusted: boolean, storedKeysEnv: Readonly<Record<string, string>>): Record<string, string | null> {
  if (trusted) return { ...storedKeysEnv };
  return Object.fromEntries(ALL_KEY_ENV_VARS.map((name) => [name, null]));
}

/** Replace every occurrence of any secret in `text` (e.g. a provider error echoed by the CLI) before showing it. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    const s = secret.trim();
    if (s.length < 8) continue;
    out = out.split(s).join('[redacted key]');
  }
  return out;
}
