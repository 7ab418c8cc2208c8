/**
 * Training the success predictor: plain logistic regression on the IRT form `σ(a(x) · (θ(model) − d(x)))`, full-batch
 * gradient descent with Adam, zero initialization and a fixed iteration count — no randomness, so the same data
 * always gives the same weights (byte for byte, once rounded).
 *
 * Pure: no node:*. `scripts/train-router.ts` reads the data and writes the weights.
 */
import type { Model, QualityCategory } from '../../catalog/model.js';
import { FEATURE_SPEC, type FeatureSpec, type FeatureVector, featurize } from './features.js';
import { ABILITY_INPUTS, type CategoryCalibration, type PredictorWeights, type RatingScale, abilityInputs, predictorFrom, sigmoid } from './predictor.js';
import { PRIOR_VERSION, difficultyPrior } from './priors.js';

export interface TrainingPrompt {
  text: string;
  category: QualityCategory;
  inputTokens: number;
}

export interface TrainingSet {
  prompts: TrainingPrompt[];
  /** The models, with their quality evidence, tier and reasoning flag; residuals are keyed by `id`. */
  models: Model[];
  /** `outcomes[m][p]`: the grade of model m on prompt p, 1 (answered well) .. 0; NaN: not graded (left out of the fit). */
  outcomes: ArrayLike<number>[];
}

export interface TrainOptions {
  iterations: number;
  learningRate: number;
  /** L2 penalties (per observation, on the mean log-loss). */
  l2Dense: number;
  l2Hash: number;
  l2Discrimination: number;
  l2Ability: number;
  l2Residual: number;
  l2CategoryResidual: number;
  /** Per-model weights on the dense prompt features (how each seen model's ability varies with the prompt). */
  l2ModelFeature: number;
  estimatedShrink: number;
  /** Rating points off estimated evidence (replaces `estimatedShrink`; see `PredictorWeights.estimatedDiscount`); negative: off. */
  estimatedDiscount: number;
  /** The ability coefficient of `reasoning` when no training model reasons (it cannot be learned then). */
  reasoningPrior: number;
  /**
   * Inner folds for the calibration (shrinkage toward the category mean, discrimination scale), cut from the
   * training set only (prompt index mod k); below 2: no calibration.
   */
  calibrationFolds: number;
  /** Apply the fixed difficulty priors of `priors.ts` (as an offset the weights are fitted around). */
  difficultyPrior: boolean;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  iterations: 400,
  learningRate: 0.05,
  l2Dense: 1e-4,
  l2Hash: 3e-2,
  l2Discrimination: 1e-3,
  l2Ability: 1e-4,
  l2Residual: 1e-2,
  l2CategoryResidual: 1e-2,
  l2ModelFeature: 1e-2,
  estimatedShrink: 0.5,
  estimatedDiscount: 25,
  reasoningPrior: 0.5,
  calibrationFolds: 3,
  difficultyPrior: true,
};

