import type { Model } from '../../catalog/model.js';
import { TASK_QUALITY } from '../task-quality.js';
import type { PromptProfile, SuccessPredictor } from './types.js';

/**
 * Provisional evidence-only predictor (replaced by the trained one): ability from the model's rating in the
 * task's category against a difficulty from the task and the prompt's length.
 */
const TASK_DIFFICULTY = { general: 0.3, coding: 0.5, math: 0.55, creative: 0.35, instructions: 0.4, 'long-context': 0.5, vision: 0.45, 'multi-turn': 0.4 } as const;

export const defaultPredictor: SuccessPredictor = {
  profile(text, task, inputTokens): PromptProfile {
    const lengthBoost = Math.min(0.2, Math.log10(Math.max(inputTokens, 10)) / 20);
    const difficulty = Math.min(1, TASK_DIFFICULTY[task] + lengthBoost + (text.length > 0 ? 0 : 0));
    return { task, category: TASK_QUALITY[task], difficulty };
  },
  success(profile, model: Model): number {
    const r = model.quality.ratings;
    const rating = r[profile.category] ?? r.overall ?? 1200;
    const ability = (rating - 1300) / 60;
    const d = (profile.difficulty - 0.4) * 4;
    return 1 / (1 + Math.exp(-(ability - d + 1.5)));
  },
};
