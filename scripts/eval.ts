/**
 * `npm run eval`: per-prompt routing on ZeroEval (2,840 prompts × 21 models, graded 0/1), on held-out splits only.
 *
 *   node scripts/run-ts.mjs scripts/eval.ts [--task detected|data] [--no-write]
 *   node scripts/run-ts.mjs scripts/eval.ts --data FILE [--weights FILE] [--out MD] [--svg SVG]   another data set, given weights
 *   node scripts/run-ts.mjs scripts/eval.ts --data FILE --kfold [--out MD] [--svg SVG]            trained on FILE, 5-fold
 *
 * Splits: 5-fold by prompt (seeded shuffle) and leave-one-task-out (train on two tasks, evaluate on the third).
 * Each split trains a predictor on its training prompts only, then routes every test prompt through the product's
 * router, `route()` (`shared/routing/route.ts`), with `ctx.predictor` = the split's predictor, on a `Catalog` of the
 * data's 21 models (one endpoint each at the data's price, evidence from the bundled catalog), the built-in policies
 * from `resolvePolicies([])` and `request.input = { prompt: <bare question> }` — as a user would ask it, without
 * ZeroEval's answer-format harness. The router detects the task and forecasts the output tokens itself (it never sees
 * a model's actual output on the test prompt). No providers are in the context, so every candidate counts; the data
 * has no latencies, so the context gives every model the same observed latency and speed cannot decide.
 *
 * Costs are as the data defines them: the prompt's tokens × input price + the chosen model's own output tokens on
 * that prompt × output price. Sweeps (cost priority, `minSuccess`) run on a precomputed matrix of the router's own
 * inputs (its profile, forecast cost, predicted success and rating per model) ranked with the same `utility()`;
 * every policy's default and every printed sweep point is also routed by `route()` prompt by prompt, and the two
 * must agree on every decision (the run fails otherwise).
 *
 * Writes `eval/RESULTS.md` (between its generated markers) and `eval/frontier.svg`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Catalog } from '../shared/catalog/catalog.js';
import type { Model } from '../shared/catalog/model.js';
import { costOf } from '../shared/pricing/cost.js';
import { mergePriorities, resolvePolicies } from '../shared/policy/resolve.js';
import type { Preferences } from '../shared/policy/schema.js';
import { analyzeRequest } from '../shared/routing/analyze.js';
import { type Task, detectTask } from '../shared/routing/detect-task.js';
import { modelOutputTokens } from '../shared/routing/forecast.js';
import { latencyOf } from '../shared/routing/speed.js';
import { type PredictorWeights, modelKeys, predictorFrom } from '../shared/routing/predict/predictor.js';
import type { SuccessPredictor } from '../shared/routing/predict/types.js';
import { type TradeOffPriorities, describeTradeOff, rankByUtility, utility } from '../shared/routing/predict/utility.js';
import { route } from '../shared/routing/route.js';
import type { RouteContext } from '../shared/routing/types.js';
import { TASK_QUALITY } from '../shared/routing/task-quality.js';
import { type ZeroEvalData, type ZeroEvalPrompt, loadCatalogData, loadZeroEval, zeroEvalModels } from './router-data.js';
import type { TrainOptions } from '../shared/routing/predict/train.js';
import { trainZeroEval } from './train-router.js';
import { frontier, frontierAt } from '../shared/routing/predict/frontier.js';
import { CEILING_FACTORS, privilegedSuccess, privilegedSuccessK, simulatedOutcomes } from './eval-ceiling.js';
import { type EvalData, loadEvalData } from './eval-data.js';
import { loadOutcomeData, selectPrompts } from '../server/predict/outcome-data.js';
import { trainOnOutcomes } from '../server/predict/train-outcomes.js';
import { loadBundledCatalog } from '../shared/catalog/catalog.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';

// ---------------------------------------------------------------------------------------------------------
// The routing step: the product's router.

const POLICIES = resolvePolicies([]);
/** The data has no latencies: every model gets the same observed latency, so only the output it must write (a reasoning model's hidden tokens) makes one slower. */
const SAME_LATENCY_MS = 1_000;
const RATING_FALLBACK = 1200;

/** Route one bare question with `route()`; the chosen model's id. */
function routeQuestion(question: string, catalog: Catalog, ctx: RouteContext, policy: string, preferences?: Preferences): string {
  return route({ input: { prompt: question }, policy, ...(preferences ? { preferences } : {}) }, catalog, POLICIES, ctx).model;
}

/** What `route()` ranks by for one policy setting: its priorities merged with the request's preferences, plus its targets. */
function priorities(policy: string, preferences?: Preferences): TradeOffPriorities {
  const resolved = POLICIES.resolve(policy);
  const p: TradeOffPriorities = { ...mergePriorities(resolved.priorities, preferences) };
  if (resolved.minSuccess !== undefined) p.minSuccess = resolved.minSuccess;
  if (resolved.pricePerPoint !== undefined) p.pricePerPoint = resolved.pricePerPoint;
  return p;
}

// ---------------------------------------------------------------------------------------------------------
// Splits

/** mulberry32: a small seeded PRNG, so the folds are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Split {
  name: string;
  train: number[];
  test: number[];
}

const SEED = 20_240_901;
const FOLDS = 5;

function kFold(n: number): Split[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const rand = prng(SEED);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Array.from({ length: FOLDS }, (_, f) => {
    const test = order.filter((_, i) => i % FOLDS === f).sort((a, b) => a - b);
    const inTest = new Set(test);
    return { name: `fold ${f + 1}`, test, train: order.filter((i) => !inTest.has(i)).sort((a, b) => a - b) };
  });
}

function leaveOneTaskOut(data: ZeroEvalData, task: string): Split {
  const test: number[] = [];
  const train: number[] = [];
  data.prompts.forEach((p, i) => (p.task === task ? test : train).push(i));
  return { name: `${task} held out`, train, test };
}

// ---------------------------------------------------------------------------------------------------------
// Per split: predictions and costs for every (test prompt, model), so any policy setting routes in one pass.

interface Matrix {
  /** Test prompt indices into data.prompts. */
  prompts: number[];
  /** Model ids, in data order (the router's tie-break). */
  ids: string[];
  /** [p][m] */
  success: Float64Array[];
  /** [p][m]: the router's own cost estimate (its output forecast, the question's tokens). */
  forecastCost: Float64Array[];
  /** [p][m]: the rating route() adds to the utility (the model's rating in the routed category). */
  rating: Float64Array[];
  /** [p][m]: the latency route() expects (the same observed speed for every model; longer outputs take longer). */
  latency: Float64Array[];
  actualCost: Float64Array[];
  /** [p][m]: the grade, 0..1 (ZeroEval's are 0 or 1). */
  score: Float64Array[];
  difficulty: Float64Array;
  /** [p][m]: a predictor without prompt features — the model's success rate on training prompts of the same routed category. */
  baseline: Float64Array[];
  /** Per prompt: balanced's cost priority as tuned on its split's training prompts. */
  tunedCostPriority: Float64Array;
}

