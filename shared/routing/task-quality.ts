import type { QualityCategory } from '../catalog/model.js';
import type { Task } from './detect-task.js';

/** Which arena category measures quality for each task. */
export const TASK_QUALITY: Record<Task, QualityCategory> = {
  coding: 'coding',
  math: 'math',
  creative: 'creative',
  instructions: 'instructions',
  'long-context': 'longContext',
  vision: 'vision',
  'multi-turn': 'multiTurn',
  general: 'overall',
};
