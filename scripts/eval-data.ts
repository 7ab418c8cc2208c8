/**
 * Per-prompt data for `npm run eval -- --data FILE`: a graded outcome file (`server/predict/outcome-data.ts`, the
 * format `switchyard train --data` reads too) as the eval's `ZeroEvalData`, so the router trained on ZeroEval can be
 * scored on data it has never seen with the same scoring (mean grade; cost = prompt tokens × input price + the
 * model's own output tokens × output price).
 */
import { loadOutcomeData } from '../server/predict/outcome-data.js';
import type { ZeroEvalData } from './router-data.js';

export function loadEvalData(file: string): ZeroEvalData {
  const d = loadOutcomeData(file);
  return {
    source: d.source,
    models: d.models.map((m) => ({ ...m, accuracy: {}, meanOutputTokens: 0 })),
    // the category is the router's business (it detects the task); the data's own is not used for routing
    prompts: d.prompts.map((p) => ({ id: p.id, task: p.task, category: 'math', question: p.question, text: p.text ?? p.question, inputTokens: p.inputTokens })),
    scores: d.scores,
    outputTokens: d.outputTokens,
  };
}