export interface TrainMeta {
  source: string;
  trainedAt: string;
  data: PredictorWeights['data'];
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

const TIER_FALLBACK = { flagship: 1280, mid: 1230, small: 1180 } as const;

/** z-score constants per category and typical tier ratings, from the training models' arena evidence. */
function evidenceConstants(models: readonly Model[]): Pick<PredictorWeights, 'ratingScale' | 'tierRating'> {
  const arena = models.filter((m) => m.quality?.source === 'arena');
  const scale: Partial<Record<QualityCategory, RatingScale>> = {};
  const categories = new Set(arena.flatMap((m) => Object.keys(m.quality.ratings) as QualityCategory[]));
  for (const c of [...categories].sort()) {
    const xs = arena.map((m) => m.quality.ratings[c]).filter((x): x is number => x !== undefined);
    if (xs.length < 5) continue;
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    scale[c] = { mean: round(mean, 1), sd: round(Math.max(sd, 10), 1) };
  }
  const tierRating: PredictorWeights['tierRating'] = { ...TIER_FALLBACK };
  for (const tier of ['flagship', 'mid', 'small'] as const) {
    const xs = arena.filter((m) => m.tier === tier).map((m) => m.quality.ratings.overall).filter((x): x is number => x !== undefined);
    if (xs.length > 0) tierRating[tier] = round(xs.reduce((s, x) => s + x, 0) / xs.length, 1);
  }
  const overall = scale.overall ?? { mean: 1250, sd: 50 };
  return { ratingScale: { ...scale, overall }, tierRating };
}

class Adam {
  readonly m: Float64Array;
  readonly v: Float64Array;
  t = 0;
  constructor(
    readonly params: Float64Array,
    readonly lr: number,
  ) {
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
  }
  /** One step; parameters for which `frozen(i)` holds stay as they are. */
  step(grad: Float64Array, frozen: (i: number) => boolean, lr = this.lr): void {
    this.t++;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let i = 0; i < this.params.length; i++) {
      if (frozen(i)) continue;
      const g = grad[i] as number;
      if (g === 0 && this.m[i] === 0) continue;
      const m = (this.m[i] = b1 * (this.m[i] as number) + (1 - b1) * g);
      const v = (this.v[i] = b2 * (this.v[i] as number) + (1 - b2) * g * g);
      this.params[i] = (this.params[i] as number) - (lr * (m / c1)) / (Math.sqrt(v / c2) + 1e-8);
    }
  }
}

/**
 * Train weights on a set. Deterministic: no randomness, fixed iterations. With `calibrationFolds` ≥ 2 the fit is
 * followed by a nested calibration on the training set alone: the set is cut into k inner folds (prompt index mod
 * k), each is predicted by a fit on the others, and per category the shrink of the prompt-specific part toward the
 * category's mean and a discrimination scale are chosen by the inner folds' log-loss (grid search). The shrink is
 * how predictive the prompt's features proved on prompts the fit had not seen: 0 makes the category task-level.
 */
export function train(set: TrainingSet, meta: TrainMeta, options: Partial<TrainOptions> = {}, spec: FeatureSpec = FEATURE_SPEC, select?: CalibrationSelector): PredictorWeights {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const weights = fit(set, meta, o, spec);
  if (o.calibrationFolds >= 2) weights.calibration = calibrate(set, meta, o, spec, weights, select);
  return weights;
}

/** One calibration candidate: a shrink (with its log-loss-best discrimination scale) and its inner-fold predictions. */
export interface CalibrationCandidate {
  shrink: number;
  discriminationScale: number;
  logLoss: number;
  /** Inner-fold predicted success, `[k][m]` for the k-th held-out prompt of the group (`prompts[k]`). */
  success: Float64Array[];
}

/**
 * Chooses among the candidates of one calibration group (a category, or `*`) by what the caller cares about, e.g.
 * routing on the held-out inner-fold prompts; `prompts` are indices into the training set. Returns the index of the
 * chosen candidate. Without a selector the lowest log-loss wins.
 */
export type CalibrationSelector = (group: string, prompts: readonly number[], candidates: readonly CalibrationCandidate[]) => number;

/** A category needs this many training prompts for its own calibration; smaller ones use the pooled one (`*`). */
const MIN_CALIBRATION_PROMPTS = 50;
const SHRINK_GRID = Array.from({ length: 11 }, (_, i) => i / 10);
const SCALE_GRID = Array.from({ length: 11 }, (_, i) => 0.5 + i / 10);

/** The learned (uncalibrated, prior-free) difficulty, log-discrimination and dense features of a prompt. */
function learnedParts(w: PredictorWeights, p: TrainingPrompt): { d: number; l: number; x: Float64Array } {
  const D = w.featureSpec.dense.length;
  const v = featurize(p.text, p.category, p.inputTokens, w.featureSpec);
  let d = 0;
  let l = 0;
  for (let i = 0; i < v.index.length; i++) {
    const j = v.index[i] as number;
    d += (w.difficulty[j] ?? 0) * (v.value[i] as number);
    if (j < D) l += (w.discrimination[j] ?? 0) * (v.value[i] as number);
  }
  return { d, l, x: v.value.slice(0, D) };
}

