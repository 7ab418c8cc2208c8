import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../shared/policy/builtins.js';
import { BUILTIN_PROVIDERS } from '../../server/providers/registry.js';
import {
  ALL_KEY_ENV_VARS,
  KEY_PROVIDERS,
  keysToEnv,
  keyStatuses,
  providerOfSecret,
  redactSecrets,
  secretName,
  serverEnvironmentFor,
  validateApiKey,
} from '../../extension/keys.js';
import { ApiKeys, type SecretStore } from '../../extension/secrets.js';
import { hostMessageSchema } from '../../extension/sidebar/protocol.js';

const KEY = 'sk-test-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** SecretStorage as a map, with its change event. */
function fakeSecrets(): SecretStore & { data: Map<string, string>; fire(key: string): void } {
  const data = new Map<string, string>();
  const listeners = new Set<(e: { key: string }) => unknown>();
  const fire = (key: string) => listeners.forEach((l) => l({ key }));
  return {
    data,
    fire,
    get: async (k) => data.get(k),
    store: async (k, v) => {
      data.set(k, v);
      fire(k);
    },
    delete: async (k) => {
      data.delete(k);
      fire(k);
    },
    onDidChange: (l) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
  };
}

describe('key providers', () => {
  it('cover every provider of the registry that takes a key, with its usual variable', () => {
    const withKeys = BUILTIN_PROVIDERS.filter((r) => r.apiKeyEnv.length > 0);
    expect(KEY_PROVIDERS.map((p) => p.id)).toEqual(withKeys.map((r) => r.id));
    expect(KEY_PROVIDERS.find((p) => p.id === 'openai')).toMatchObject({ label: 'OpenAI', envVar: 'OPENAI_API_KEY' });
    expect(KEY_PROVIDERS.find((p) => p.id === 'gemini')?.envVars).toEqual(['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
    expect(ALL_KEY_ENV_VARS).toContain('GOOGLE_API_KEY');
    expect(KEY_PROVIDERS.some((p) => p.id === 'ollama')).toBe(false);
  });

  it('map secret names both ways, ignoring names that are not ours', () => {
    expect(secretName('openai')).toBe('switchyard.apiKey.openai');
    expect(providerOfSecret('switchyard.apiKey.openai')).toBe('openai');
    expect(providerOfSecret('switchyard.apiKey.nope')).toBeUndefined();
    expect(providerOfSecret('other.extension.token')).toBeUndefined();
  });
});

describe('validateApiKey', () => {
  it('accepts plausible keys and explains the rest without echoing them', () => {
    expect(validateApiKey(KEY)).toBeUndefined();
    expect(validateApiKey(`  ${KEY}\n`)).toBeUndefined();
    for (const bad of ['', 'short', `${KEY} ${KEY}`, `"${KEY}“`, 'x'.repeat(5000)]) {
      const message = validateApiKey(bad);
      expect(message).toBeTypeOf('string');
      if (bad.length >= 8) expect(message).not.toContain(bad.trim().slice(0, 8));
    }
  });
});

describe('environments', () => {
  it('keysToEnv passes each stored key in the provider’s variable', () => {
    expect(keysToEnv(new Map([['openai', KEY], ['anthropic', ' sk-ant-xyz12345 '], ['unknown', 'zzzzzzzzzz']]))).toEqual({ OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: 'sk-ant-xyz12345' });
  });

  it('an untrusted workspace gets no key at all: every key variable is removed', () => {
    const untrusted = serverEnvironmentFor(false, { OPENAI_API_KEY: KEY });
    expect(Object.values(untrusted).every((v) => v === null)).toBe(true);
    expect(Object.keys(untrusted).sort()).toEqual([...ALL_KEY_ENV_VARS].sort());
    expect(JSON.stringify(untrusted)).not.toContain(KEY);
    expect(serverEnvironmentFor(true, { OPENAI_API_KEY: KEY })).toEqual({ OPENAI_API_KEY: KEY });
  });

  it('keyStatuses says where a key comes from, never what it is', () => {
    const statuses = keyStatuses(new Set(['openai']), { ANTHROPIC_API_KEY: 'from-env-12345678', GROQ_API_KEY: '  ' });
    expect(statuses.find((s) => s.provider === 'openai')?.source).toBe('secret');
    expect(statuses.find((s) => s.provider === 'anthropic')?.source).toBe('environment');
    expect(statuses.find((s) => s.provider === 'groq')?.source).toBe('missing');
    expect(JSON.stringify(statuses)).not.toContain('from-env-12345678');
  });

  it('redactSecrets removes every occurrence of every key from text shown to the user', () => {
    const text = `401 from https://api.example/v1?key=${KEY}: invalid key ${KEY}`;
    const out = redactSecrets(text, [KEY, 'tiny']);
    expect(out).not.toContain(KEY);
    expect(out).toContain('[redacted key]');
    expect(redactSecrets('nothing here', [KEY])).toBe('nothing here');
  });
});

describe('ApiKeys (SecretStorage)', () => {
  it('stores trimmed keys, reports status without values, and builds the environment', async () => {
    const secrets = fakeSecrets();
    const keys = new ApiKeys(secrets, {});
    await keys.set('openai', `  ${KEY}  `);
    expect(secrets.data.get('switchyard.apiKey.openai')).toBe(KEY);
    const status = await keys.status();
    expect(status.find((s) => s.provider === 'openai')?.source).toBe('secret');
    expect(JSON.stringify(status)).not.toContain(KEY);
    expect(await keys.environment()).toEqual({ OPENAI_API_KEY: KEY });
    expect(await keys.storedProviders()).toEqual(['openai']);
    await keys.clear('openai');
    expect(await keys.environment()).toEqual({});
    keys.dispose();
  });

  it('rejects unknown providers and malformed keys with messages that do not contain the key', async () => {
    const keys = new ApiKeys(fakeSecrets(), {});
    await expect(keys.set('nope', KEY)).rejects.toThrow(/unknown provider "nope"/);
    const attempt = keys.set('openai', `${KEY} trailing words`);
    await expect(attempt).rejects.toThrow(/no spaces/);
    await attempt.catch((e: Error) => expect(e.message).not.toContain(KEY));
  });

  it('notices changes made elsewhere (another window) and reloads', async () => {
    const secrets = fakeSecrets();
    const keys = new ApiKeys(secrets, {});
    expect(await keys.environment()).toEqual({});
    const changed: string[] = [];
    keys.onDidChange((p) => changed.push(p));
    secrets.data.set('switchyard.apiKey.groq', 'gsk_1234567890');
    secrets.fire('switchyard.apiKey.groq');
    secrets.fire('someone.else');
    expect(changed).toEqual(['groq']);
    expect(await keys.environment()).toEqual({ GROQ_API_KEY: 'gsk_1234567890' });
  });

  it('the sidebar state the status feeds cannot carry a key', async () => {
    const keys = new ApiKeys(fakeSecrets(), { MISTRAL_API_KEY: KEY });
    await keys.set('openai', KEY);
    const state = {
      fileExists: false,
      trusted: true,
      active: 'balanced',
      policies: [],
      warnings: [],
      keys: (await keys.status()).map((k) => ({ provider: k.provider, label: k.label, envVar: k.envVar, source: k.source })),
      spend: { status: 'loading' as const },
      prompt: '',
    };
    const message = hostMessageSchema.parse({ type: 'state', state });
    expect(JSON.stringify(message)).not.toContain(KEY);
    expect(Object.keys(BUILTIN_POLICIES)).toContain('balanced');
  });
});
