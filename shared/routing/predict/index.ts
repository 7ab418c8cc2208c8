/**
 * The success predictor and the trade-off the router ranks candidates with. `defaultPredictor` is trained on public
 * per-prompt data (`npm run train:router`; provenance in `weights.json`: source, date, data commit, feature spec).
 */
import weights from './weights.json' with { type: 'json' };
import { type PredictorWeights, predictorFrom } from './predictor.js';

export { type IrtProfile, type PredictorWeights, abilityInputs, predictorFrom } from './predictor.js';
export type { PromptProfile, SuccessPredictor } from './types.js';
export * from './utility.js';

/** The predictor from the committed weights. */
export const defaultPredictor = predictorFrom(weights as PredictorWeights);
