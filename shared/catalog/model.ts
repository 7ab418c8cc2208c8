/** A model in the catalog. Prices are USD per million tokens. */
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
/** Arena (Elo-style) ratings per category; absent where the arena has no rating. */
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
  reasoningPerMTok?: number;
  tiers?: PriceTier[];
}

export interface Model {
  /** `provider/model`, e.g. `openai/gpt-4o`. */
  id: string;
  provider: string;
  /** The model's name at its provider (what goes in the API request's `model` field). */
  name: string;
  contextWindow: number;
  maxOutputTokens: number;
  pricing: Pricing;
  capabilities: Capability[];
  quality?: Quality;
  /** The arena entry the quality ratings came from. */
  arenaName?: string;
  deprecationDate?: string;
  /** Other spellings that resolve to this model (dated versions, provider-less names). */
  aliases?: string[];
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
  skipped: Record<string, number>;
  models: Model[];
}
