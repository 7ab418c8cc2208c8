/**
 * Training the success predictor on a team's own graded prompts (`switchyard train`): the same trainer, features and
 * calibration as the bundled weights (`npm run train:router` on ZeroEval), on an outcome file instead.
 *
 * Each of the file's models is the catalog's model when the catalog knows it (by `catalogId`, else by `name`: a model
 * id, alias or endpoint id, the user config's own models included), so what is learned about it applies when the
 * router meets it; a model the catalog does not know is described as a user config describes one of its own. Each
 * prompt is detected and counted as the router will see it: its task from the question, its o200k tokens.
 */
import type { Catalog } from '../../shared/catalog/catalog.js';
import type { Model } from '../../shared/catalog/model.js';
import { countO200kTokens } from '../../shared/pricing/token-count.js';
import { detectTask } from '../../shared/routing/detect-task.js';
import type { PredictorWeights } from '../../shared/routing/predict/predictor.js';
import { routingSelector } from '../../shared/routing/predict/routing-selector.js';
import { type TrainingSet, train } from '../../shared/routing/predict/train.js';
import { TASK_QUALITY } from '../../shared/routing/task-quality.js';
import { userModels } from '../config/user-models.js';
import type { OutcomeData } from './outcome-data.js';

export interface TrainedOutcomes {
  weights: PredictorWeights;
  /** Per model of the file: the id the router knows it by and where its evidence comes from. */
  models: { name: string; id: string; inCatalog: boolean; evidence: string }[];
  /** How many prompts each quality category got (detected from the question). */
  categories: Record<string, number>;
}

/** The file's model as the catalog's model, or described as a user config would describe it. */
function modelFor(entry: OutcomeData['models'][number], index: number, catalog: Catalog, file: string): { model: Model; inCatalog: boolean } {
  const id = entry.catalogId ?? entry.name;
  const found = entry.quality === undefined && entry.reasoning === undefined ? catalog.lookup(id) : undefined;
  if (found) return { model: found.model, inCatalog: true };
  if (entry.catalogId !== undefined) {
    const resolved = catalog.resolve(entry.catalogId);
    const hint = 'suggestions' in resolved && resolved.suggestions.length > 0 ? ` Did you mean ${resolved.suggestions.slice(0, 3).map((s) => `"${s}"`).join(', ')}?` : '';
    throw new Error(`${file}: models[${index}].catalogId: "${entry.catalogId}" is not in the catalog.${hint} Leave catalogId out to describe the model by its name and quality.`);
  }
  const [described] = userModels(
    {
      providers: {
        data: {
          models: [
            {
              id: entry.name,
              contextWindow: 128_000,
              pricing: { inputPerMTok: entry.inputPerMTok, outputPerMTok: entry.outputPerMTok },
              capabilities: entry.reasoning ? ['reasoning'] : [],
              ...(entry.quality ? { quality: entry.quality as Record<string, number> } : {}),
            },
          ],
        },
      },
    },
    catalog,
    { given: 'the outcome file', own: 'not in the catalog' },
  );
  if (!described) throw new Error(`${file}: models[${index}]: "${entry.name}" could not be described as a model`);
  return { model: described, inCatalog: false };
}

/** The trainer's form of "not graded". */
function notGradedAsNaN(values: readonly (number | null)[]): Float64Array {
  return Float64Array.from(values, (v) => v ?? Number.NaN);
}

/** The file's models as the router knows them (see `modelFor`), each once. */
export function outcomeModels(data: OutcomeData, file: string, catalog: Catalog): { model: Model; inCatalog: boolean }[] {
  const resolved = data.models.map((m, j) => modelFor(m, j, catalog, file));
  const seen = new Map<string, string>();
  resolved.forEach(({ model }, j) => {
    const other = seen.get(model.id);
    if (other !== undefined) throw new Error(`${file}: models[${j}] ("${data.models[j]!.name}") is the same catalog model as "${other}" (${model.id}); grade each model once`);
    seen.set(model.id, data.models[j]!.name);
  });
  return resolved;
}

/** `file`: the file (or files, joined by " + ") the data came from, as recorded in the weights. */
export function trainOnOutcomes(data: OutcomeData, file: string, catalog: Catalog, trainedAt: string): TrainedOutcomes {
  const resolved = outcomeModels(data, file, catalog);
  const categories: Record<string, number> = {};
  const set: TrainingSet = {
    prompts: data.prompts.map((p) => {
      const inputTokens = countO200kTokens(p.question);
      const category = TASK_QUALITY[detectTask({ prompt: p.question }, { inputTokens }).task];
      categories[category] = (categories[category] ?? 0) + 1;
      return { text: p.question, category, inputTokens };
    }),
    models: resolved.map((r) => r.model),
    outcomes: data.models.map((m) => notGradedAsNaN(data.scores[m.name]!)),
  };
  const meta = {
    source: `graded outcomes in ${file.split(' + ').map((f) => f.split(/[\\/]/).pop()).join(' + ')} (${data.prompts.length} prompts × ${data.models.length} models)`,
    trainedAt,
    data: { file, repo: data.source.repo, commit: data.source.commit, prompts: data.prompts.length, models: data.models.length, split: 'all prompts' },
  };
  const selector = routingSelector(set, {
    inputTokens: data.prompts.map((p) => p.inputTokens),
    prices: data.models,
    scores: data.models.map((m) => notGradedAsNaN(data.scores[m.name]!)),
    outputTokens: data.models.map((m) => notGradedAsNaN(data.outputTokens[m.name]!)),
  });
  const weights = train(set, meta, {}, undefined, selector);
  return {
    weights,
    models: resolved.map(({ model, inCatalog }, j) => ({ name: data.models[j]!.name, id: model.id, inCatalog, evidence: `${model.quality.source}: ${model.quality.basis}` })),
    categories,
  };
}