interface CategoryMean {
  d: number;
  l: number;
  x: Float64Array;
  n: number;
  /** The range of each dense feature over the group's prompts. */
  low: Float64Array;
  high: Float64Array;
}

function categoryMeans(w: PredictorWeights, prompts: readonly TrainingPrompt[]): Map<string, CategoryMean> {
  const D = w.featureSpec.dense.length;
  const sums = new Map<string, CategoryMean>();
  for (const p of prompts) {
    const parts = learnedParts(w, p);
    for (const key of [p.category, '*']) {
      const s = sums.get(key) ?? { d: 0, l: 0, x: new Float64Array(D), n: 0, low: new Float64Array(D).fill(Infinity), high: new Float64Array(D).fill(-Infinity) };
      s.d += parts.d;
      s.l += parts.l;
      for (let i = 0; i < D; i++) {
        const x = parts.x[i] as number;
        s.x[i] = (s.x[i] as number) + x;
        if (x < (s.low[i] as number)) s.low[i] = x;
        if (x > (s.high[i] as number)) s.high[i] = x;
      }
      s.n++;
      sums.set(key, s);
    }
  }
  for (const s of sums.values()) {
    s.d /= s.n;
    s.l /= s.n;
    for (let i = 0; i < D; i++) s.x[i] = (s.x[i] as number) / s.n;
  }
  return sums;
}

/** Inner-fold observations of one calibration group: logit = a·(A + λB − (D0 + λD1) − prior), a = s·exp(L0 + λL1). */
interface Observations {
  A: number[];
  B: number[];
  D0: number[];
  D1: number[];
  L0: number[];
  L1: number[];
  prior: number[];
  y: number[];
  prompts: number;
  /** Training-set index of each held-out prompt (the observations are prompt-major, one per model). */
  index: number[];
}

