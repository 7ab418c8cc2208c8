import { z } from 'zod';
import { CAPABILITIES, QUALITY_CATEGORIES, type Model } from '../../shared/catalog/model.js';

export const capabilitySchema = z.enum(CAPABILITIES);

export const qualitySchema = z.object(
  Object.fromEntries(QUALITY_CATEGORIES.map((c) => [c, z.number().optional()])) as Record<
    (typeof QUALITY_CATEGORIES)[number],
    z.ZodOptional<z.ZodNumber>
  >,
);

export const modelSummarySchema = z.object({
  id: z.string(),
  provider: z.string(),
  name: z.string(),
  contextWindow: z.number(),
  maxOutputTokens: z.number(),
  pricing: z.object({
    inputPerMTok: z.number(),
    outputPerMTok: z.number(),
    cachedInputPerMTok: z.number().optional(),
    cacheWritePerMTok: z.number().optional(),
    reasoningPerMTok: z.number().optional(),
    tiers: z
      .array(z.object({ aboveInputTokens: z.number(), inputPerMTok: z.number(), outputPerMTok: z.number(), cachedInputPerMTok: z.number().optional() }))
      .optional(),
  }),
  capabilities: z.array(capabilitySchema),
  quality: qualitySchema.optional(),
  deprecationDate: z.string().optional(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export function summarizeModel(model: Model): ModelSummary {
  const summary: ModelSummary = {
    id: model.id,
    provider: model.provider,
    name: model.name,
    contextWindow: model.contextWindow,
    maxOutputTokens: model.maxOutputTokens,
    pricing: model.pricing,
    capabilities: model.capabilities,
  };
  if (model.quality && Object.keys(model.quality).length > 0) summary.quality = model.quality;
  if (model.deprecationDate) summary.deprecationDate = model.deprecationDate;
  return summary;
}
