import type { Model, QualityCategory } from '../../catalog/model.js';
import type { Task } from '../detect-task.js';

/** What the predictor knows about one request, computed once per request (features, difficulty). */
export interface PromptProfile {
  task: Task;
  /** The quality category that measures this task (`math`, `coding`, `overall`…). */
  category: QualityCategory;
  /** 0 (trivial) .. 1 (very hard), for people and explanations; monotone in the predictor's internal difficulty. */
  difficulty: number;
  /**
   * The request turns thinking on for every model (`on`: each is predicted as one that thinks) or off (`off`: none
   * is); absent: each model as it thinks by default (`model.reasoning`). See `thinking.ts`.
   */
  thinking?: 'on' | 'off';
  /**
   * Set when the prompt is unlike every training prompt of its category: the first prompt feature outside their
   * range, or `category` when no training prompt was of its category. Its difficulty then comes from the task and
   * the wording priors alone, not from the learned weights.
   */
  unlikeTraining?: string;
}

/**
 * The chance that a model answers a request well. `profile` runs once per request; `success` runs once per
 * candidate model and must be cheap (a few multiplications): it sees the model's quality evidence, tier and
 * whether it reasons, so a model no training data has seen still gets a prediction.
 */
export interface SuccessPredictor {
  /** Where its weights come from, for explanations; absent for the bundled predictor. */
  source?: string;
  profile(text: string, task: Task, inputTokens: number): PromptProfile;
  success(profile: PromptProfile, model: Model): number;
  /**
   * `success` for each model of a list, in one pass: the same numbers (a router's candidate list is reused). With
   * `only`, just those indexes are filled (the rest are 0).
   */
  successes?(profile: PromptProfile, models: readonly Model[], only?: ArrayLike<number>): Float64Array;
  /**
   * Per group of a model list (indexes into `models`), a success no member of the group exceeds for this prompt:
   * lets a router skip a whole group without predicting each member. The same groups array is reused per list.
   */
  successCeilings?(profile: PromptProfile, models: readonly Model[], groups: readonly Int32Array[]): Float64Array;
}
