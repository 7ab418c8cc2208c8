/**
 * Per-prompt data for `npm run eval -- --data FILE`: any benchmark in the shape of ZeroEval's extraction
 * (`data/quality/zeroeval/data.json`), so the router trained on ZeroEval can be scored on data it has never seen with
 * the same scoring (mean grade; cost = prompt tokens × input price + the model's own output tokens × output price).
 *
 * ```jsonc
 * {
 *   "source": { "repo": "https://…", "commit": "…" },           // where the data comes from (printed)
 *   "models": [{ "name": "gpt-4o-mini", "catalogId": "openai/gpt-4o-mini", "inputPerMTok": 0.15, "outputPerMTok": 0.6 }],
 *   "prompts": [{ "id": "mmlu/17", "task": "mmlu", "question": "…", "inputTokens": 212 }],
 *   "scores": { "gpt-4o-mini": [1, 0, …] },                     // per model, per prompt: grade 0..1
 *   "outputTokens": { "gpt-4o-mini": [143, 512, …] }            // per model, per prompt: tokens the model wrote
 * }
 * ```
 *
 * `catalogId` names the bundled catalog's entry for the model (a model id, alias or endpoint id): its quality
 * evidence is what the router sees. A model the catalog does not know leaves `catalogId` out and is described as a
 * user config describes one of its own models (`scripts/router-data.ts`, `server/config/user-models.ts`): its
 * arena-style `quality` ratings if given (`{ "overall": 1180, "math": 1150 }`), else those of the catalog model of the
 * same name, else the catalog's estimate for its family and size from `name`; `reasoning: true` marks a model that
 * thinks before it answers. `question` is the prompt as a user would send it; `text` (optional) the full prompt
 * as the benchmark sent it; `inputTokens` the prompt tokens billed. Problems are reported with their JSON path.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { QUALITY_CATEGORIES } from '../shared/catalog/model.js';
import type { ZeroEvalData } from './router-data.js';

const finite = z.number().finite();
const modelSchema = z.strictObject({
  name: z.string().min(1),
  catalogId: z.string().min(1).optional(),
  inputPerMTok: finite.nonnegative(),
  outputPerMTok: finite.nonnegative(),
  quality: z.partialRecord(z.enum(QUALITY_CATEGORIES), finite.positive()).optional(),
  reasoning: z.boolean().optional(),
});
const promptSchema = z.object({
  id: z.string().min(1),
  task: z.string().min(1),
  question: z.string().min(1),
  text: z.string().optional(),
  inputTokens: z.number().int().nonnegative(),
});
const dataSchema = z.object({
  source: z.object({ repo: z.string(), commit: z.string() }).default({ repo: 'unknown', commit: 'unknown' }),
  models: z.array(modelSchema).min(2),
  prompts: z.array(promptSchema).min(1),
  scores: z.record(z.string(), z.array(finite.min(0).max(1))),
  outputTokens: z.record(z.string(), z.array(z.number().nonnegative())),
});

function where(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
}

/** Reads and checks a per-prompt data file; every problem names the file and the JSON path. */
export function loadEvalData(file: string): ZeroEvalData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = dataSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${file}: ${where(i.path)}: ${i.message}`);
    throw new Error(problems.join('\n'));
  }
  const d = parsed.data;
  const problems: string[] = [];
  const names = new Set<string>();
  d.models.forEach((m, j) => {
    if (names.has(m.name)) problems.push(`models[${j}].name: "${m.name}" appears twice`);
    names.add(m.name);
    if (m.catalogId !== undefined && (m.quality !== undefined || m.reasoning !== undefined)) {
      problems.push(`models[${j}]: "${m.name}" has a catalogId, so its evidence is the catalog's; quality and reasoning are for models without one`);
    }
    for (const key of ['scores', 'outputTokens'] as const) {
      const row = d[key][m.name];
      if (!row) problems.push(`${key}: no entry for model "${m.name}"`);
      else if (row.length !== d.prompts.length) problems.push(`${key}.${m.name}: ${row.length} values for ${d.prompts.length} prompts`);
    }
  });
  if (problems.length > 0) throw new Error(problems.map((p) => `${file}: ${p}`).join('\n'));
  return {
    source: d.source,
    models: d.models.map((m) => ({ ...m, accuracy: {}, meanOutputTokens: 0 })),
    // the category is the router's business (it detects the task); the data's own is not used for routing
    prompts: d.prompts.map((p) => ({ id: p.id, task: p.task, category: 'math', question: p.question, text: p.text ?? p.question, inputTokens: p.inputTokens })),
    scores: d.scores,
    outputTokens: d.outputTokens,
  };
}
