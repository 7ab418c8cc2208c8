/**
 * The catalog's types. A **model** is what a maker released (`anthropic/claude-sonnet-4-5`); an **endpoint** is one
 * provider serving it (`bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0`), with its own prices and limits.
 * Prices are USD per million tokens.
 */
export const CAPABILITIES = ['tools', 'vision', 'json', 'reasoning', 'pdf', 'audio'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const QUALITY_CATEGORIES = [
  'overall',
  'coding',
  'math',
  'creative',
  'instructions',
  'longContext',
  'hardPrompts',
  'multiTurn',
  'vision',
] as const;
export type QualityCategory = (typeof QUALITY_CATEGORIES)[number];
/** Arena (Elo-style) ratings per category; absent where there is no rating. */
export type Quality = Partial<Record<QualityCategory, number>>;

export interface PriceTier {
  /** The tier applies when the prompt has more than this many input tokens. */
  aboveInputTokens: number;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
}

export interface Pricing {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
  cacheWritePerMTok?: number;
  /** Hidden reasoning tokens, when priced apart from output (else they are output tokens). */
  reasoningPerMTok?: number;
  tiers?: PriceTier[];
}

/** One provider serving one model: what the invoker calls and what a request is priced at. */
export interface Endpoint {
  /** `provider/name-at-provider`, e.g. `bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0`, `openai/gpt-5-nano`. */
  id: string;
  /** The canonical id of the model it serves. */
  model: string;
  provider: string;
  /** The model's name at this provider (what goes in the API request's `model` field). */
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  pricing: Pricing;
  capabilities: Capability[];
  /**
   * This endpoint stops serving on this date (YYYY-MM-DD): the earlier of the provider's own date and its model's
   * (the generator fills the model's in, so a reseller that lists none stops with the maker).
   */
  deprecationDate?: string;
  /** Other endpoint ids that mean this endpoint (dated ids folded in, old spellings, LiteLLM keys). */
  aliases?: string[];
}

export const EVIDENCE_SOURCES = ['arena', 'estimated'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/** How good a model is, and where that knowledge comes from. */
export interface QualityEvidence {
  /** Elo-style ratings per category (LMArena scale, ~1000–1500). Estimated evidence fills the same categories. */
  ratings: Quality;
  source: EvidenceSource;
  /** For people: `LMArena "claude-opus-4-5-20251101"`, or `estimated from anthropic/claude-opus-4-5 (predecessor, same family and tier)`. */
  basis: string;
  /** The arena entry the ratings came from (arena evidence). */
  arenaName?: string;
  /** The rated model an estimate was derived from (estimated evidence). */
  from?: string;
}

export const MODEL_TIERS = ['flagship', 'mid', 'small'] as const;
export type ModelTier = (typeof MODEL_TIERS)[number];

export const MODALITIES = ['text', 'image', 'audio', 'pdf', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];

export interface Model {
  /** The maker's id: `openai/gpt-5-nano`, `anthropic/claude-sonnet-4-5`, `google/gemini-2.5-pro`, `meta-llama/llama-3.1-8b-instruct`. */
  id: string;
  /** `openai`, `anthropic`, `google`, `meta-llama`, `mistralai`, `deepseek`, `qwen`, … */
  maker: string;
  /** The model's name without the maker: `claude-sonnet-4-5`. */
  name: string;
  /** The line of releases it belongs to, for estimates and successors: `claude-sonnet`, `gpt-5`, `llama-3.1`, `gemini-pro`. */
  family: string;
  tier: ModelTier;
  /** YYYY-MM-DD or YYYY-MM, where known (from a dated id, the arena, or OpenRouter's `created`). */
  releaseDate?: string;
  /** Capabilities any of its endpoints offers; filters check the endpoint's own. */
  capabilities: Capability[];
  inputModalities: Modality[];
  /** Thinks before answering (hidden reasoning tokens, billed as output or at `reasoningPerMTok`). */
  reasoning: boolean;
  /** The largest context window and output limit among its endpoints. */
  contextWindow: number;
  maxOutputTokens: number;
  quality: QualityEvidence;
  /** The model itself is retired on this date (its maker's endpoint's date): every endpoint of it is. */
  deprecationDate?: string;
  /** Other ids that mean this model: dated snapshots with the same prices and limits, other spellings, bare names. */
  aliases: string[];
  /** At least one; sorted by id. */
  endpoints: Endpoint[];
}

/** Why a source entry is in the catalog but never routed to. */
export const EXCLUSION_REASONS = ['notChat', 'router', 'hostedLocal', 'implausibleData', 'servingVariant'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface ExcludedEntry {
  /** The endpoint id as the source named it: `openrouter/openrouter/free`, `ollama/gpt-oss:120b-cloud`. */
  id: string;
  reason: ExclusionReason;
  /** For people: `a router, not a model`, `output priced $0 while input is paid`. */
  detail: string;
}

export interface CatalogSource {
  name: string;
  url: string;
  revision: string;
  date: string;
}

export interface CatalogData {
  generatedAt: string;
  sources: CatalogSource[];
  /** Source entries left out because data was missing (no price, no context window…), by reason. */
  skipped: Record<string, number>;
  models: Model[];
  /** Entries classified as not routable, kept so that asking for one gets a clear answer. */
  excluded: ExcludedEntry[];
}
