/**
 * The ZeroEval per-prompt data (`data/quality/zeroeval/`) and the quality evidence of its 21 models, for
 * `npm run train:router` and `npm run eval`.
 *
 * Evidence comes from the bundled catalog, found by the data's `catalogId`. Both catalog shapes are read: the flat
 * entries of today (`{ id, aliases, quality: { overall, math, … } }`) and the new `Model` shape (`quality.ratings`,
 * found by model id or alias, or by an endpoint's id or alias). A model without an arena rating takes the rating of
 * its nearest rated relative ({@link FAMILY_FALLBACK}) and is marked `estimated`, saying so in `basis`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Model, ModelTier, Quality, QualityCategory, QualityEvidence } from '../shared/catalog/model.js';
import { QUALITY_CATEGORIES } from '../shared/catalog/model.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { loadBundledCatalog } from '../shared/catalog/catalog.js';
import type { UserModel } from '../shared/policy/schema.js';
import { userModels } from '../server/config/user-models.js';

export const DATA_FILE = 'data/quality/zeroeval/data.json';
export const CATALOG_FILE = 'shared/catalog/catalog.data.json';

export interface ZeroEvalModel {
  name: string;
  /** The bundled catalog's entry whose evidence the model gets; absent: described by `quality` / `reasoning`. */
  catalogId?: string;
  /** For a model without `catalogId`: arena-style ratings per category, as a user config gives them. */
  quality?: Partial<Record<QualityCategory, number>>;
  reasoning?: boolean;
  inputPerMTok: number;
  outputPerMTok: number;
  accuracy: Record<string, number>;
  meanOutputTokens: number;
}

export interface ZeroEvalPrompt {
  id: string;
  task: string;
  category: 'math' | 'coding';
  text: string;
  question: string;
  inputTokens: number;
}

export interface ZeroEvalData {
  source: { repo: string; commit: string };
  models: ZeroEvalModel[];
  prompts: ZeroEvalPrompt[];
  scores: Record<string, number[]>;
  outputTokens: Record<string, number[]>;
}

export function loadZeroEval(root = process.cwd()): ZeroEvalData {
  return JSON.parse(readFileSync(path.join(root, DATA_FILE), 'utf8')) as ZeroEvalData;
}

export function loadCatalogData(root = process.cwd()): unknown {
  return JSON.parse(readFileSync(path.join(root, CATALOG_FILE), 'utf8'));
}

/**
 * Models in the data without an arena rating in the catalog → the nearest rated relative. Phi-3.5-mini: its
 * predecessor Phi-3-mini (4k); Qwen2-7B: Qwen2-72B, the only rated Qwen2 (the tier prior pulls it down);
 * Gemma-2-27B: Gemma-2-9B, the only rated Gemma 2 in the catalog.
 */
export const FAMILY_FALLBACK: Record<string, string> = {
  'azure_ai/Phi-3.5-mini-instruct': 'azure_ai/Phi-3-mini-4k-instruct',
  'fireworks_ai/accounts/fireworks/models/qwen2-7b-instruct': 'fireworks_ai/accounts/fireworks/models/qwen2-72b-instruct',
  'gemini/gemini-gemma-2-27b-it': 'fireworks_ai/accounts/fireworks/models/gemma2-9b-it',
};

/** What the evidence lookup finds for one id. */
export interface CatalogEvidence {
  /** The canonical model id (the new shape's `Model.id`; in the flat shape, the entry's id). */
  modelId: string;
  aliases: string[];
  quality: QualityEvidence;
  tier: ModelTier;
  reasoning: boolean;
}

interface FlatEntry {
  id: string;
  aliases?: string[];
  quality?: Quality;
  arenaName?: string;
  capabilities?: string[];
}

const lower = (s: string): string => s.toLowerCase();

function isNewShape(entry: unknown): entry is Model {
  return typeof entry === 'object' && entry !== null && Array.isArray((entry as Model).endpoints);
}

/** The tier a flat entry (which has none) most likely has, from its name. */
export function guessTier(id: string): ModelTier {
  const s = lower(id);
  if (/(?:^|[-/_.])(?:mini|nano|flash|lite|small)\b|haiku|gemma2?-2?-?9b|\b\d(\.\d)?b\b|[-_/]\d(p\d)?b\b|-[1-9]b-|[^0-9][1-9]b-instruct/.test(s)) return 'small';
  if (/opus|sonnet|405b|large|gpt-4o|gpt-4\b|72b|v2p5|deepseek|\bpro\b/.test(s)) return 'flagship';
  return 'mid';
}

function findEntry(catalog: unknown, id: string): { entry: FlatEntry | Model; shape: 'flat' | 'model' } | undefined {
  const models = (catalog as { models?: unknown[] }).models ?? [];
  const q = lower(id);
  for (const entry of models) {
    if (isNewShape(entry)) {
      const keys = [entry.id, ...(entry.aliases ?? []), ...entry.endpoints.flatMap((e) => [e.id, ...(e.aliases ?? [])])];
      if (keys.some((k) => lower(k) === q)) return { entry, shape: 'model' };
    } else {
      const flat = entry as FlatEntry;
      if (lower(flat.id) === q || (flat.aliases ?? []).some((a) => lower(a) === q)) return { entry: flat, shape: 'flat' };
    }
  }
  return undefined;
}

