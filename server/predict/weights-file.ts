/**
 * Success-predictor weights from a file (`switchyard train` writes them; the user config's `predictor.weights` or
 * SWITCHYARD_WEIGHTS names them), checked before the router trusts them: a file that does not fit this Switchyard's
 * features would shift every prediction silently, so every mismatch is an error naming the file and the field.
 */
import { z } from 'zod';
import { readTextFile, schemaProblems } from './json-file.js';
import { QUALITY_CATEGORIES } from '../../shared/catalog/model.js';
import { DENSE_FEATURES } from '../../shared/routing/predict/features.js';
import { ABILITY_INPUTS, type PredictorWeights } from '../../shared/routing/predict/predictor.js';
import { PRIOR_VERSION } from '../../shared/routing/predict/priors.js';

const finite = z.number().finite();
const scale = z.strictObject({ mean: finite, sd: finite.positive() });
const calibration = z.object({
  shrink: finite.min(0).max(1),
  discriminationScale: finite.positive(),
  difficulty: finite,
  logDiscrimination: finite,
  dense: z.array(finite),
  support: z.strictObject({ low: z.array(finite), high: z.array(finite) }).optional(),
  modelOffsets: z.record(z.string(), finite).optional(),
});
const weightsSchema = z.object({
  source: z.string(),
  trainedAt: z.string(),
  data: z.object({ file: z.string(), repo: z.string(), commit: z.string(), prompts: z.number().int().nonnegative(), models: z.number().int().nonnegative(), split: z.string() }),
  training: z.record(z.string(), z.union([z.number(), z.string()])),
  featureSpec: z.object({
    dense: z.array(z.enum(DENSE_FEATURES)).min(1),
    hashBuckets: z.number().int().positive().max(1 << 20),
    ngrams: z.number().int().min(1).max(2),
    scanChars: z.number().int().positive(),
  }),
  ratingScale: z.partialRecord(z.enum(QUALITY_CATEGORIES), scale).and(z.object({ overall: scale })),
  tierRating: z.strictObject({ flagship: finite, mid: finite, small: finite }),
  estimatedShrink: finite.min(0).max(1),
  estimatedDiscount: finite.optional(),
  ability: z.strictObject(Object.fromEntries(ABILITY_INPUTS.map((k) => [k, finite])) as Record<(typeof ABILITY_INPUTS)[number], typeof finite>),
  difficulty: z.array(finite),
  discrimination: z.array(finite),
  residuals: z.record(z.string(), finite),
  categoryResiduals: z.record(z.string(), z.partialRecord(z.enum(QUALITY_CATEGORIES), finite)),
  modelFeatures: z.record(z.string(), z.array(finite)),
  calibration: z.record(z.string(), calibration).optional(),
  difficultyPrior: z.string().optional(),
  metrics: z.record(z.string(), finite).optional(),
});

/** The array lengths the feature spec implies; a mismatch means the file was made for other features. */
function shapeProblems(w: z.infer<typeof weightsSchema>): string[] {
  const D = w.featureSpec.dense.length;
  const problems: string[] = [];
  if (w.difficulty.length !== D + w.featureSpec.hashBuckets) problems.push(`difficulty: ${w.difficulty.length} weights, the feature spec needs ${D + w.featureSpec.hashBuckets} (${D} dense + ${w.featureSpec.hashBuckets} hash buckets)`);
  if (w.discrimination.length !== D) problems.push(`discrimination: ${w.discrimination.length} weights, the feature spec needs ${D}`);
  for (const [id, v] of Object.entries(w.modelFeatures)) if (v.length !== D) problems.push(`modelFeatures.${id}: ${v.length} weights, the feature spec needs ${D}`);
  for (const [key, c] of Object.entries(w.calibration ?? {})) {
    if (c.dense.length !== D) problems.push(`calibration.${key}.dense: ${c.dense.length} values, the feature spec needs ${D}`);
    for (const end of ['low', 'high'] as const) {
      const range = c.support?.[end];
      if (range && range.length !== D) problems.push(`calibration.${key}.support.${end}: ${range.length} values, the feature spec needs ${D}`);
    }
  }
  if (w.difficultyPrior !== undefined && w.difficultyPrior !== PRIOR_VERSION) {
    problems.push(`difficultyPrior: trained around "${w.difficultyPrior}", this Switchyard applies "${PRIOR_VERSION}"; train them again with \`switchyard train\``);
  }
  return problems;
}

/** Checks weights read from `file`; throws one line naming the file and each field that is wrong (at most five). */
export function parseWeights(text: string, file: string): PredictorWeights {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof raw !== 'object' || raw === null || !('featureSpec' in raw) || !('difficulty' in raw)) {
    throw new Error(`${file}: not success-predictor weights (no featureSpec or difficulty); \`switchyard train --data FILE --out ${file}\` makes them`);
  }
  const parsed = weightsSchema.safeParse(raw);
  if (!parsed.success) throw problemsError(file, schemaProblems(parsed.error.issues));
  const problems = shapeProblems(parsed.data);
  if (problems.length > 0) throw problemsError(file, problems);
  return parsed.data as PredictorWeights;
}

function problemsError(file: string, problems: string[]): Error {
  return new Error(`${file}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
}

export function readWeightsFile(file: string): PredictorWeights {
  return parseWeights(readTextFile(file), file);
}