function calibrate(set: TrainingSet, meta: TrainMeta, o: TrainOptions, spec: FeatureSpec, full: PredictorWeights, select?: CalibrationSelector): Record<string, CategoryCalibration> {
  const K = o.calibrationFolds;
  const groups = new Map<string, Observations>();
  const group = (key: string): Observations => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { A: [], B: [], D0: [], D1: [], L0: [], L1: [], prior: [], y: [], prompts: 0, index: [] }));
    return g;
  };
  const counts = new Map<string, number>();
  for (const p of set.prompts) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  for (let f = 0; f < K; f++) {
    const inner = set.prompts.map((_, i) => i).filter((i) => i % K !== f);
    const held = set.prompts.map((_, i) => i).filter((i) => i % K === f);
    const sub: TrainingSet = { prompts: inner.map((i) => set.prompts[i]!), models: set.models, outcomes: set.outcomes.map((ys) => inner.map((i) => ys[i]!)) };
    const w = fit(sub, meta, o, spec);
    const pred = predictorFrom(w);
    const means = categoryMeans(w, sub.prompts);
    const D = spec.dense.length;
    for (const i of held) {
      const p = set.prompts[i]!;
      const parts = learnedParts(w, p);
      const prior = o.difficultyPrior ? difficultyPrior(p.text, p.category) : 0;
      const keys = (counts.get(p.category) ?? 0) >= MIN_CALIBRATION_PROMPTS ? [p.category, '*'] : ['*'];
      for (const key of keys) {
        const mean = means.get(key === '*' ? '*' : p.category) ?? means.get('*')!;
        const g = group(key);
        g.prompts++;
        g.index.push(i);
        set.models.forEach((model, m) => {
          const v = w.modelFeatures[model.id];
          let vMean = 0;
          let vDev = 0;
          if (v) for (let j = 0; j < D; j++) {
            vMean += (v[j] ?? 0) * (mean.x[j] as number);
            vDev += (v[j] ?? 0) * ((parts.x[j] as number) - (mean.x[j] as number));
          }
          g.A.push(pred.ability(model, p.category) + vMean);
          g.B.push(vDev);
          g.D0.push(mean.d);
          g.D1.push(parts.d - mean.d);
          g.L0.push(mean.l);
          g.L1.push(parts.l - mean.l);
          g.prior.push(prior);
          g.y.push(set.outcomes[m]![i]!);
        });
      }
    }
  }
  const fullMeans = categoryMeans(full, set.prompts);
  const out: Record<string, CategoryCalibration> = {};
  for (const [key, g] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const logit = (k: number, shrink: number, scale: number): number => {
      const a = scale * Math.exp((g.L0[k] as number) + shrink * (g.L1[k] as number));
      const z = a * ((g.A[k] as number) + shrink * (g.B[k] as number) - (g.D0[k] as number) - shrink * (g.D1[k] as number) - (g.prior[k] as number));
      return z > 30 ? 30 : z < -30 ? -30 : z;
    };
    const graded = g.y.reduce((n, y) => (Number.isNaN(y) ? n : n + 1), 0);
    const loss = (shrink: number, scale: number): number => {
      let ll = 0;
      for (let k = 0; k < g.y.length; k++) {
        if (Number.isNaN(g.y[k])) continue;
        const q = sigmoid(logit(k, shrink, scale));
        ll -= g.y[k]! * Math.log(q + 1e-12) + (1 - g.y[k]!) * Math.log(1 - q + 1e-12);
      }
      return ll / graded;
    };
    const M = set.models.length;
    // per model, a logit offset fitted on the inner folds (Newton steps on the held-out log-loss): the learned
    // residuals are L2-shrunk toward the evidence, which under-states the gap between seen models on a category
    const offsetsFor = (shrink: number, scale: number): Float64Array => {
      const z = Float64Array.from(g.y, (_, k) => logit(k, shrink, scale));
      const b = new Float64Array(M);
      for (let step = 0; step < 8; step++) {
        const g1 = new Float64Array(M);
        const g2 = new Float64Array(M);
        for (let k = 0; k < z.length; k++) {
          if (Number.isNaN(g.y[k])) continue;
          const m = k % M;
          const q = sigmoid((z[k] as number) + (b[m] as number));
          g1[m] = (g1[m] as number) + q - (g.y[k] as number);
          g2[m] = (g2[m] as number) + q * (1 - q);
        }
        // a weak pull toward 0 (one pseudo-observation's worth) keeps a model that never fails finite
        for (let m = 0; m < M; m++) b[m] = (b[m] as number) - ((g1[m] as number) + (b[m] as number)) / ((g2[m] as number) + 1);
      }
      return b;
    };
    const lossWith = (shrink: number, scale: number, b: Float64Array): number => {
      let ll = 0;
      for (let k = 0; k < g.y.length; k++) {
        if (Number.isNaN(g.y[k])) continue;
        const q = sigmoid(logit(k, shrink, scale) + (b[k % M] as number));
        ll -= g.y[k]! * Math.log(q + 1e-12) + (1 - g.y[k]!) * Math.log(1 - q + 1e-12);
      }
      return ll / graded;
    };
    // per shrink, the discrimination scale with the lowest inner-fold log-loss, then the per-model offsets
    const candidates = SHRINK_GRID.map((shrink) => {
      let bestScale = 1;
      let bestLl = Infinity;
      for (const scale of SCALE_GRID) {
        const ll = loss(shrink, scale);
        if (ll < bestLl - 1e-12) [bestScale, bestLl] = [scale, ll];
      }
      const offsets = offsetsFor(shrink, bestScale);
      return { shrink, discriminationScale: bestScale, offsets, logLoss: lossWith(shrink, bestScale, offsets) };
    });
    let chosen = candidates.reduce((b, c, i) => (c.logLoss < candidates[b]!.logLoss - 1e-12 ? i : b), 0);
    if (select) {
      const full = candidates.map((c) => ({
        ...c,
        success: g.index.map((_, k) => Float64Array.from({ length: M }, (_, m) => sigmoid(logit(k * M + m, c.shrink, c.discriminationScale) + (c.offsets[m] as number)))),
      }));
      chosen = select(key, g.index, full);
    }
    const best = { shrink: candidates[chosen]!.shrink, scale: candidates[chosen]!.discriminationScale, ll: candidates[chosen]!.logLoss };
    const mean = fullMeans.get(key)!;
    out[key] = {
      shrink: best.shrink,
      discriminationScale: round(best.scale, 2),
      difficulty: round(mean.d, 5),
      logDiscrimination: round(mean.l, 5),
      dense: Array.from(mean.x, (x) => round(x, 5)),
      support: { low: Array.from(mean.low, (x) => round(x, 5)), high: Array.from(mean.high, (x) => round(x, 5)) },
      modelOffsets: Object.fromEntries(set.models.map((m, j) => [m.id, round(candidates[chosen]!.offsets[j] as number, 4)])),
      selectedBy: select ? 'the caller\'s selector (inner-fold routing)' : 'inner-fold log-loss',
      innerLogLoss: round(best.ll, 5),
      innerLogLossUncalibrated: round(loss(1, 1), 5),
      prompts: g.prompts,
    };
  }
  return out;
}