function ratingsOf(found: { entry: FlatEntry | Model; shape: 'flat' | 'model' }): Quality | undefined {
  if (found.shape === 'model') {
    const q = (found.entry as Model).quality;
    return q && Object.keys(q.ratings ?? {}).length > 0 ? q.ratings : undefined;
  }
  const q = (found.entry as FlatEntry).quality;
  if (!q) return undefined;
  const ratings: Quality = {};
  for (const c of QUALITY_CATEGORIES) if (typeof q[c] === 'number') ratings[c] = q[c];
  return Object.keys(ratings).length > 0 ? ratings : undefined;
}

/** The quality evidence of the catalog entry for `catalogId`, in either catalog shape, with the family fallback. */
export function catalogEvidence(catalog: unknown, catalogId: string): CatalogEvidence {
  const found = findEntry(catalog, catalogId);
  if (!found) throw new Error(`${catalogId}: not in the catalog (${CATALOG_FILE}); update the data's catalogId or the catalog.`);
  const modelId = found.entry.id;
  const aliases = found.entry.aliases ?? [];
  const tier = found.shape === 'model' ? (found.entry as Model).tier : guessTier(catalogId);
  const reasoning = found.shape === 'model' ? (found.entry as Model).reasoning : false;
  if (found.shape === 'model' && (found.entry as Model).quality?.source === 'estimated') {
    return { modelId, aliases, quality: (found.entry as Model).quality, tier, reasoning };
  }
  const own = ratingsOf(found);
  if (own) {
    const arenaName = found.shape === 'model' ? (found.entry as Model).quality.arenaName : (found.entry as FlatEntry).arenaName;
    const quality: QualityEvidence = { ratings: own, source: 'arena', basis: `LMArena "${arenaName ?? modelId}"` };
    if (arenaName) quality.arenaName = arenaName;
    return { modelId, aliases, quality, tier, reasoning };
  }
  const relative = FAMILY_FALLBACK[catalogId];
  if (!relative) throw new Error(`${catalogId}: no arena rating in the catalog and no family fallback in FAMILY_FALLBACK.`);
  const from = catalogEvidence(catalog, relative);
  return {
    modelId,
    aliases,
    quality: { ratings: from.quality.ratings, source: 'estimated', basis: `estimated from ${from.modelId} (nearest rated relative)`, from: from.modelId },
    tier,
    reasoning,
  };
}

/**
 * The data's models as catalog `Model`s: evidence from the catalog, one endpoint at the data's own price. The
 * limits are generous placeholders (every ZeroEval prompt is short).
 */
export function zeroEvalModels(data: ZeroEvalData, catalog: unknown): Model[] {
  return data.models.map((zm) => {
    if (zm.catalogId === undefined) return describedModel(zm);
    const ev = catalogEvidence(catalog, zm.catalogId);
    const [provider = 'unknown', ...rest] = zm.catalogId.split('/');
    const maker = ev.modelId.split('/')[0] ?? provider;
    return {
      id: ev.modelId,
      maker,
      name: ev.modelId.split('/').slice(1).join('/') || zm.name,
      family: zm.name,
      tier: ev.tier,
      capabilities: [],
      inputModalities: ['text'],
      reasoning: ev.reasoning,
      contextWindow: 128_000,
      maxOutputTokens: 4_096,
      quality: ev.quality,
      aliases: ev.aliases,
      endpoints: [
        {
          id: zm.catalogId,
          model: ev.modelId,
          provider,
          name: rest.join('/'),
          contextWindow: 128_000,
          maxOutputTokens: 4_096,
          pricing: { inputPerMTok: zm.inputPerMTok, outputPerMTok: zm.outputPerMTok },
          capabilities: [],
        },
      ],
    } satisfies Model;
  });
}

/**
 * A model the catalog does not know, as a user config would add it (`eval/<name>`, one endpoint at the data's price):
 * the given ratings, else the catalog model of that name's, else the catalog's estimate for its family and size —
 * the evidence the product itself would give it.
 */
function describedModel(zm: ZeroEvalModel): Model {
  const model: UserModel = {
    id: zm.name,
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    pricing: { inputPerMTok: zm.inputPerMTok, outputPerMTok: zm.outputPerMTok },
    capabilities: zm.reasoning ? ['reasoning'] : [],
    ...(zm.quality ? { quality: zm.quality as Record<string, number> } : {}),
  };
  // the product's path, worded for a data file instead of the user config
  const [described] = userModels({ providers: { eval: { models: [model] } } }, loadBundledCatalog(), { given: 'the data file', own: 'not in the catalog' });
  if (!described) throw new Error(`${zm.name}: could not be described as a model`);
  return described;
}

/** The category each ZeroEval task is measured in. */
export function categoryOf(p: ZeroEvalPrompt): QualityCategory {
  return p.category;
}

/**
 * What the predictor sees of a prompt: the bare question and its o200k token count. The full text only adds
 * ZeroEval's constant answer-format instruction; learning from it would tie the weights to that harness (a user's
 * prompt without it would look unusual). Costs still use the full text's `inputTokens`.
 */
export function predictorInput(p: ZeroEvalPrompt): { text: string; inputTokens: number } {
  let n = questionTokens.get(p);
  if (n === undefined) {
    n = countTokens(p.question, { disallowedSpecial: new Set() });
    questionTokens.set(p, n);
  }
  return { text: p.question, inputTokens: n };
}
const questionTokens = new WeakMap<ZeroEvalPrompt, number>();