/**
 * The task a prompt is routed (and trained) under. `question` (default): `detectTask` on the bare question, as a
 * user would ask it — the full text carries ZeroEval's fenced-JSON answer instruction, which makes the detector
 * call 99 % of GSM prompts coding. `text`: `detectTask` on the full text. `data`: the data's own category.
 */
type TaskMode = 'question' | 'text' | 'data';
/** Trainer options for ablations (`EVAL_TRAIN_OPTIONS='{"l2ModelFeature":1}'`); the defaults otherwise. */
const trainOptions = JSON.parse(process.env.EVAL_TRAIN_OPTIONS ?? '{}') as Partial<TrainOptions>;
const taskCache = new Map<string, Task>();
function taskOfPrompt(p: ZeroEvalPrompt, mode: TaskMode): Task {
  if (mode === 'data') return p.category as Task;
  const key = `${mode}:${p.id}`;
  let task = taskCache.get(key);
  if (task === undefined) {
    task = detectTask({ prompt: mode === 'text' ? p.text : p.question }).task;
    taskCache.set(key, task);
  }
  return task;
}
function taskOf(data: ZeroEvalData, i: number, mode: TaskMode): Task {
  return taskOfPrompt(data.prompts[i]!, mode);
}

/** Printed sweep points (every fifth cost-priority setting and the last): these are also routed by `route()`. */
const CHECKED_SWEEP = (i: number, n: number): boolean => i % 5 === 0 || i === n - 1;

interface SplitResult {
  matrix: Matrix;
  /** route() decisions checked against the matrix pass, and how many differed from the old seam's ranking. */
  checked: number;
  seamDiffers: number;
}

/** Whether the weights learned anything for this model (a residual, per-category residuals or feature weights). */
function hasLearnedWeights(weights: PredictorWeights, model: Model): boolean {
  return modelKeys(model).some((k) => k in weights.residuals || k in weights.categoryResiduals || k in weights.modelFeatures);
}

/**
 * One split: train on `split.train` (the outcomes of `trainData`'s models: by default the routed models
 * themselves; for the unseen-models splits the other models), route `split.test` among `data`'s models.
 */
function evaluateSplit(data: ZeroEvalData, catalogData: unknown, catalog: Catalog, models: Model[], split: Split, taskMode: TaskMode, trainData: ZeroEvalData = data, given?: PredictorWeights): SplitResult {
  const weights = given ?? trainZeroEval(trainData, catalogData, 'eval', split.train, split.name, (p) => TASK_QUALITY[taskOfPrompt(p, taskMode)], trainOptions);
  const predictor = predictorFrom(weights);
  if (trainData !== data) {
    // the routed models must be unknown to the weights: evidence alone, no learned residual
    const seen = models.filter((m) => hasLearnedWeights(weights, m));
    if (seen.length > 0) throw new Error(`${split.name}: ${seen.map((m) => m.id).join(', ')} has learned weights; the split is not unseen`);
  }
  const ctx: RouteContext = { predictor, observedLatencyMs: new Map(models.map((m) => [m.id, SAME_LATENCY_MS])) };
  const categoryOfPrompt = (i: number): string => TASK_QUALITY[taskOf(data, i, taskMode)];
  const M = models.length;
  // per model, over its training prompts: the mean of `values` per routed category and over all (`*`), starting
  // from `prior` (a sum and a count)
  const categoryMeans = (values: (name: string) => ArrayLike<number>, prior: [number, number]) =>
    data.models.map((zm) => {
      const sums = new Map<string, [number, number]>();
      for (const i of split.train) {
        for (const key of [categoryOfPrompt(i), '*']) {
          const s = sums.get(key) ?? [...prior];
          s[0] += values(zm.name)[i]!;
          s[1]++;
          sums.set(key, s);
        }
      }
      return new Map([...sums].map(([k, [sum, n]]) => [k, sum / n]));
    });
  // the feature-free baseline: each model's success rate (one success in two trials as a prior)
  const rates = categoryMeans((name) => data.scores[name]!, [1, 2]);
  // the old seam's output forecast (each model's mean output on the training prompts of the category), only to
  // report how route()'s own forecast changes the picks
  const meanOut = categoryMeans((name) => data.outputTokens[name]!, [0, 0]);
  const predict = (prompts: number[], seam = false): Matrix & { seamCost?: Float64Array[] } => {
    const matrix: Matrix & { seamCost?: Float64Array[] } = { prompts, ids: models.map((m) => m.id), success: [], forecastCost: [], actualCost: [], score: [], rating: [], latency: [], difficulty: new Float64Array(prompts.length), baseline: [], tunedCostPriority: new Float64Array(prompts.length) };
    if (seam) matrix.seamCost = [];
    prompts.forEach((i, k) => {
      const p = data.prompts[i]!;
      // exactly what route() works out for this request: task, profile (difficulty), output forecast, token counts
      const analysis = analyzeRequest({ prompt: p.question }, { predictor });
      const profile = analysis.profile;
      matrix.difficulty[k] = profile.difficulty;
      const success = new Float64Array(M);
      const forecast = new Float64Array(M);
      const seamCost = new Float64Array(M);
      const actual = new Float64Array(M);
      const rating = new Float64Array(M);
      const latency = new Float64Array(M);
      const score = new Float64Array(M);
      models.forEach((m, j) => {
        const zm = data.models[j]!;
        const endpoint = m.endpoints[0]!;
        const wanted = modelOutputTokens(analysis.forecast, m.reasoning, Number.POSITIVE_INFINITY);
        const out = Math.min(wanted.tokens, endpoint.maxOutputTokens);
        forecast[j] = costOf(endpoint, { inputTokens: analysis.tokensFor(m).tokens, outputTokens: out, reasoningTokens: Math.min(wanted.reasoning, out) }).totalCost;
        latency[j] = latencyOf(endpoint, m, 0, out, ctx.observedLatencyMs);
        success[j] = predictor.success(profile, m);
        const r = m.quality.ratings;
        rating[j] = r[profile.category] ?? r.overall ?? RATING_FALLBACK;
        const means = meanOut[j]!;
        seamCost[j] = (p.inputTokens * zm.inputPerMTok + (means.get(profile.category) ?? means.get('*')!) * zm.outputPerMTok) / 1e6;
        actual[j] = (p.inputTokens * zm.inputPerMTok + data.outputTokens[zm.name]![i]! * zm.outputPerMTok) / 1e6;
        score[j] = data.scores[zm.name]![i]!;
      });
      matrix.success.push(success);
      matrix.baseline.push(Float64Array.from(rates, (r) => r.get(profile.category) ?? r.get('*')!));
      matrix.forecastCost.push(forecast);
      matrix.actualCost.push(actual);
      matrix.rating.push(rating);
      matrix.latency.push(latency);
      matrix.score.push(score);
      matrix.seamCost?.push(seamCost);
    });
    return matrix;
  };
  const trained = split.train.length > 0;
  const matrix = predict(split.test, trained);
  // balanced's cost priority tuned on the training prompts only (in-sample predictions): the sweep point furthest
  // above the training prompts' own single-model frontier (given weights and no training prompts: the built-in one)
  const onTrain = predict(trained ? split.train : split.test);
  const trainHull = frontier(singles(onTrain, data.models.map((m) => m.name)));
  const base = priorities('balanced');
  let tuned = base.costPriority ?? 0.5;
  let bestGain = -Infinity;
  for (const cp of trained ? SWEEP : []) {
    const pt = runPolicy(onTrain, { ...base, costPriority: cp }, '');
    const gain = pt.quality - frontierAt(trainHull, pt.cost);
    if (gain > bestGain + 1e-9) [bestGain, tuned] = [gain, cp];
  }
  matrix.tunedCostPriority.fill(tuned);
  // the check: route(), prompt by prompt, chooses what the matrix pass chooses — every policy's default and every
  // printed point of its cost sweep
  let checked = 0;
  const settings: [string, Preferences | undefined][] = EVALUATED_POLICIES.flatMap((name) => [
    [name, undefined] as [string, Preferences | undefined],
    ...SWEEP.flatMap((cp, n) => (CHECKED_SWEEP(n, SWEEP.length) ? [[name, { costPriority: cp }] as [string, Preferences]] : [])),
  ]);
  for (const [name, prefs] of settings) {
    const p = priorities(name, prefs);
    split.test.forEach((i, k) => {
      const q = data.prompts[i]!;
      const chosen = routeQuestion(q.question, catalog, ctx, name, prefs);
      const j = routeMatrix(matrix, p, k);
      if (chosen !== models[j]!.id) throw new Error(`${split.name}: route() chose ${chosen} and the matrix pass ${models[j]!.id} on ${q.id} (${name}${prefs ? ` ${JSON.stringify(prefs)}` : ''})`);
      checked++;
    });
  }
  // how the old seam (training-mean output forecast, billed full-text input, no rating term) would have chosen
  let seamDiffers = 0;
  const bp = priorities('balanced');
  const { minSuccess: _m, pricePerPoint: _p, ...plain } = bp;
  if (trained) split.test.forEach((_, k) => {
    const outcomes = Array.from(matrix.success[k]!, (sv, j) => ({ success: sv, costUsd: matrix.seamCost![k]![j]! }));
    if (rankByUtility(outcomes, plain)[0] !== routeMatrix(matrix, bp, k)) seamDiffers++;
  });
  delete matrix.seamCost;
  return { matrix, checked, seamDiffers };
}

