/**
 * Provider names and model ids. LiteLLM names providers by integration (`vertex_ai-anthropic_models`,
 * `bedrock_converse`); Switchyard names them by whom you call, so those collapse to `vertex_ai` and `bedrock`.
 * Every other LiteLLM provider name is kept as it is.
 */

/** Providers that make the models they serve, in the order that wins when two of them claim the same alias. */
export const PRIMARY_FIRST_PARTY = ['openai', 'anthropic', 'gemini', 'mistral', 'deepseek', 'xai'] as const;
/** Other model makers' own APIs: they also get provider-less aliases, after the primary ones. */
export const OTHER_FIRST_PARTY = [
  'ai21',
  'amazon_nova',
  'cohere_chat',
  'dashscope',
  'meta_llama',
  'minimax',
  'moonshot',
  'zai',
] as const;

const FIRST_PARTY: ReadonlySet<string> = new Set<string>([...PRIMARY_FIRST_PARTY, ...OTHER_FIRST_PARTY]);
const RANK: ReadonlyMap<string, number> = new Map(
  [...PRIMARY_FIRST_PARTY, ...OTHER_FIRST_PARTY].map((p, i) => [p, i] as const),
);

export function normalizeProvider(litellmProvider: string): string {
  if (litellmProvider === 'vertex_ai' || litellmProvider.startsWith('vertex_ai-')) return 'vertex_ai';
  if (litellmProvider === 'bedrock' || litellmProvider.startsWith('bedrock_')) return 'bedrock';
  return litellmProvider;
}

export function isFirstParty(provider: string): boolean {
  return FIRST_PARTY.has(provider);
}

/** Sort key: first-party providers in their fixed order, then everyone else alphabetically (by the caller's tiebreak). */
export function providerRank(provider: string): number {
  return RANK.get(provider) ?? RANK.size;
}

/** Key prefixes LiteLLM uses for a provider besides its own name. */
const EXTRA_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  amazon_nova: ['amazon-nova/'],
};

export interface SplitKey {
  provider: string;
  /** What goes in the provider API's `model` field. */
  name: string;
  id: string;
}

/**
 * `gpt-4o` (openai) → `openai/gpt-4o`; `openrouter/deepseek/deepseek-chat-v3.1` → `openrouter/deepseek/deepseek-chat-v3.1`
 * (no doubled prefix); `anthropic.claude-3-haiku-20240307-v1:0` (bedrock) → `bedrock/anthropic.claude-…`.
 * Returns undefined when nothing is left after the prefix.
 */
export function splitKey(key: string, litellmProvider: string): SplitKey | undefined {
  const provider = normalizeProvider(litellmProvider);
  const prefixes = [`${litellmProvider}/`, `${provider}/`, ...(EXTRA_PREFIXES[litellmProvider] ?? [])];
  let name = key;
  for (const prefix of prefixes) {
    if (key.startsWith(prefix)) {
      name = key.slice(prefix.length);
      break;
    }
  }
  name = name.trim();
  if (name === '') return undefined;
  return { provider, name, id: `${provider}/${name}` };
}

/** The maker behind each first-party provider: model ids are `maker/name` (`gemini/gemini-2.5-pro` → `google/…`). */
export const MAKER_OF_PROVIDER: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'google',
  mistral: 'mistralai',
  deepseek: 'deepseek',
  xai: 'x-ai',
  ai21: 'ai21',
  amazon_nova: 'amazon',
  cohere_chat: 'cohere',
  dashscope: 'qwen',
  meta_llama: 'meta-llama',
  minimax: 'minimax',
  moonshot: 'moonshotai',
  zai: 'z-ai',
};

/** The maker of a model no first-party provider serves, from its name's first word (OpenRouter's maker slugs). */
const MAKER_OF_WORD: Readonly<Record<string, string>> = {
  claude: 'anthropic',
  gpt: 'openai',
  chatgpt: 'openai',
  o: 'openai',
  gemini: 'google',
  gemma: 'google',
  llama: 'meta-llama',
  codellama: 'meta-llama',
  mistral: 'mistralai',
  mixtral: 'mistralai',
  codestral: 'mistralai',
  ministral: 'mistralai',
  magistral: 'mistralai',
  devstral: 'mistralai',
  pixtral: 'mistralai',
  qwen: 'qwen',
  qwq: 'qwen',
  deepseek: 'deepseek',
  grok: 'x-ai',
  phi: 'microsoft',
  glm: 'z-ai',
  kimi: 'moonshotai',
  nova: 'amazon',
  command: 'cohere',
  jamba: 'ai21',
  minimax: 'minimax',
  nemotron: 'nvidia',
  granite: 'ibm-granite',
};

export function makerOfWord(word: string): string | undefined {
  return MAKER_OF_WORD[word];
}
