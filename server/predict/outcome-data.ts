/**
 * Graded per-prompt outcomes: the file `switchyard train --data` learns from and `npm run eval -- --data` scores the
 * router on. Any benchmark, or a team's own graded requests, in the shape of ZeroEval's extraction
 * (`data/quality/zeroeval/data.json`):
 *
 * ```jsonc
 * {
 *   "source": { "repo": "https://…", "commit": "…" },           // where the data comes from (recorded, printed)
 *   "models": [{ "name": "gpt-4o-mini", "catalogId": "openai/gpt-4o-mini", "inputPerMTok": 0.15, "outputPerMTok": 0.6 }],
 *   "prompts": [{ "id": "mmlu/17", "task": "mmlu", "question": "…", "inputTokens": 212 }],
 *   "scores": { "gpt-4o-mini": [1, 0, …] },                     // per model, per prompt: grade 0..1
 *   "outputTokens": { "gpt-4o-mini": [143, 512, …] }            // per model, per prompt: tokens the model wrote
 * }
 * ```
 *
 * `catalogId` names the catalog's entry for the model (a model id, alias or endpoint id): its quality evidence is
 * what the router sees. A model the catalog does not know leaves `catalogId` out and is described as a user config
 * describes one of its own models (`server/config/user-models.ts`): its arena-style `quality` ratings if given
 * (`{ "overall": 1180, "math": 1150 }`), else those of the catalog model of the same name, else the catalog's
 * estimate for its family and size from `name`; `reasoning: true` marks a model that thinks before it answers.
 * `question` is the prompt as a user would send it; `text` (optional) the full prompt as the benchmark sent it;
 * `inputTokens` the prompt tokens billed. A model not run on a prompt has `null` there in `scores` and `outputTokens`:
 * training leaves it out; scoring a router needs every model's grade, so the eval scores only fully graded prompts.
 * Problems are reported with the file and their JSON path.
 */
import { z } from 'zod';
import { readJsonFile, schemaProblems } from './json-file.js';
import { QUALITY_CATEGORIES } from '../../shared/catalog/model.js';

const finite = z.number().finite();
const modelSchema = z.strictObject({
  name: z.string().min(1),
  catalogId: z.string().min(1).optional(),
  inputPerMTok: finite.nonnegative(),
  outputPerMTok: finite.nonnegative(),
  quality: z.partialRecord(z.enum(QUALITY_CATEGORIES), finite.positive()).optional(),
  reasoning: z.boolean().optional(),
  // provenance ZeroEval's extraction (data/quality/zeroeval/data.json) records per model; not read
  ...Object.fromEntries(['litellmKey', 'litellmProvider', 'match', 'files', 'accuracy', 'generator', 'meanOutputTokens'].map((k) => [k, z.unknown().optional()])),
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
  scores: z.record(z.string(), z.array(finite.min(0).max(1).nullable())),
  outputTokens: z.record(z.string(), z.array(z.number().nonnegative().nullable())),
});

export type OutcomeData = z.infer<typeof dataSchema>;

/**
 * Several outcome files as one (`switchyard train --data A --data B`): their prompts one after another, their models
 * joined by name (a model a file did not grade gets `null` there). A name in two files must mean the same model (the
 * same `catalogId`, or the same description); its prices are the first file's.
 */
export function mergeOutcomes(files: readonly { file: string; data: OutcomeData }[]): OutcomeData {
  if (files.length === 1) return files[0]!.data;
  const models: OutcomeData['models'] = [];
  const first = new Map<string, { file: string; model: OutcomeData['models'][number] }>();
  for (const { file, data } of files) {
    for (const m of data.models) {
      const seen = first.get(m.name);
      if (!seen) {
        first.set(m.name, { file, model: m });
        models.push(m);
      } else if (seen.model.catalogId !== m.catalogId || JSON.stringify(seen.model.quality) !== JSON.stringify(m.quality) || seen.model.reasoning !== m.reasoning) {
        throw new Error(`${file}: model "${m.name}" is not the model of that name in ${seen.file} (${m.catalogId ?? 'no catalogId'} against ${seen.model.catalogId ?? 'no catalogId'}); give one of them another name`);
      }
    }
  }
  const column = (key: 'scores' | 'outputTokens', name: string) => files.flatMap(({ data }) => data[key][name] ?? data.prompts.map(() => null));
  const joined = (what: (d: OutcomeData) => string) => files.map(({ data }) => what(data)).join(' + ');
  return {
    source: { repo: joined((d) => d.source.repo), commit: joined((d) => d.source.commit) },
    models,
    prompts: files.flatMap(({ data }) => data.prompts),
    scores: Object.fromEntries(models.map((m) => [m.name, column('scores', m.name)])),
    outputTokens: Object.fromEntries(models.map((m) => [m.name, column('outputTokens', m.name)])),
  };
}

/** The file with only the prompts at `rows` (indices, in that order), each model's grades and tokens with them. */
export function selectPrompts(d: OutcomeData, rows: readonly number[]): OutcomeData {
  const pick = <T>(xs: readonly T[]): T[] => rows.map((i) => xs[i]!);
  const columns = (r: OutcomeData['scores']) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, pick(v)]));
  return { ...d, prompts: pick(d.prompts), scores: columns(d.scores), outputTokens: columns(d.outputTokens) };
}

/** The prompts every model was graded on (indices): the ones a router can be scored on. */
export function fullyGraded(d: Pick<OutcomeData, 'prompts' | 'scores'>): number[] {
  const rows = Object.values(d.scores);
  return d.prompts.flatMap((_, i) => (rows.every((r) => r[i] !== null) ? [i] : []));
}

/** Reads and checks a per-prompt outcome file; every problem names the file and the JSON path. */
export function loadOutcomeData(file: string): OutcomeData {
  const parsed = dataSchema.safeParse(readJsonFile(file));
  if (!parsed.success) throw new Error(schemaProblems(parsed.error.issues.slice(0, 5)).map((p) => `${file}: ${p}`).join('\n'));
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
    const scores = d.scores[m.name];
    const tokens = d.outputTokens[m.name];
    if (scores && tokens) {
      const at = scores.findIndex((s, i) => s !== null && (tokens[i] ?? null) === null);
      if (at >= 0) problems.push(`outputTokens.${m.name}[${at}]: null, but scores.${m.name}[${at}] is a grade; give the tokens it wrote, or null both`);
      if (scores.every((s) => s === null)) problems.push(`scores.${m.name}: no grade at all`);
    }
  });
  if (problems.length > 0) throw new Error(problems.map((p) => `${file}: ${p}`).join('\n'));
  return d;
}