/**
 * The same ranking as `route()` on precomputed inputs: utility (with the rating term) descending, then cost, then
 * model id — the chosen model index for test prompt k.
 */
function routeMatrix(mx: Matrix, p: TradeOffPriorities, k: number, success: Float64Array[] = mx.success): number {
  let best = -1;
  let bestU = -Infinity;
  const s = success[k]!;
  const c = mx.forecastCost[k]!;
  const r = mx.rating[k]!;
  for (let j = 0; j < s.length; j++) {
    const u = utility({ success: s[j]!, costUsd: c[j]!, latencyMs: mx.latency[k]![j]!, rating: r[j]! }, p);
    if (best < 0 || u > bestU || (u === bestU && (c[j]! < c[best]! || (c[j] === c[best] && mx.ids[j]! < mx.ids[best]!)))) {
      best = j;
      bestU = u;
    }
  }
  return best;
}

function merge(parts: Matrix[]): Matrix {
  return {
    prompts: parts.flatMap((m) => m.prompts),
    ids: parts[0]!.ids,
    rating: parts.flatMap((m) => m.rating),
    latency: parts.flatMap((m) => m.latency),
    success: parts.flatMap((m) => m.success),
    forecastCost: parts.flatMap((m) => m.forecastCost),
    actualCost: parts.flatMap((m) => m.actualCost),
    score: parts.flatMap((m) => m.score),
    difficulty: Float64Array.from(parts.flatMap((m) => [...m.difficulty])),
    baseline: parts.flatMap((m) => m.baseline),
    tunedCostPriority: Float64Array.from(parts.flatMap((m) => [...m.tunedCostPriority])),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Figures

interface Point {
  label: string;
  cost: number;
  quality: number;
}

function runPolicy(mx: Matrix, p: TradeOffPriorities | ((k: number) => TradeOffPriorities), label: string, success: Float64Array[] = mx.success): Point {
  let cost = 0;
  let correct = 0;
  for (let k = 0; k < mx.prompts.length; k++) {
    const j = routeMatrix(mx, typeof p === 'function' ? p(k) : p, k, success);
    cost += mx.actualCost[k]![j]!;
    correct += mx.score[k]![j]!;
  }
  return { label, cost, quality: (100 * correct) / mx.prompts.length };
}

function singles(mx: Matrix, names: string[]): Point[] {
  return names.map((label, j) => {
    let cost = 0;
    let correct = 0;
    for (let k = 0; k < mx.prompts.length; k++) {
      cost += mx.actualCost[k]![j]!;
      correct += mx.score[k]![j]!;
    }
    return { label, cost, quality: (100 * correct) / mx.prompts.length };
  });
}

function oracle(mx: Matrix): Point {
  let cost = 0;
  let correct = 0;
  for (let k = 0; k < mx.prompts.length; k++) {
    // the cheapest model with the best grade (0/1 grades: the cheapest correct, else the cheapest)
    const costs = mx.actualCost[k]!;
    const grades = mx.score[k]!;
    let best = 0;
    for (let j = 1; j < costs.length; j++) {
      if (grades[j]! > grades[best]! || (grades[j] === grades[best] && costs[j]! < costs[best]!)) best = j;
    }
    cost += costs[best]!;
    correct += grades[best]!;
  }
  return { label: 'oracle', cost, quality: (100 * correct) / mx.prompts.length };
}

function randomRouter(points: Point[]): Point {
  const n = points.length;
  return { label: 'random', cost: points.reduce((s, p) => s + p.cost, 0) / n, quality: points.reduce((s, p) => s + p.quality, 0) / n };
}

/** Cost-priority sweep: 0, then log-spaced to 1. */
const SWEEP = [0, ...Array.from({ length: 40 }, (_, i) => 10 ** (-3 + (3 * i) / 39))];

interface PolicyRow {
  name: string;
  point: Point;
  vsFrontier: number;
  curve: Point[];
  /** The cheapest sweep setting reaching the best single model's quality. */
  reach?: { costPriority: number; point: Point; pctOfBestCost: number };
}

const EVALUATED_POLICIES = ['cheapest', 'balanced', 'best', 'fastest'] as const;

function policyRows(mx: Matrix, hull: Point[], bestSingle: Point): PolicyRow[] {
  return EVALUATED_POLICIES.map((name) => {
    const base = priorities(name);
    const point = runPolicy(mx, base, name);
    const curve = SWEEP.map((cp) => ({ ...runPolicy(mx, { ...base, costPriority: cp }, `${name} cost ${cp.toPrecision(2)}`), cp }));
    const reaching = curve.filter((c) => c.quality >= bestSingle.quality).sort((a, b) => a.cost - b.cost)[0];
    const row: PolicyRow = { name, point, vsFrontier: point.quality - frontierAt(hull, point.cost), curve };
    if (reaching) row.reach = { costPriority: reaching.cp, point: reaching, pctOfBestCost: (100 * reaching.cost) / bestSingle.cost };
    return row;
  });
}

/** The minSuccess sweep: a quality target instead of a cost priority. */
function targetCurve(mx: Matrix): Point[] {
  return [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97].map((t) => runPolicy(mx, { minSuccess: t }, `minSuccess ${t}`));
}

interface Report {
  title: string;
  correlation: string;
  prompts: number;
  singles: Point[];
  hull: Point[];
  random: Point;
  oracle: Point;
  bestSingle: Point;
  policies: PolicyRow[];
  /** balanced with the feature-free baseline as its predictor: what task-level routing alone gives. */
  taskLevel: Point;
  /** balanced with its cost priority tuned on each split's training prompts. */
  tuned: Point & { costPriorities: number[] };
  baselineLogLoss: number;
  target: Point[];
  logLoss: number;
  brier: number;
  /** balanced routed on per-prompt difficulties fitted to the test prompts' own outcomes (privileged; a bound). */
  ceiling: { balanced: Point; reach?: Point };
  /** The same with a rank-K interaction (model strengths by kind of prompt within a task): the multi-dimensional bound. */
  ceilingK: { balanced: Point; reach?: Point };
  /** Both ceilings refitted to outcomes simulated from the 1-D fit, points above the simulated data's frontier. */
  ceilingNull: { one: number; multi: number };
  /** The routed models were unseen in training: the task-level and tuned rows (which use their outcomes) are left out. */
  unseen: boolean;
  /** Routed with given weights on another data set (`--data`): no training prompts, no feature-free baseline. */
  external: boolean;
}

/** The best single model costing at most `cost` (below the cheapest: the cheapest) — picking one model by hand. */
function staircaseAt(single: readonly Point[], cost: number): number {
  const affordable = single.filter((s) => s.cost <= cost);
  if (affordable.length === 0) return [...single].sort((a, b) => a.cost - b.cost)[0]!.quality;
  return Math.max(...affordable.map((s) => s.quality));
}

function report(title: string, mx: Matrix, names: string[], data: ZeroEvalData, unseen = false, external = false): Report {
  const single = singles(mx, names);
  const hull = frontier(single);
  const bestSingle = [...single].sort((a, b) => b.quality - a.quality || a.cost - b.cost)[0]!;
  let ll = 0;
  let llBase = 0;
  let brier = 0;
  let n = 0;
  mx.success.forEach((row, k) =>
    row.forEach((s, j) => {
      const y = mx.score[k]![j]!;
      const b = mx.baseline[k]![j]!;
      llBase -= y * Math.log(b) + (1 - y) * Math.log(1 - b);
      ll -= y * Math.log(s) + (1 - y) * Math.log(1 - s);
      brier += (s - y) ** 2;
      n++;
    }),
  );
  return {
    title,
    correlation: difficultyCorrelation(data, mx),
    prompts: mx.prompts.length,
    singles: single,
    hull,
    random: randomRouter(single),
    oracle: oracle(mx),
    bestSingle,
    policies: policyRows(mx, hull, bestSingle),
    target: targetCurve(mx),
    taskLevel: runPolicy(mx, priorities('balanced'), 'balanced, task-level predictor', mx.baseline),
    tuned: {
      ...runPolicy(mx, (k) => ({ ...priorities('balanced'), costPriority: mx.tunedCostPriority[k]! }), 'balanced, tuned'),
      costPriorities: [...new Set(mx.tunedCostPriority)].sort((a, b) => a - b),
    },
    baselineLogLoss: llBase / n,
    logLoss: ll / n,
    brier: brier / n,
    ceiling: ceilingOf(mx, bestSingle, privilegedSuccess({ score: mx.score, task: mx.prompts.map((i) => data.prompts[i]!.task) })),
    ceilingK: ceilingOf(mx, bestSingle, privilegedSuccessK({ score: mx.score, task: mx.prompts.map((i) => data.prompts[i]!.task) })),
    ceilingNull: ceilingNullCheck(mx, names, mx.prompts.map((i) => data.prompts[i]!.task)),
    unseen,
    external,
  };
}

function ceilingOf(mx: Matrix, bestSingle: Point, success: Float64Array[]): Report['ceiling'] {
  const base = priorities('balanced');
  const balanced = runPolicy(mx, base, 'ceiling', success);
  const reach = SWEEP.map((cp) => runPolicy(mx, { ...base, costPriority: cp }, `ceiling cost ${cp.toPrecision(2)}`, success))
    .filter((c) => c.quality >= bestSingle.quality)
    .sort((a, b) => a.cost - b.cost)[0];
  return reach ? { balanced, reach } : { balanced };
}

/**
 * The null check of the multi-dimensional ceiling: outcomes simulated from the 1-D ceiling's own fit (so there are
 * no topic-specific strengths in them), both ceilings fitted again to those and routed with `balanced`, each
 * against the simulated outcomes' single-model frontier. The K-D fit's gain here is what memorizing noise buys.
 */
function ceilingNullCheck(mx: Matrix, names: string[], task: string[]): Report['ceilingNull'] {
  const sim: Matrix = { ...mx, score: simulatedOutcomes(privilegedSuccess({ score: mx.score, task })) };
  const hull = frontier(singles(sim, names));
  const vs = (success: Float64Array[]): number => {
    const p = runPolicy(sim, priorities('balanced'), 'ceiling, null check', success);
    return p.quality - frontierAt(hull, p.cost);
  };
  return { one: vs(privilegedSuccess({ score: sim.score, task })), multi: vs(privilegedSuccessK({ score: sim.score, task })) };
}

// ---------------------------------------------------------------------------------------------------------
// Output

const money = (x: number): string => (x >= 10 ? `$${x.toFixed(1)}` : x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(3)}`);
const pct = (x: number): string => `${x.toFixed(1)} %`;
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;

function markdown(r: Report): string {
  const baseline = r.external
    ? 'the given weights; no training prompts here, so no feature-free baseline'
    : r.unseen
    ? `a predictor that knew these models' own success rates per category on the training prompts — ${r.baselineLogLoss.toFixed(3)}`
    : `a predictor without prompt features — each model's training success rate in the routed category — ${r.baselineLogLoss.toFixed(3)}`;
  const lines = [`### ${r.title} (${r.prompts} prompts)`, '', `Predictor on held-out prompts: log-loss ${r.logLoss.toFixed(3)} (${baseline}), Brier ${r.brier.toFixed(3)}; ${r.correlation}.`, ''];
  lines.push('| router | quality | cost | vs single-model frontier at its cost | vs the best single model at ≤ its cost | cheapest cost-priority setting reaching the best single model |');
  lines.push('|---|---:|---:|---:|---:|---|');
  const byHand = (p: Point): string => signed(p.quality - staircaseAt(r.singles, p.cost));
  for (const p of r.policies) {
    const reach = p.reach
      ? `${pct(p.reach.point.quality)} at ${money(p.reach.point.cost)} = **${p.reach.pctOfBestCost.toFixed(0)} %** of ${r.bestSingle.label}'s cost (costPriority ${p.reach.costPriority.toPrecision(2)})`
      : 'not reached';
    lines.push(`| **${p.name}** | ${pct(p.point.quality)} | ${money(p.point.cost)} | **${signed(p.vsFrontier)} points** | ${byHand(p.point)} | ${reach} |`);
  }
  const bestTarget = r.target.filter((t) => t.quality >= r.bestSingle.quality).sort((a, b) => a.cost - b.cost)[0];
  lines.push(
    `| minSuccess sweep | ${r.target.map((t) => t.quality.toFixed(1)).join(' / ')} | ${r.target.map((t) => money(t.cost)).join(' / ')} | | | ${bestTarget ? `${bestTarget.label}: ${pct(bestTarget.quality)} at ${((100 * bestTarget.cost) / r.bestSingle.cost).toFixed(0)} % of the cost` : 'not reached'} |`,
  );
  const row = (label: string, p: Point, bold = false, last = ''): string =>
    `| ${label} | ${pct(p.quality)} | ${money(p.cost)} | ${bold ? '**' : ''}${signed(p.quality - frontierAt(r.hull, p.cost))}${bold ? '**' : ''} | ${byHand(p)} | ${last} |`;
  if (!r.unseen) {
    lines.push(row(`balanced, cost priority tuned on the training split (${r.tuned.costPriorities.map((c) => c.toPrecision(2)).join(', ')})`, r.tuned, true));
    lines.push(row('balanced, task-level predictor (no prompt features)', r.taskLevel));
  }
  const ceilingReach = (c: Report['ceiling']): string =>
    c.reach ? `${pct(c.reach.quality)} at ${((100 * c.reach.cost) / r.bestSingle.cost).toFixed(0)} % of the best single model's cost` : 'not reached';
  lines.push(row('ceiling: balanced on per-prompt difficulties fitted to these very outcomes (privileged, not a router)', r.ceiling.balanced, false, ceilingReach(r.ceiling)));
  lines.push(
    row(
      `ceiling, ${CEILING_FACTORS} more dimensions (model strengths by kind of prompt; privileged, optimistic: fits grading noise too; on outcomes simulated from the 1-D fit, with no such strengths, it lies ${signed(r.ceilingNull.multi)} above their frontier and the 1-D ceiling ${signed(r.ceilingNull.one)})`,
      r.ceilingK.balanced,
      false,
      ceilingReach(r.ceilingK),
    ),
  );
  lines.push(row('random (uniform, expected)', r.random));
  lines.push(row('oracle (cheapest correct)', r.oracle));
  for (const s of [...r.singles].sort((a, b) => a.cost - b.cost)) lines.push(row(`${s.label}${r.hull.includes(s) ? ' (frontier)' : ''}`, s));
  lines.push('');
  lines.push('Trade-off curves (cost priority swept 0 → 1, other priorities as in the policy): quality at cost');
  lines.push('');
  for (const p of r.policies) {
    const pts = process.env.EVAL_FULL_CURVE ? p.curve : p.curve.filter((_, i) => i % 5 === 0 || i === p.curve.length - 1);
    lines.push(`- ${p.name}: ${pts.map((c) => `${c.quality.toFixed(1)} % @ ${money(c.cost)} (${signed(c.quality - frontierAt(r.hull, c.cost))})`).join(', ')}`);
  }
  lines.push('');
  return lines.join('\n');
}

function svg(r: Report): string {
  const W = 1000;
  const H = 620;
  const L = 70;
  const R = 240;
  const T = 40;
  const B = 60;
  const all = [...r.singles, r.random, r.oracle, ...r.policies.flatMap((p) => [p.point, ...p.curve])];
  const minC = Math.min(...all.map((p) => p.cost)) / 1.5;
  const maxC = Math.max(...all.map((p) => p.cost)) * 1.5;
  const minQ = Math.floor(Math.min(...all.map((p) => p.quality)) / 10) * 10;
  const maxQ = 100;
  const x = (c: number): number => L + ((Math.log10(c) - Math.log10(minC)) / (Math.log10(maxC) - Math.log10(minC))) * (W - L - R);
  const y = (q: number): number => T + ((maxQ - q) / (maxQ - minQ)) * (H - T - B);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${L}" y="22" font-size="14" font-weight="bold">${esc(r.title)}: quality vs cost (${r.prompts} prompts, total USD, log scale)</text>`);
  // grid
  for (let e = Math.ceil(Math.log10(minC)); e <= Math.floor(Math.log10(maxC)); e++) {
    for (const m of [1, 2, 5]) {
      const c = m * 10 ** e;
      if (c < minC || c > maxC) continue;
      out.push(`<line x1="${x(c)}" y1="${T}" x2="${x(c)}" y2="${H - B}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(`<text x="${x(c)}" y="${H - B + 16}" text-anchor="middle" fill="#555">${money(c)}</text>`);
    }
  }
  for (let q = minQ; q <= maxQ; q += 10) {
    out.push(`<line x1="${L}" y1="${y(q)}" x2="${W - R}" y2="${y(q)}" stroke="#eee"/>`);
    out.push(`<text x="${L - 6}" y="${y(q) + 4}" text-anchor="end" fill="#555">${q} %</text>`);
  }
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 18}" text-anchor="middle">total cost (USD, log scale)</text>`);
  out.push(`<text transform="translate(18 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">quality (% correct)</text>`);
  // frontier: linear interpolation in linear cost, sampled so it draws right on the log axis
  const fr: string[] = [];
  for (let i = 0; i <= 200; i++) {
    const c = r.hull[0]!.cost * (maxC / r.hull[0]!.cost) ** (i / 200);
    fr.push(`${x(c).toFixed(1)},${y(frontierAt(r.hull, c)).toFixed(1)}`);
  }
  out.push(`<polyline points="${fr.join(' ')}" fill="none" stroke="#888" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  const colors: Record<string, string> = { cheapest: '#2a9d8f', balanced: '#e76f51', best: '#6a4c93', fastest: '#f4a261' };
  for (const p of r.policies) {
    const pts = [...p.curve].sort((a, b) => a.cost - b.cost).map((c) => `${x(c.cost).toFixed(1)},${y(c.quality).toFixed(1)}`);
    out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colors[p.name]}" stroke-width="1.5" opacity="0.8"/>`);
  }
  const tgt = [...r.target].sort((a, b) => a.cost - b.cost).map((c) => `${x(c.cost).toFixed(1)},${y(c.quality).toFixed(1)}`);
  out.push(`<polyline points="${tgt.join(' ')}" fill="none" stroke="#1d3557" stroke-width="1" stroke-dasharray="2 2"/>`);
  // policy, random and oracle labels first (above-right of their marks, on a white halo); then single-model labels
  // right of each point, moved up or down in small steps until they overlap no other label
  const boxes: { x: number; y: number; w: number }[] = [];
  const overlaps = (bx: number, by: number, w: number): boolean => boxes.some((o) => Math.abs(o.y - by) < 10 && bx < o.x + o.w && o.x < bx + w);
  const halo = 'stroke="white" stroke-width="3" paint-order="stroke"';
  const shapes: string[] = [];
  const labels: string[] = [];
  const all3 = [
    { p: r.random, color: '#999', label: 'random', shape: 'square' as const },
    { p: r.oracle, color: '#111', label: 'oracle', shape: 'square' as const },
    ...r.policies.map((p) => ({ p: p.point, color: colors[p.name]!, label: p.name, shape: 'diamond' as const })),
  ];
  for (const m of all3) boxes.push({ x: x(m.p.cost) - 7, y: y(m.p.quality) + 3, w: 14 });
  for (const { p, color, label, shape } of all3) {
    const cx = x(p.cost);
    const cy = y(p.quality);
    shapes.push(
      shape === 'diamond'
        ? `<path d="M${cx} ${cy - 7} L${cx + 7} ${cy} L${cx} ${cy + 7} L${cx - 7} ${cy} Z" fill="${color}" stroke="black" stroke-width="0.8"/>`
        : `<rect x="${cx - 5}" y="${cy - 5}" width="10" height="10" fill="${color}" stroke="black" stroke-width="0.8"/>`,
    );
    const w = label.length * 6.6;
    let lx = cx + 8;
    let ly = cy - 10;
    for (let step = 1; overlaps(lx, ly, w) && step < 8; step++) {
      // alternate: further up on the right, then up on the left
      lx = step % 2 === 1 ? cx - 8 - w : cx + 8;
      ly = cy - 10 - Math.floor(step / 2) * 11;
    }
    boxes.push({ x: lx, y: ly, w });
    labels.push(`<text x="${lx}" y="${ly}" font-weight="bold" fill="${color}" ${halo}>${esc(label)}</text>`);
  }
  for (const s of [...r.singles].sort((a, b) => a.cost - b.cost)) {
    const text = short(s.label);
    const w = text.length * 5.4;
    const bx = x(s.cost) + 6;
    const base = y(s.quality) + 3.5;
    let ly = base;
    for (let step = 1; overlaps(bx, ly, w) && step < 12; step++) ly = base + (step % 2 === 1 ? 1 : -1) * Math.ceil(step / 2) * 10;
    boxes.push({ x: bx, y: ly, w });
    out.push(`<circle cx="${x(s.cost)}" cy="${y(s.quality)}" r="3.5" fill="#457b9d"/>`);
    out.push(`<text x="${bx}" y="${ly}" fill="#1d3557" font-size="9.5" ${halo}>${esc(text)}</text>`);
  }
  out.push(...shapes, ...labels);
  // legend
  const lx = W - R + 20;
  let ly = T + 10;
  const legend = (draw: string, text: string): void => {
    out.push(draw.replaceAll('LY', String(ly)));
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(text)}</text>`);
    ly += 18;
  };
  legend(`<circle cx="${lx + 12}" cy="LY" r="3.5" fill="#457b9d"/>`, 'single model');
  legend(`<line x1="${lx}" y1="LY" x2="${lx + 24}" y2="LY" stroke="#888" stroke-width="1.5" stroke-dasharray="5 3"/>`, 'single-model frontier');
  out.push(`<text x="${lx + 30}" y="${ly + 2}" font-size="9" fill="#555">(upper convex hull, linear cost)</text>`);
  ly += 16;
  for (const p of r.policies) legend(`<line x1="${lx}" y1="LY" x2="${lx + 24}" y2="LY" stroke="${colors[p.name]}" stroke-width="2"/>`, `${p.name} (◆) + cost sweep`);
  legend(`<line x1="${lx}" y1="LY" x2="${lx + 24}" y2="LY" stroke="#1d3557" stroke-dasharray="2 2"/>`, 'minSuccess sweep');
  legend(`<rect x="${lx + 7}" y="${'LY'}" width="10" height="10" transform="translate(0 -5)" fill="#999"/>`, 'random router');
  legend(`<rect x="${lx + 7}" y="${'LY'}" width="10" height="10" transform="translate(0 -5)" fill="#111"/>`, 'oracle');
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function short(name: string): string {
  return name.replace(/-instruct$/i, '').replace(/^Meta-/, '').replace(/-Instruct$/, '');
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Per task: the correlation of the predicted difficulty with the share of the 21 models that got the prompt wrong. */
function difficultyCorrelation(data: ZeroEvalData, mx: Matrix): string {
  const byTask = new Map<string, [number, number][]>();
  mx.prompts.forEach((i, k) => {
    const wrong = 1 - mx.score[k]!.reduce((s, y) => s + y, 0) / mx.score[k]!.length;
    const list = byTask.get(data.prompts[i]!.task) ?? [];
    list.push([mx.difficulty[k]!, wrong]);
    byTask.set(data.prompts[i]!.task, list);
  });
  const r = (xs: [number, number][]): number => {
    const n = xs.length;
    const mx_ = xs.reduce((s, [a]) => s + a, 0) / n;
    const my = xs.reduce((s, [, b]) => s + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [a, b] of xs) {
      sxy += (a - mx_) * (b - my);
      sxx += (a - mx_) ** 2;
      syy += (b - my) ** 2;
    }
    return sxy / Math.sqrt(sxx * syy);
  };
  const all = [...byTask.values()].flat();
  // a task every model answers alike (or a constant prediction) has no correlation to show
  const shown = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
  return `correlation of predicted difficulty with the share of models failing the prompt: ${[...byTask].map(([t, xs]) => `${t} ${shown(r(xs))}`).join(', ')}; all ${shown(r(all))}`;
}

/** Where `balanced` sends each task's prompts (top models, share of prompts), and the quality and cost by task. */
function choicesByTask(data: ZeroEvalData, mx: Matrix, names: string[], success: Float64Array[]): string {
  const p = priorities('balanced');
  const byTask = new Map<string, { n: number; ok: number; cost: number; picks: Map<string, number> }>();
  mx.prompts.forEach((i, k) => {
    const task = data.prompts[i]!.task;
    const t = byTask.get(task) ?? { n: 0, ok: 0, cost: 0, picks: new Map() };
    const j = routeMatrix(mx, p, k, success);
    t.n++;
    t.ok += mx.score[k]![j]!;
    t.cost += mx.actualCost[k]![j]!;
    t.picks.set(names[j]!, (t.picks.get(names[j]!) ?? 0) + 1);
    byTask.set(task, t);
  });
  return [...byTask]
    .map(([task, t]) => {
      const top = [...t.picks].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([m, c]) => `${short(m)} ${((100 * c) / t.n).toFixed(0)} %`);
      return `${task}: ${pct((100 * t.ok) / t.n)} at ${money(t.cost)} (${top.join(', ')})`;
    })
    .join('; ');
}

/** `describeTradeOff` under balanced for the first held-out prompt of each task: what the router would say. */
function examples(data: ZeroEvalData, mx: Matrix, names: string[]): string[] {
  const balanced = priorities('balanced');
  return ['gsm', 'math-l5', 'crux'].map((task) => {
    const k = mx.prompts.findIndex((i) => data.prompts[i]!.task === task);
    const cands = names.map((id, j) => ({ id, success: mx.success[k]![j]!, costUsd: mx.forecastCost[k]![j]! }));
    const chosen = cands[routeMatrix(mx, balanced, k)]!;
    const q = data.prompts[mx.prompts[k]!]!;
    return `- \`${q.id}\` (${q.question.slice(0, 70).replace(/\s+/g, ' ')}…): ${describeTradeOff(mx.difficulty[k]!, chosen, cands, 'balanced')}`;
  });
}

