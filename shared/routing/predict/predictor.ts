/**
 * The success predictor, item-response-theory style: a prompt has a difficulty `d` and a discrimination `a` (both
 * linear in its features), a model has an ability `θ` for the prompt's category (linear in its quality evidence),
 * and the chance of a good answer is `σ(a · (θ − d))`.
 *
 * The ability mapping is the same for every category — math prompts read the model's math rating, code prompts
 * its coding rating, through the same coefficients — so a task no training data covered still transfers. Models
 * the training data saw also carry a learned residual (overall and per category), keyed by model id; any other
 * model is predicted from its evidence alone. Estimated evidence is shrunk toward its tier's typical rating.
 *
 * Pure: no node:*, no I/O. `profile` is one pass over the prompt; `success` is a handful of multiplications.
 */
import type { Model, QualityCategory } from '../../catalog/model.js';
import { type Task } from '../detect-task.js';
import { TASK_QUALITY } from '../task-quality.js';
import { type FeatureSpec, dot, featurize } from './features.js';
import { difficultyPrior } from './priors.js';
import type { PromptProfile, SuccessPredictor } from './types.js';

/** Inputs to the ability, in coefficient order. */
export const ABILITY_INPUTS = ['rating', 'overall', 'flagship', 'small', 'reasoning'] as const;
export type AbilityInput = (typeof ABILITY_INPUTS)[number];

export interface RatingScale {
  mean: number;
  sd: number;
}

export interface PredictorWeights {
  /** What the weights were trained on, for people. */
  source: string;
  /** YYYY-MM-DD. */
  trainedAt: string;
  /** The per-prompt data: file, upstream repository and commit, and the split trained on. */
  data: { file: string; repo: string; commit: string; prompts: number; models: number; split: string };
  /** How the training ran (so that it can be reproduced): iterations, learning rate, regularization. */
  training: Record<string, number | string>;
  featureSpec: FeatureSpec;
  /** Fixed z-score constants per category (from the training models' arena ratings); `overall` always present. */
  ratingScale: Partial<Record<QualityCategory, RatingScale>> & { overall: RatingScale };
  /** The typical overall rating of a model of each tier: the prior estimated evidence is shrunk toward. */
  tierRating: Record<'flagship' | 'mid' | 'small', number>;
  /** 0..1: how far estimated evidence is pulled toward the tier prior (when `estimatedDiscount` is absent). */
  estimatedShrink: number;
  /**
   * Rating points taken off estimated evidence, instead of pulling it toward the tier prior. The catalog's estimates
   * already account for tier and version (`basis` says how); pulling a 2026 estimate halfway toward the typical 2024
   * flagship erased most of it (an estimated newer Opus came out weaker than the arena-rated older one).
   */
  estimatedDiscount?: number;
  /** Ability coefficients, by {@link ABILITY_INPUTS} name. `reasoning` is a fixed prior when no training model reasons. */
  ability: Record<AbilityInput, number>;
  /** Difficulty weights: dense features (by `featureSpec.dense` order), then hash buckets. */
  difficulty: number[];
  /** Log-discrimination weights over the dense features only. */
  discrimination: number[];
  /** Learned per-model ability residuals (models in the training data only), by canonical model id. */
  residuals: Record<string, number>;
  /** Learned per-model, per-category residuals. */
  categoryResiduals: Record<string, Partial<Record<QualityCategory, number>>>;
  /** Learned per-model weights on the dense prompt features (`featureSpec.dense` order): ability that varies with the prompt. */
  modelFeatures: Record<string, number[]>;
  /**
   * Per category (and `*` for categories the training data lacks): how far the prompt-specific part of the
   * difficulty, the discrimination and the per-model feature terms is trusted. At prediction the prompt's learned
   * difficulty `d`, log-discrimination `l` and dense features `x` are pulled toward the category's training means:
   * `d̄ + shrink · (d − d̄)` (likewise `l`, `x`), and the discrimination is multiplied by `discriminationScale`.
   * `shrink` and `discriminationScale` are chosen on inner folds of the training split (see `train.ts`); the means
   * are over the training prompts of the category. Absent: no shrinkage (older weights).
   */
  calibration?: Record<string, CategoryCalibration>;
  /** The difficulty-prior version (`priors.ts`) the weights were trained with; absent: no prior. */
  difficultyPrior?: string;
  /** Fit figures on the training data, for people. */
  metrics?: Record<string, number>;
}

