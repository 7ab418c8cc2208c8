/**
 * Per-prompt data for `npm run eval -- --data FILE`: a graded outcome file (`server/predict/outcome-data.ts`, the
 * format `switchyard train --data` reads too) as the eval's `ZeroEvalData`, so the router trained on ZeroEval can be
 * scored on data it has never seen with the same scoring (mean grade; cost = prompt tokens × input price + the
 * model's own output tokens × output price). A router is scored only on prompts every model was graded on; the
 * others (`null` grades) are left out here and said so.
 */
import { fullyGraded, loadOutcomeData } from '../server/predict/outcome-data.js';
import type { ZeroEvalData } from './router-data.js';

export interface EvalData extends ZeroEvalData {
  /** Per prompt here, its index in the file. */
  fileIndex: number[];
  /** Prompts of the file some model has no grade for (not scored). */
  partlyGraded: number;
}

export function loadEvalData(file: string): EvalData {
  const d = loadOutcomeData(file);
  const kept = fullyGraded(d);
  if (kept.length === 0) throw new Error(`${file}: no prompt is graded for every model; a router can only be scored on those`);
  const pick = <T>(xs: readonly T[]): T[] => kept.map((i) => xs[i]!);
  const full = (xs: readonly (number | null)[]): number[] => pick(xs).map((x) => x!);
  return {
    source: d.source,
    models: d.models.map((m) => ({ ...m, accuracy: {}, meanOutputTokens: 0 })),
    // the category is the router's business (it detects the task); the data's own is not used for routing
    prompts: pick(d.prompts).map((p) => ({ id: p.id, task: p.task, category: 'math', question: p.question, text: p.text ?? p.question, inputTokens: p.inputTokens })),
    scores: Object.fromEntries(Object.entries(d.scores).map(([k, v]) => [k, full(v)])),
    outputTokens: Object.fromEntries(Object.entries(d.outputTokens).map(([k, v]) => [k, full(v)])),
    fileIndex: kept,
    partlyGraded: d.prompts.length - kept.length,
  };
}