function summaryLine(r: Report): string {
  const b = r.policies.find((p) => p.name === 'balanced')!;
  const reach = r.policies.map((p) => p.reach?.pctOfBestCost).filter((x): x is number => x !== undefined);
  const bestReach = reach.length > 0 ? `${Math.min(...reach).toFixed(0)} % of ${r.bestSingle.label}'s cost` : 'not reached';
  return `${r.title}: balanced ${pct(b.point.quality)} at ${money(b.point.cost)}, ${signed(b.vsFrontier)} points vs the frontier; best single quality reached at ${bestReach}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { task: { type: 'string', default: 'question' }, 'no-write': { type: 'boolean' }, data: { type: 'string' }, weights: { type: 'string' }, kfold: { type: 'boolean' }, out: { type: 'string' }, svg: { type: 'string' } },
  });
  if (values.data && values.kfold) return evaluateOwnTraining(values.data, values.out, values.svg);
  if (values.data) return evaluateOtherData(values.data, values.weights, values.out, values.svg);
  const taskMode: TaskMode = values.task === 'data' || values.task === 'text' ? values.task : 'question';
  const started = performance.now();
  const data = loadZeroEval();
  const catalog = loadCatalogData();
  const models = zeroEvalModels(data, catalog);
  const names = data.models.map((m) => m.name);

  const detected = new Map<string, number>();
  data.prompts.forEach((p, i) => {
    const key = `${p.task}→${taskOf(data, i, taskMode)}`;
    detected.set(key, (detected.get(key) ?? 0) + 1);
  });

  const routerCatalog = new Catalog(models);
  let checked = 0;
  let seamDiffers = 0;
  let routed = 0;
  const run = (split: Split): Matrix => {
    const r = evaluateSplit(data, catalog, routerCatalog, models, split, taskMode);
    checked += r.checked;
    seamDiffers += r.seamDiffers;
    routed += split.test.length;
    console.error(`${split.name}: ${r.checked} route() decisions agree with the matrix pass; balanced differs from the old seam on ${r.seamDiffers} of ${split.test.length}`);
    return r.matrix;
  };
  const folds = kFold(data.prompts.length).map(run);
  const merged = merge(folds);
  const reports = [report('5-fold by prompt (out-of-fold)', merged, names, data)];
  for (const task of process.env.EVAL_KFOLD_ONLY ? [] : ['crux', 'math-l5', 'gsm']) {
    reports.push(report(`${task} held out (trained on the other two tasks)`, run(leaveOneTaskOut(data, task)), names, data));
  }
  // models held out: route among half of the models with a predictor trained on the other half only
  for (const group of process.env.EVAL_KFOLD_ONLY ? [] : [0, 1]) {
    const inGroup = (_: unknown, j: number): boolean => j % 2 === group;
    const routed: ZeroEvalData = { ...data, models: data.models.filter(inGroup) };
    const trainedOn: ZeroEvalData = { ...data, models: data.models.filter((m, j) => !inGroup(m, j)) };
    const groupModels = zeroEvalModels(routed, catalog);
    const groupCatalog = new Catalog(groupModels);
    const parts = kFold(data.prompts.length).map((split) => {
      const r = evaluateSplit(routed, catalog, groupCatalog, groupModels, { ...split, name: `${split.name}, models ${group === 0 ? 'A' : 'B'} unseen` }, taskMode, trainedOn);
      checked += r.checked;
      console.error(`${split.name}, unseen models ${group}: ${r.checked} route() decisions agree with the matrix pass`);
      return r.matrix;
    });
    const title = `models ${group === 0 ? 'A' : 'B'} unseen: routing among ${routed.models.length} models the predictor never saw (trained on the other ${trainedOn.models.length}; 5-fold by prompt)`;
    reports.push(report(title, merge(parts), routed.models.map((m) => m.name), routed, true));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);

  const body = [
    `Command: \`npm run eval\` (task for training and routing: ${{ question: '`detectTask` on the bare question', text: '`detectTask` on the full prompt text', data: "the data's category" }[taskMode]}; ${seconds} s).`,
    `Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism?.() ?? os.cpus().length} cores, Node ${process.version}; run ${new Date().toISOString().slice(0, 16)}Z.`,
    `Router: \`route()\` with each split's predictor as \`ctx.predictor\`. ${checked.toLocaleString('en-US')} decisions (every policy's default and every printed sweep point, on every test prompt of every split) were routed by \`route()\` and agree with the matrix pass the sweeps use. Against the old seam (output forecast = the model's training mean, the billed full-text input, no rating term) \`route()\` picks another model under balanced for ${seamDiffers} of ${routed} test decisions of the 21-model splits (${((100 * seamDiffers) / routed).toFixed(0)} %).`,
    `Data: \`data/quality/zeroeval/data.json\` (${data.source.repo} at \`${data.source.commit.slice(0, 7)}\`). Task detection on these prompts: ${[...detected].map(([k, n]) => `${k} ${n}`).join(', ')}.`,
    '',
    'Summary:',
    '',
    ...reports.map((r) => `- ${summaryLine(r)}`),
    '',
    ...reports.map(markdown),
    `Where balanced sends the prompts (5-fold), with the predictor: ${choicesByTask(data, merged, names, merged.success)}.`,
    '',
    `… and with the task-level rates: ${choicesByTask(data, merged, names, merged.baseline)}.`,
    '',
    'What the router would say (5-fold, balanced, first held-out prompt of each task):',
    '',
    ...examples(data, merged, names),
    '',
  ].join('\n');
  for (const r of reports) console.log(summaryLine(r));
  console.log('');
  console.log(markdown(reports[0]!));
  if (values['no-write']) return;
  const file = 'eval/RESULTS.md';
  let doc = '';
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc = '# Routing evaluation\n\n<!-- eval:begin -->\n<!-- eval:end -->\n';
  }
  const [head, rest = ''] = doc.split('<!-- eval:begin -->');
  const tail = rest.split('<!-- eval:end -->')[1] ?? '\n';
  writeFileSync(file, `${head}<!-- eval:begin -->\n${body}\n<!-- eval:end -->${tail}`);
  writeFileSync('eval/frontier.svg', svg(reports[0]!));
  if (reports[1]) writeFileSync('eval/frontier-crux-held-out.svg', svg(reports[1]));
  console.log(`wrote ${file}, eval/frontier.svg, eval/frontier-crux-held-out.svg`);
}

