/**
 * `switchyard train --check`: what the trained weights buy on prompts they were not trained on, before anyone
 * routes with them. A 5-fold by prompt (prompt index mod 5): each fold is routed by the product's router, `route()`
 * under `balanced`, among the file's models at the file's prices, with weights trained on the other four folds; the
 * same prompts are routed with the bundled weights; both are scored as the file grades them (mean grade; cost = prompt
 * tokens × input price + the chosen model's own output tokens × output price) against each single model and the
 * single models' frontier (the upper convex hull: what mixing two models at random gives). Only prompts every model
 * was graded on are scored; every fold also learns from the others.
 */
import { Catalog } from '../../shared/catalog/catalog.js';
import type { Model } from '../../shared/catalog/model.js';
import { resolvePolicies } from '../../shared/policy/resolve.js';
import { frontier, frontierAt } from '../../shared/routing/predict/frontier.js';
import { defaultPredictor } from '../../shared/routing/predict/index.js';
import { predictorFrom } from '../../shared/routing/predict/predictor.js';
import type { SuccessPredictor } from '../../shared/routing/predict/types.js';
import { route } from '../../shared/routing/route.js';
import { fullyGraded, selectPrompts, type OutcomeData } from './outcome-data.js';
import { outcomeModels, trainOnOutcomes } from './train-outcomes.js';

export const CHECK_FOLDS = 5;
/** The data has no latencies: every model the same, so speed cannot decide. */
const SAME_LATENCY_MS = 1_000;

export interface CostQualityPoint {
  /** Mean grade, 0..1. */
  quality: number;
  /** USD over the scored prompts. */
  cost: number;
}

export interface OutcomeCheck {
  /** Prompts scored (every model graded). */
  prompts: number;
  policy: string;
  trained: CostQualityPoint & { vsFrontier: number };
  bundled: CostQualityPoint & { vsFrontier: number };
  singles: (CostQualityPoint & { name: string; onFrontier: boolean })[];
}

/** The file's models with one endpoint each at the file's price: what the router chooses among. */
function pricedModels(data: OutcomeData, resolved: { model: Model }[]): Model[] {
  return resolved.map(({ model }, j) => {
    const endpoint = model.endpoints[0]!;
    const price = data.models[j]!;
    return { ...model, endpoints: [{ ...endpoint, model: model.id, pricing: { inputPerMTok: price.inputPerMTok, outputPerMTok: price.outputPerMTok } }] };
  });
}

export function checkOutcomes(data: OutcomeData, file: string, catalog: Catalog, policy = 'balanced', progress: (fold: number) => void = () => {}): OutcomeCheck {
  const models = pricedModels(data, outcomeModels(data, file, catalog));
  const routable = new Catalog(models);
  const policies = resolvePolicies([]);
  const latency = new Map(models.map((m) => [m.id, SAME_LATENCY_MS]));
  const index = new Map(models.map((m, j) => [m.id, j]));
  const scored = fullyGraded(data);
  const costOf = (i: number, j: number): number => {
    const price = data.models[j]!;
    return (data.prompts[i]!.inputTokens * price.inputPerMTok + data.outputTokens[price.name]![i]! * price.outputPerMTok) / 1e6;
  };
  const gradeOf = (i: number, j: number): number => data.scores[data.models[j]!.name]![i]!;
  const chosen = (predictor: SuccessPredictor, i: number): number => {
    const decision = route({ input: { prompt: data.prompts[i]!.question }, policy }, routable, policies, { predictor, observedLatencyMs: latency });
    return index.get(decision.model)!;
  };
  if (scored.length === 0) return { prompts: 0, policy, trained: { quality: 0, cost: 0, vsFrontier: 0 }, bundled: { quality: 0, cost: 0, vsFrontier: 0 }, singles: [] };
  const totals = { trained: { quality: 0, cost: 0 }, bundled: { quality: 0, cost: 0 } };
  for (let fold = 0; fold < CHECK_FOLDS; fold++) {
    progress(fold);
    const training = selectPrompts(data, data.prompts.flatMap((_, i) => (i % CHECK_FOLDS === fold ? [] : [i])));
    const predictor = predictorFrom(trainOnOutcomes(training, file, catalog, 'check').weights);
    for (const i of scored) {
      if (i % CHECK_FOLDS !== fold) continue;
      for (const [key, p] of [['trained', predictor], ['bundled', defaultPredictor]] as const) {
        const j = chosen(p, i);
        totals[key].quality += gradeOf(i, j);
        totals[key].cost += costOf(i, j);
      }
    }
  }
  const n = scored.length;
  const singles = data.models.map((m, j) => ({ name: m.name, quality: scored.reduce((s, i) => s + gradeOf(i, j), 0) / n, cost: scored.reduce((s, i) => s + costOf(i, j), 0) }));
  const hull = frontier(singles);
  const point = (t: CostQualityPoint) => ({ quality: t.quality / n, cost: t.cost, vsFrontier: t.quality / n - frontierAt(hull, t.cost) });
  return { prompts: n, policy, trained: point(totals.trained), bundled: point(totals.bundled), singles: singles.map((s) => ({ ...s, onFrontier: hull.includes(s) })) };
}
