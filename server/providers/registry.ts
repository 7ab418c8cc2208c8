/**
 * Built-in providers as data: one row per provider, one adapter per wire format. Provider ids are
 * the catalog's provider names. Where keys come from at run time (env, user config, VS Code
 * SecretStorage) is the config layer's business; `apiKeyEnv` only names the usual variables.
 */
import { createAnthropicProvider } from './anthropic.js';
import { createGeminiProvider } from './gemini.js';
import { createOpenAICompatibleProvider } from './openai-compatible.js';
import type { ApiKind, Provider, ProviderConfig } from './types.js';

export interface ProviderRow {
  id: string;
  api: ApiKind;
  baseUrl: string;
  /** Environment variables that may hold the key, in order of preference; empty for keyless local servers. */
  apiKeyEnv: readonly string[];
  /** Runs on this machine: needs no key, costs nothing, works offline. */
  local?: boolean;
  /** OpenAI-compatible only: the field for the output limit when it is not `max_tokens`. */
  maxTokensField?: 'max_completion_tokens';
}

export const BUILTIN_PROVIDERS: readonly ProviderRow[] = Object.freeze([
  // OpenAI's reasoning models reject `max_tokens`; `max_completion_tokens` works for all its models.
  { id: 'openai', api: 'openai', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: ['OPENAI_API_KEY'], maxTokensField: 'max_completion_tokens' },
  { id: 'anthropic', api: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKeyEnv: ['ANTHROPIC_API_KEY'] },
  { id: 'gemini', api: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] },
  { id: 'openrouter', api: 'openai', baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: ['OPENROUTER_API_KEY'] },
  { id: 'groq', api: 'openai', baseUrl: 'https://api.groq.com/openai/v1', apiKeyEnv: ['GROQ_API_KEY'] },
  { id: 'deepseek', api: 'openai', baseUrl: 'https://api.deepseek.com', apiKeyEnv: ['DEEPSEEK_API_KEY'] },
  { id: 'mistral', api: 'openai', baseUrl: 'https://api.mistral.ai/v1', apiKeyEnv: ['MISTRAL_API_KEY'] },
  { id: 'xai', api: 'openai', baseUrl: 'https://api.x.ai/v1', apiKeyEnv: ['XAI_API_KEY'] },
  { id: 'together_ai', api: 'openai', baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: ['TOGETHER_API_KEY', 'TOGETHERAI_API_KEY'] },
  { id: 'fireworks_ai', api: 'openai', baseUrl: 'https://api.fireworks.ai/inference/v1', apiKeyEnv: ['FIREWORKS_API_KEY', 'FIREWORKS_AI_API_KEY'] },
  { id: 'perplexity', api: 'openai', baseUrl: 'https://api.perplexity.ai', apiKeyEnv: ['PERPLEXITY_API_KEY', 'PERPLEXITYAI_API_KEY'] },
  { id: 'cerebras', api: 'openai', baseUrl: 'https://api.cerebras.ai/v1', apiKeyEnv: ['CEREBRAS_API_KEY'] },
  { id: 'deepinfra', api: 'openai', baseUrl: 'https://api.deepinfra.com/v1/openai', apiKeyEnv: ['DEEPINFRA_API_KEY'] },
  { id: 'novita', api: 'openai', baseUrl: 'https://api.novita.ai/v3/openai', apiKeyEnv: ['NOVITA_API_KEY'] },
  { id: 'moonshot', api: 'openai', baseUrl: 'https://api.moonshot.ai/v1', apiKeyEnv: ['MOONSHOT_API_KEY'] },
  { id: 'ollama', api: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', apiKeyEnv: [], local: true },
  { id: 'lm_studio', api: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', apiKeyEnv: [], local: true },
  { id: 'vllm', api: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', apiKeyEnv: [], local: true },
  { id: 'lemonade', api: 'openai', baseUrl: 'http://127.0.0.1:8000/api/v1', apiKeyEnv: [], local: true },
] satisfies ProviderRow[]);

export function findProviderRow(id: string): ProviderRow | undefined {
  return BUILTIN_PROVIDERS.find((row) => row.id === id);
}

/** The first non-empty key among the row's variables in `env` (pass `process.env` at the edge). */
export function apiKeyFromEnv(row: ProviderRow, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of row.apiKeyEnv) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

const FACTORIES: Record<ApiKind, (config: ProviderConfig) => Provider> = {
  openai: createOpenAICompatibleProvider,
  anthropic: createAnthropicProvider,
  gemini: createGeminiProvider,
};

/**
 * Builds the adapter for a provider. Built-in rows fill in what the config leaves out (the
 * `maxTokensField` quirk); a config for an id not in the table (a private deployment) is used as is.
 */
export function createProvider(config: ProviderConfig): Provider {
  const factory = Object.hasOwn(FACTORIES, config.api) ? FACTORIES[config.api] : undefined;
  if (!factory) {
    throw new Error(`provider "${config.id}": unknown api "${String(config.api)}" (expected openai, anthropic or gemini)`);
  }
  let protocol: string;
  try {
    protocol = new URL(config.baseUrl).protocol;
  } catch {
    throw new Error(`provider "${config.id}": baseUrl "${config.baseUrl}" is not a URL`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`provider "${config.id}": baseUrl "${config.baseUrl}" must be http or https`);
  }
  const row = findProviderRow(config.id);
  const full: ProviderConfig = { ...config };
  if (full.maxTokensField === undefined && row?.maxTokensField && row.api === config.api) {
    full.maxTokensField = row.maxTokensField;
  }
  return factory(full);
}