/**
 * `--data FILE`: route every prompt of another per-prompt data set (`scripts/eval-data.ts` has the format) among its
 * models with given weights — the committed ones by default, trained on ZeroEval — and score it the same way: the
 * check of a router on data it has never seen. Nothing is trained or tuned on FILE.
 */
function evaluateOtherData(file: string, weightsFile = 'shared/routing/predict/weights.json', out?: string, svgFile?: string): void {
  const data = loadEvalData(file);
  const catalogData = loadCatalogData();
  const models = zeroEvalModels(data, catalogData);
  const ids = new Map<string, string>();
  models.forEach((m, j) => {
    const other = ids.get(m.id);
    if (other !== undefined) throw new Error(`${file}: models "${other}" and "${data.models[j]!.name}" are both catalog model ${m.id}; give each model its own catalogId`);
    ids.set(m.id, data.models[j]!.name);
  });
  const weights = JSON.parse(readFileSync(weightsFile, 'utf8')) as PredictorWeights;
  const seen = data.models.filter((_, j) => hasLearnedWeights(weights, models[j]!)).map((m) => m.name);
  const split: Split = { name: file, train: [], test: data.prompts.map((_, i) => i) };
  const r = evaluateSplit(data, catalogData, new Catalog(models), models, split, 'question', data, weights);
  const names = data.models.map((m) => m.name);
  const rep = report(`${file} routed with ${weightsFile} (${weights.source}, trained ${weights.trainedAt})`, r.matrix, names, data, true, true);
  const body = [
    `Command: \`npm run eval -- --data ${file}\`. ${r.checked.toLocaleString('en-US')} decisions routed by \`route()\` agree with the matrix pass.${partlyNote(data)}`,
    `Models with learned weights (from the training data, not from this file): ${seen.length > 0 ? seen.join(', ') : 'none'}; every other model is predicted from its evidence alone.`,
    `Evidence: ${models.map((m, j) => `${data.models[j]!.name} ${evidenceText(m)}`).join('; ')}.`,
    '',
    `- ${summaryLine(rep)}`,
    '',
    markdown(rep),
    `Where balanced sends the prompts: ${choicesByTask(data, r.matrix, names, r.matrix.success)}.`,
    '',
  ].join('\n');
  console.log(body);
  if (out) writeFileSync(out, body);
  if (svgFile) writeFileSync(svgFile, svg(rep));
}

