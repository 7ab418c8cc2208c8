import type { Model } from '../../../../shared/catalog/model.js';

/**
 * Which tokenizer counts a model's tokens. `o200k` and `cl100k` are exact (OpenAI's published BPEs);
 * the others are estimates from the o200k count scaled by a per-family factor.
 */
export type TokenizerFamily = 'o200k' | 'cl100k' | 'claude' | 'gemini' | 'llama' | 'other';

export interface FamilyInfo {
  exact: boolean;
  /** Multiplier applied to the o200k count for estimated families. */
  factor: number;
  /** The expected relative error of the count, stated to users for estimates. */
  expectedError: string;
}

export const FAMILY_INFO: Record<TokenizerFamily, FamilyInfo> = {
  o200k: { exact: true, factor: 1, expectedError: 'exact (o200k_base)' },
  cl100k: { exact: true, factor: 1, expectedError: 'exact (cl100k_base)' },
  // Anthropic's tokenizer yields more tokens than o200k for English and code.
  claude: { exact: false, factor: 1.2, expectedError: '±15% (estimated from o200k; Anthropic does not publish its tokenizer)' },
  gemini: { exact: false, factor: 1.05, expectedError: '±15% (estimated from o200k; Gemini uses SentencePiece)' },
  llama: { exact: false, factor: 1.1, expectedError: '±15% (estimated from o200k)' },
  other: { exact: false, factor: 1.15, expectedError: '±25% (estimated from o200k; tokenizer unknown)' },
};

const O200K = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|codex-mini|computer-use)/;
const CL100K = /^(gpt-4|gpt-3\.5|gpt-35)/;

/** The model's own name without reseller prefixes: `openrouter/openai/gpt-4o` → `gpt-4o`. */
function baseName(model: Pick<Model, 'name'>): string {
  const name = model.name.toLowerCase();
  const slash = name.lastIndexOf('/');
  const tail = slash >= 0 ? name.slice(slash + 1) : name;
  // Bedrock-style vendor prefixes: `anthropic.claude-…`, `us.anthropic.claude-…`.
  return tail.replace(/^(?:[a-z]{2,4}\.)?(?:anthropic|meta|amazon|mistral|openai|google)\./, '');
}

export function tokenizerFamily(model: Pick<Model, 'name'>): TokenizerFamily {
  const name = baseName(model);
  if (O200K.test(name)) return 'o200k';
  if (CL100K.test(name)) return 'cl100k';
  if (name.includes('claude')) return 'claude';
  if (name.includes('gemini') || name.includes('gemma')) return 'gemini';
  if (name.includes('llama')) return 'llama';
  return 'other';
}