/** One IRT fit (no calibration). */
function fit(set: TrainingSet, meta: TrainMeta, o: TrainOptions, spec: FeatureSpec): PredictorWeights {
  const { prompts, models, outcomes } = set;
  const P = prompts.length;
  const M = models.length;
  const D = spec.dense.length;
  const F = D + spec.hashBuckets;
  const constants = evidenceConstants(models);
  const shell: PredictorWeights = {
    ...meta,
    training: {},
    featureSpec: spec,
    ...constants,
    estimatedShrink: o.estimatedShrink,
    ...(o.estimatedDiscount >= 0 ? { estimatedDiscount: o.estimatedDiscount } : {}),
    ability: { rating: 0, overall: 0, flagship: 0, small: 0, reasoning: 0 },
    difficulty: [],
    discrimination: [],
    residuals: {},
    categoryResiduals: {},
    modelFeatures: {},
  };

  const categories = [...new Set(prompts.map((p) => p.category))].sort();
  const C = categories.length;
  const catOf = Int32Array.from(prompts, (p) => categories.indexOf(p.category));
  const X: FeatureVector[] = prompts.map((p) => featurize(p.text, p.category, p.inputTokens, spec));
  /** The fixed difficulty prior of every prompt: an offset, not learned. */
  const prior = Float64Array.from(prompts, (p) => (o.difficultyPrior ? difficultyPrior(p.text, p.category) : 0));
  const K = ABILITY_INPUTS.length;
  /** E[(m*C + c)*K + k]: ability inputs of model m for category c. */
  const E = new Float64Array(M * C * K);
  for (let m = 0; m < M; m++) {
    for (let c = 0; c < C; c++) {
      abilityInputs(models[m] as Model, categories[c] as QualityCategory, shell).forEach((v, k) => (E[(m * C + c) * K + k] = v));
    }
  }
  const anyReasoning = models.some((m) => m.reasoning);

  // parameters, one flat array: difficulty (F), discrimination (D), ability (K), residuals (M), category residuals
  // (M*C), per-model dense-feature weights (M*D)
  const oD = 0;
  const oA = F;
  const oAb = oA + D;
  const oR = oAb + K;
  const oRC = oR + M;
  const oV = oRC + M * C;
  const params = new Float64Array(oV + M * D);
  /** Dense features of every prompt, P×D. */
  const XD = new Float64Array(P * D);
  X.forEach((x, p) => {
    for (let i = 0; i < D; i++) XD[p * D + i] = x.value[i] as number;
  });
  const reasoningIndex = oAb + ABILITY_INPUTS.indexOf('reasoning');
  if (!anyReasoning) params[reasoningIndex] = o.reasoningPrior;
  // phase 1 (the first half): discrimination fixed at 1, a plain Rasch fit; phase 2: discrimination learned too.
  // Learning it from the start lets it collapse on a task before the abilities have spread out.
  const discriminationFrom = Math.floor(o.iterations / 2);
  let iteration = 0;
  // per-model feature weights skip the bias and category features: those would only duplicate the residuals
  const identity = new Set(['bias', 'category.math', 'category.coding', 'category.other']);
  const vFree = spec.dense.map((name) => !identity.has(name));
  const frozen = (i: number): boolean =>
    (i === reasoningIndex && !anyReasoning) ||
    (i >= oA && i < oA + D && iteration < discriminationFrom) ||
    (i >= oV && !vFree[(i - oV) % D]);
  const grad = new Float64Array(params.length);
  const adam = new Adam(params, o.learningRate);
  const d = new Float64Array(P);
  const la = new Float64Array(P);
  const theta = new Float64Array(M * C);
  const gD = new Float64Array(P);
  const gLA = new Float64Array(P);
  const gTheta = new Float64Array(M * C);
  const gV = new Float64Array(M * D);
  let N = 0;
  for (const ys of outcomes) for (let p = 0; p < P; p++) if (!Number.isNaN(ys[p] as number)) N++;
  let loss = 0;

  for (let iter = 0; iter <= o.iterations; iter++) {
    for (let p = 0; p < P; p++) {
      const x = X[p] as FeatureVector;
      let s = 0;
      let t = 0;
      for (let i = 0; i < x.index.length; i++) {
        const j = x.index[i] as number;
        s += (params[oD + j] as number) * (x.value[i] as number);
        if (j < D) t += (params[oA + j] as number) * (x.value[i] as number);
      }
      d[p] = s + (prior[p] as number);
      la[p] = t;
    }
    for (let m = 0; m < M; m++) {
      for (let c = 0; c < C; c++) {
        let s = (params[oR + m] as number) + (params[oRC + m * C + c] as number);
        for (let k = 0; k < K; k++) s += (params[oAb + k] as number) * (E[(m * C + c) * K + k] as number);
        theta[m * C + c] = s;
      }
    }
    gD.fill(0);
    gLA.fill(0);
    gTheta.fill(0);
    loss = 0;
    gV.fill(0);
    for (let m = 0; m < M; m++) {
      const y = outcomes[m] as ArrayLike<number>;
      for (let p = 0; p < P; p++) {
        const yi = y[p] as number;
        if (Number.isNaN(yi)) continue;
        const a = Math.exp(la[p] as number);
        let vx = 0;
        for (let j = 0; j < D; j++) vx += (params[oV + m * D + j] as number) * (XD[p * D + j] as number);
        const z = a * ((theta[m * C + (catOf[p] as number)] as number) + vx - (d[p] as number));
        const q = sigmoid(z);
        if (iter === o.iterations) loss -= yi * Math.log(q + 1e-12) + (1 - yi) * Math.log(1 - q + 1e-12);
        const g = (q - yi) / N;
        gD[p] = (gD[p] as number) - g * a;
        gLA[p] = (gLA[p] as number) + g * z;
        gTheta[m * C + (catOf[p] as number)] = (gTheta[m * C + (catOf[p] as number)] as number) + g * a;
        for (let j = 0; j < D; j++) gV[m * D + j] = (gV[m * D + j] as number) + g * a * (XD[p * D + j] as number);
      }
    }
    loss /= N;
    if (iter === o.iterations) break;

    grad.fill(0);
    for (let p = 0; p < P; p++) {
      const x = X[p] as FeatureVector;
      for (let i = 0; i < x.index.length; i++) {
        const j = x.index[i] as number;
        grad[oD + j] = (grad[oD + j] as number) + (gD[p] as number) * (x.value[i] as number);
        if (j < D) grad[oA + j] = (grad[oA + j] as number) + (gLA[p] as number) * (x.value[i] as number);
      }
    }
    for (let m = 0; m < M; m++) {
      for (let c = 0; c < C; c++) {
        const g = gTheta[m * C + c] as number;
        grad[oR + m] = (grad[oR + m] as number) + g;
        grad[oRC + m * C + c] = (grad[oRC + m * C + c] as number) + g;
        for (let k = 0; k < K; k++) grad[oAb + k] = (grad[oAb + k] as number) + g * (E[(m * C + c) * K + k] as number);
      }
    }
    for (let j = 0; j < F; j++) grad[oD + j] = (grad[oD + j] as number) + 2 * (j < D ? o.l2Dense : o.l2Hash) * (params[oD + j] as number);
    for (let j = 0; j < D; j++) grad[oA + j] = (grad[oA + j] as number) + 2 * o.l2Discrimination * (params[oA + j] as number);
    for (let k = 0; k < K; k++) grad[oAb + k] = (grad[oAb + k] as number) + 2 * o.l2Ability * (params[oAb + k] as number);
    for (let m = 0; m < M; m++) grad[oR + m] = (grad[oR + m] as number) + 2 * o.l2Residual * (params[oR + m] as number);
    for (let j = 0; j < M * C; j++) {
      grad[oRC + j] = (grad[oRC + j] as number) + 2 * o.l2CategoryResidual * (params[oRC + j] as number);
    }
    for (let j = 0; j < M * D; j++) {
      grad[oV + j] = (gV[j] as number) + 2 * o.l2ModelFeature * (params[oV + j] as number);
    }
    iteration = iter;
    // the learning rate decays linearly to a tenth, so the last steps settle instead of oscillating
    adam.step(grad, frozen, o.learningRate * (1 - (0.9 * iter) / o.iterations));
    // a higher rating never lowers the ability: the rating coefficients stay non-negative
    for (const k of ['rating', 'overall'] as const) {
      const i = oAb + ABILITY_INPUTS.indexOf(k);
      if ((params[i] as number) < 0) params[i] = 0;
    }
  }

  const ability = Object.fromEntries(ABILITY_INPUTS.map((k, i) => [k, round(params[oAb + i] as number, 5)])) as PredictorWeights['ability'];
  const residuals: Record<string, number> = {};
  const categoryResiduals: PredictorWeights['categoryResiduals'] = {};
  const modelFeatures: PredictorWeights['modelFeatures'] = {};
  models.forEach((model, m) => {
    residuals[model.id] = round(params[oR + m] as number, 5);
    categoryResiduals[model.id] = Object.fromEntries(categories.map((c, i) => [c, round(params[oRC + m * C + i] as number, 5)]));
    modelFeatures[model.id] = Array.from(params.subarray(oV + m * D, oV + (m + 1) * D), (x) => round(x, 5));
  });
  return {
    ...shell,
    ...(o.difficultyPrior ? { difficultyPrior: PRIOR_VERSION } : {}),
    training: {
      method: 'IRT logistic regression, full-batch Adam from zeros, no randomness',
      ...o,
      difficultyPrior: o.difficultyPrior ? PRIOR_VERSION : 'none',
      reasoning: anyReasoning ? 'learned' : 'fixed prior (no training model reasons)',
    },
    ability,
    difficulty: Array.from(params.subarray(oD, oD + F), (x) => round(x, 5)),
    discrimination: Array.from(params.subarray(oA, oA + D), (x) => round(x, 5)),
    residuals,
    categoryResiduals,
    modelFeatures,
    metrics: { trainLogLoss: round(loss, 5), observations: N },
  };
}