/**
 * `--data FILE --kfold`: what training on FILE itself buys (`switchyard train`'s trainer: the product's models and
 * task detection): a seeded 5-fold by prompt, each fold routed with weights trained on the other four folds only,
 * against the single models, the random router and the oracle on the same prompts.
 */
async function evaluateOwnTraining(file: string, out?: string, svgFile?: string): Promise<void> {
  await loadTokenizers();
  const outcomes = loadOutcomeData(file);
  const data = loadEvalData(file);
  const catalogData = loadCatalogData();
  const models = zeroEvalModels(data, catalogData);
  const catalog = new Catalog(models);
  const bundled = loadBundledCatalog();
  const started = performance.now();
  let checked = 0;
  const scored = new Set(data.fileIndex);
  // prompts some model was not graded on are never scored, so every fold may learn from them
  const partly = outcomes.prompts.flatMap((_, i) => (scored.has(i) ? [] : [i]));
  const parts = kFold(data.prompts.length).map((split) => {
    const train = selectPrompts(outcomes, [...split.train.map((i) => data.fileIndex[i]!), ...partly]);
    const weights = trainOnOutcomes(train, file, bundled, 'eval').weights;
    const r = evaluateSplit(data, catalogData, catalog, models, split, 'question', data, weights);
    checked += r.checked;
    return r.matrix;
  });
  const names = data.models.map((m) => m.name);
  const rep = report(`${file}, 5-fold by prompt, each fold routed with weights trained on the other four by \`switchyard train\`'s trainer`, merge(parts), names, data);
  const body = [
    `Command: \`npm run eval -- --data ${file} --kfold\` (${((performance.now() - started) / 1000).toFixed(0)} s). ${checked.toLocaleString('en-US')} decisions routed by \`route()\` agree with the matrix pass.${partlyNote(data)}`,
    `Evidence: ${models.map((m, j) => `${data.models[j]!.name} ${evidenceText(m)}`).join('; ')}.`,
    '',
    `- ${summaryLine(rep)}`,
    '',
    markdown(rep),
  ].join('\n');
  console.log(body);
  if (out) writeFileSync(out, body);
  if (svgFile) writeFileSync(svgFile, svg(rep));
}

function partlyNote(data: EvalData): string {
  return data.partlyGraded > 0 ? ` ${data.partlyGraded} prompts not graded for every model are not scored (${data.prompts.length} are).` : '';
}

/** A model's evidence as the report states it: overall rating, where it comes from, and whether it reasons. */
function evidenceText(m: Model): string {
  const overall = m.quality.ratings.overall;
  return `${overall === undefined ? 'no overall rating' : `overall ${Math.round(overall)}`} (${m.quality.source}: ${m.quality.basis ?? 'catalog'})${m.reasoning ? ', reasons' : ''}`;
}

if (/(?:^|[/\\])eval\.(?:mjs|ts)$/.test(process.argv[1] ?? '')) await main();