export interface CategoryCalibration {
  /** 0 (task-level: every prompt of the category alike) .. 1 (trust the prompt's features fully). */
  shrink: number;
  discriminationScale: number;
  /** Training means of the category: learned difficulty, log-discrimination, dense features. */
  difficulty: number;
  logDiscrimination: number;
  dense: number[];
  /**
   * The range of each dense feature over the category's training prompts. A prompt outside it on any feature is unlike
   * every prompt the weights learned from (a coding request with no code, when every training coding prompt had
   * some; a prompt longer than any), so its learned part is not extrapolated: it gets the category's task-level
   * difficulty (shrink 0), and the difficulty priors alone tell it apart. Absent: no such check (older weights).
   */
  support?: { low: number[]; high: number[] };
  /** Per seen model (by id): a logit offset fitted on the inner folds, added to `a · (θ − d)`. */
  modelOffsets?: Record<string, number>;
  /** How the shrink was chosen (inner-fold log-loss, or the trainer's caller's routing selector). */
  selectedBy?: string;
  /** Inner-fold log-loss with this calibration and without it (shrink 1, scale 1), for people. */
  innerLogLoss?: number;
  innerLogLossUncalibrated?: number;
  prompts?: number;
}

/** The profile this predictor returns: the public fields plus its internal difficulty and log-discrimination. */
export interface IrtProfile extends PromptProfile {
  /** The dense features (for the per-model feature weights of seen models). */
  dense: Float64Array;
  /** Difficulty on the ability scale (0: an average training model has even odds). `difficulty` is σ(a · this). */
  rawDifficulty: number;
  logDiscrimination: number;
}

/** `IrtProfile.unlikeTraining` when the weights were trained on no prompt of the request's category. */
export const UNTRAINED_CATEGORY = 'category';

/** Slack for the rounding of the stored ranges. */
const SUPPORT_SLACK = 1e-4;

/** The first dense feature of `x` outside `support`, if any. */
function outsideSupport(x: Float64Array, support: CategoryCalibration['support'], names: readonly string[]): string | undefined {
  if (!support) return undefined;
  for (let i = 0; i < names.length; i++) {
    const v = x[i] as number;
    if (v < (support.low[i] ?? 0) - SUPPORT_SLACK || v > (support.high[i] ?? 0) + SUPPORT_SLACK) return names[i];
  }
  return undefined;
}

