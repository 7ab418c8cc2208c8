import { z } from 'zod';
import { CAPABILITIES, EVIDENCE_SOURCES, MODALITIES, MODEL_TIERS, QUALITY_CATEGORIES, type Endpoint, type Model } from '../../shared/catalog/model.js';

export const capabilitySchema = z.enum(CAPABILITIES);

export const qualitySchema = z.object(
  Object.fromEntries(QUALITY_CATEGORIES.map((c) => [c, z.number().optional()])) as Record<
    (typeof QUALITY_CATEGORIES)[number],
    z.ZodOptional<z.ZodNumber>
  >,
);

export const evidenceSchema = z.object({
  ratings: qualitySchema,
  source: z.enum(EVIDENCE_SOURCES).describe('arena: LMArena ratings; estimated: derived from a related rated model (see basis and from).'),
  basis: z.string(),
  arenaName: z.string().optional(),
  from: z.string().optional(),
});

export const pricingSchema = z.object({
  inputPerMTok: z.number(),
  outputPerMTok: z.number(),
  cachedInputPerMTok: z.number().optional(),
  cacheWritePerMTok: z.number().optional(),
  reasoningPerMTok: z.number().optional(),
  tiers: z
    .array(z.object({ aboveInputTokens: z.number(), inputPerMTok: z.number(), outputPerMTok: z.number(), cachedInputPerMTok: z.number().optional() }))
    .optional(),
});

export const endpointSummarySchema = z.object({
  id: z.string(),
  provider: z.string(),
  name: z.string().describe("The model's name at this provider."),
  contextWindow: z.number(),
  maxOutputTokens: z.number(),
  pricing: pricingSchema,
  capabilities: z.array(capabilitySchema),
  deprecationDate: z.string().optional(),
});

export const modelSummarySchema = z.object({
  id: z.string(),
  maker: z.string(),
  name: z.string(),
  family: z.string(),
  tier: z.enum(MODEL_TIERS),
  releaseDate: z.string().optional(),
  reasoning: z.boolean(),
  capabilities: z.array(capabilitySchema),
  inputModalities: z.array(z.enum(MODALITIES)),
  contextWindow: z.number(),
  maxOutputTokens: z.number(),
  quality: evidenceSchema,
  deprecationDate: z.string().optional(),
  endpoints: z.array(endpointSummarySchema),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

function summarizeEndpoint(e: Endpoint): z.infer<typeof endpointSummarySchema> {
  const out: z.infer<typeof endpointSummarySchema> = {
    id: e.id,
    provider: e.provider,
    name: e.name,
    contextWindow: e.contextWindow,
    maxOutputTokens: e.maxOutputTokens,
    pricing: e.pricing,
    capabilities: e.capabilities,
  };
  if (e.deprecationDate) out.deprecationDate = e.deprecationDate;
  return out;
}

/** A model as the tools show it: its fields, its evidence with the source, and its endpoints (aliases left out). */
export function summarizeModel(model: Model): ModelSummary {
  const summary: ModelSummary = {
    id: model.id,
    maker: model.maker,
    name: model.name,
    family: model.family,
    tier: model.tier,
    reasoning: model.reasoning,
    capabilities: model.capabilities,
    inputModalities: model.inputModalities,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    quality: model.quality,
    endpoints: model.endpoints.map(summarizeEndpoint),
  };
  if (model.releaseDate) summary.releaseDate = model.releaseDate;
  if (model.deprecationDate) summary.deprecationDate = model.deprecationDate;
  return summary;
}