/** Per group of a model list: see `groupAbilities`. */
interface GroupAbilities {
  plain: Float64Array;
  reasoning: Float64Array;
  learned: Int32Array[];
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const clampLogit = (z: number): number => (z > 30 ? 30 : z < -30 ? -30 : z);

/** The tier of a model; flat catalog entries (no tier) count as mid. */
function tierOf(model: Model): 'flagship' | 'mid' | 'small' {
  return model.tier ?? 'mid';
}

/**
 * The ability inputs of a model for a category: z-scored category rating (the overall rating where the category
 * has none) and overall rating, tier flags, reasoning. Estimated evidence is pulled toward the tier's typical
 * rating by `estimatedShrink`, or discounted by `estimatedDiscount` rating points when the weights have it; a model
 * with no rating at all gets the tier's.
 */
export function abilityInputs(model: Model, category: QualityCategory, w: PredictorWeights): number[] {
  const ratings = model.quality?.ratings ?? {};
  const tier = tierOf(model);
  const prior = w.tierRating[tier];
  const overallScale = w.ratingScale.overall;
  const scale = w.ratingScale[category] ?? overallScale;
  const overall = ratings.overall;
  const rating = ratings[category] ?? overall;
  const estimated = model.quality?.source === 'estimated';
  const discount = estimated && w.estimatedDiscount !== undefined ? w.estimatedDiscount : 0;
  const shrink = overall === undefined ? 1 : estimated && w.estimatedDiscount === undefined ? w.estimatedShrink : 0;
  const zPrior = (prior - overallScale.mean) / overallScale.sd;
  const zRating = rating === undefined ? zPrior : (rating - discount - scale.mean) / scale.sd;
  const zOverall = overall === undefined ? zPrior : (overall - discount - overallScale.mean) / overallScale.sd;
  return [
    (1 - shrink) * zRating + shrink * zPrior,
    (1 - shrink) * zOverall + shrink * zPrior,
    tier === 'flagship' ? 1 : 0,
    tier === 'small' ? 1 : 0,
    model.reasoning ? 1 : 0,
  ];
}

/** Every id a model is known by: its id, its aliases, its endpoints' ids and aliases. */
export function modelKeys(model: Model): string[] {
  const keys = [model.id, ...(model.aliases ?? [])];
  for (const e of model.endpoints ?? []) keys.push(e.id, ...(e.aliases ?? []));
  return keys;
}

/** A predictor from trained weights. */
export function predictorFrom(weights: PredictorWeights): SuccessPredictor & {
  profile(text: string, task: Task, inputTokens: number): IrtProfile;
  ability(model: Model, category: QualityCategory): number;
  successes(profile: PromptProfile, models: readonly Model[], only?: ArrayLike<number>): Float64Array;
  successCeilings(profile: PromptProfile, models: readonly Model[], groups: readonly Int32Array[]): Float64Array;
  weights: PredictorWeights;
} {
  const D = weights.featureSpec.dense.length;
  const coef = ABILITY_INPUTS.map((k) => weights.ability[k]);
  const residualKey = new WeakMap<Model, string | null>();

  function keyOf(model: Model): string | null {
    let key = residualKey.get(model);
    if (key === undefined) {
      key = modelKeys(model).find((k) => k in weights.residuals || k in weights.categoryResiduals || k in weights.modelFeatures) ?? null;
      residualKey.set(model, key);
    }
    return key;
  }

  const abilities = new WeakMap<Model, Partial<Record<QualityCategory, number>>>();

  /** The ability change when the request turns thinking on or off, against the model's own default. */
  function thinkingShift(profile: PromptProfile, model: Pick<Model, 'reasoning'>): number {
    if (profile.thinking === undefined) return 0;
    return weights.ability.reasoning * ((profile.thinking === 'on' ? 1 : 0) - (model.reasoning ? 1 : 0));
  }

  /** The model's ability for a category (without the prompt-dependent part), worked out once per model and category. */
  function ability(model: Model, category: QualityCategory): number {
    let byCategory = abilities.get(model);
    if (!byCategory) abilities.set(model, (byCategory = {}));
    let theta = byCategory[category];
    if (theta === undefined) {
      const e = abilityInputs(model, category, weights);
      theta = 0;
      for (let i = 0; i < e.length; i++) theta += (coef[i] as number) * (e[i] as number);
      const key = keyOf(model);
      if (key !== null) theta += (weights.residuals[key] ?? 0) + (weights.categoryResiduals[key]?.[category] ?? 0);
      byCategory[category] = theta;
    }
    return theta;
  }

  /** Per list of models (a router's candidates): their residual keys, abilities per category and group bounds. */
  interface ModelList {
    keys: (string | null)[];
    theta: Partial<Record<QualityCategory, Float64Array>>;
    groups: WeakMap<readonly Int32Array[], Partial<Record<QualityCategory, GroupAbilities>>>;
  }
  const lists = new WeakMap<readonly Model[], ModelList>();

  function listOf(models: readonly Model[], category: QualityCategory): Omit<ModelList, 'theta'> & { theta: Float64Array } {
    let list = lists.get(models);
    if (!list) lists.set(models, (list = { keys: models.map(keyOf), theta: {}, groups: new WeakMap() }));
    const theta = (list.theta[category] ??= Float64Array.from(models, (m) => ability(m, category)));
    return { keys: list.keys, theta, groups: list.groups };
  }

  /**
   * Per group, what bounds its members' success: the highest ability among its members without learned terms (for
   * those, success rises with ability alone), apart for models that think by default and those that do not (a
   * request's thinking shifts them differently), and the members with learned terms, which are predicted one by one.
   */
  function groupAbilities(list: ReturnType<typeof listOf>, models: readonly Model[], category: QualityCategory, groups: readonly Int32Array[]): GroupAbilities {
    let byCategory = list.groups.get(groups);
    if (!byCategory) list.groups.set(groups, (byCategory = {}));
    let g = byCategory[category];
    if (!g) {
      g = { plain: new Float64Array(groups.length).fill(Number.NEGATIVE_INFINITY), reasoning: new Float64Array(groups.length).fill(Number.NEGATIVE_INFINITY), learned: [] };
      for (let k = 0; k < groups.length; k++) {
        const learned: number[] = [];
        for (const i of groups[k]!) {
          if (list.keys[i] !== null) learned.push(i);
          else if (models[i]!.reasoning) g.reasoning[k] = Math.max(g.reasoning[k]!, list.theta[i]!);
          else g.plain[k] = Math.max(g.plain[k]!, list.theta[i]!);
        }
        g.learned.push(Int32Array.from(learned));
      }
      byCategory[category] = g;
    }
    return g;
  }

  /** The prompt's difficulty, discrimination and calibration: what every model's success reads. */
  function promptTerms(profile: PromptProfile): { p: Partial<IrtProfile>; d: number; a: number; cal: CategoryCalibration | undefined } {
    const p = profile as Partial<IrtProfile>;
    const d = p.rawDifficulty ?? Math.log(profile.difficulty / (1 - profile.difficulty));
    const a = Math.exp(p.logDiscrimination ?? 0);
    return { p, d, a, cal: weights.calibration?.[profile.category] ?? weights.calibration?.['*'] };
  }

  /** σ(a · (θ − d) + offset), with the learned per-model feature weights and offset of a seen model (`key`). */
  function successAt({ p, d, a, cal }: ReturnType<typeof promptTerms>, ability: number, key: string | null): number {
    // most candidates have no learned terms
    if (key === null) return sigmoid(clampLogit(a * (ability - d)));
    let theta = ability;
    const v = p.dense ? weights.modelFeatures?.[key] : undefined;
    if (v && p.dense) for (let i = 0; i < D; i++) theta += (v[i] ?? 0) * (p.dense[i] as number);
    const offset = cal?.modelOffsets?.[key] ?? 0;
    return sigmoid(clampLogit(a * (theta - d) + offset));
  }

  return {
    weights,
    ability,
    profile(text, task, inputTokens) {
      const category = TASK_QUALITY[task];
      const x = featurize(text, category, inputTokens, weights.featureSpec);
      let rawDifficulty = dot(x, weights.difficulty);
      let logDiscrimination = 0;
      for (let i = 0; i < D; i++) logDiscrimination += (weights.discrimination[i] ?? 0) * (x.value[i] as number);
      const dense = x.value.slice(0, D);
      const own = weights.calibration?.[category];
      const cal = own ?? weights.calibration?.['*'];
      // no training prompt of this category at all (the bundled weights: math and code only), or none like this one
      const unlikeTraining = !cal?.support ? undefined : own ? outsideSupport(dense, cal.support, weights.featureSpec.dense) : UNTRAINED_CATEGORY;
      if (cal) {
        const s = unlikeTraining === undefined ? cal.shrink : 0;
        rawDifficulty = cal.difficulty + s * (rawDifficulty - cal.difficulty);
        logDiscrimination = Math.log(cal.discriminationScale) + cal.logDiscrimination + s * (logDiscrimination - cal.logDiscrimination);
        for (let i = 0; i < D; i++) dense[i] = (cal.dense[i] ?? 0) + s * ((dense[i] as number) - (cal.dense[i] ?? 0));
      }
      if (weights.difficultyPrior) rawDifficulty += difficultyPrior(text, category);
      // difficulty for people: the chance that an average training model (ability 0) fails this prompt
      const difficulty = sigmoid(Math.exp(logDiscrimination) * rawDifficulty);
      return { task, category, difficulty, rawDifficulty, logDiscrimination, dense, ...(unlikeTraining !== undefined ? { unlikeTraining } : {}) };
    },
    success(profile, model) {
      return successAt(promptTerms(profile), ability(model, profile.category) + thinkingShift(profile, model), keyOf(model));
    },
    successes(profile, models, only) {
      const terms = promptTerms(profile);
      const { keys, theta } = listOf(models, profile.category);
      const out = new Float64Array(only ? only.length : models.length);
      for (let k = 0; k < out.length; k++) {
        const i = only ? only[k]! : k;
        out[k] = successAt(terms, (theta[i] as number) + thinkingShift(profile, models[i]!), keys[i] as string | null);
      }
      return out;
    },
    successCeilings(profile, models, groups) {
      const terms = promptTerms(profile);
      const list = listOf(models, profile.category);
      const { keys, theta } = list;
      const g = groupAbilities(list, models, profile.category, groups);
      const plainShift = thinkingShift(profile, { reasoning: false });
      const reasoningShift = thinkingShift(profile, { reasoning: true });
      const out = new Float64Array(groups.length);
      for (let k = 0; k < groups.length; k++) {
        let ceiling = 0;
        if (g.plain[k]! > Number.NEGATIVE_INFINITY) ceiling = Math.max(ceiling, successAt(terms, g.plain[k]! + plainShift, null));
        if (g.reasoning[k]! > Number.NEGATIVE_INFINITY) ceiling = Math.max(ceiling, successAt(terms, g.reasoning[k]! + reasoningShift, null));
        for (const i of g.learned[k]!) ceiling = Math.max(ceiling, successAt(terms, theta[i]! + thinkingShift(profile, models[i]!), keys[i] as string | null));
        out[k] = ceiling;
      }
      return out;
    },
  };
}
