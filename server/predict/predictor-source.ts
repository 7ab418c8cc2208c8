/**
 * The success predictor the router uses: the bundled one, or the weights the user config's `predictor.weights` or
 * SWITCHYARD_WEIGHTS names (made by `switchyard train`). The file is read again when it changes (checked at most once
 * a second); a broken file keeps the last good weights of that file, or the bundled predictor when there are none,
 * and says so — routing never stops over it.
 */
import path from 'node:path';
import type { UserConfigFile } from '../../shared/policy/schema.js';
import { predictorFrom } from '../../shared/routing/predict/predictor.js';
import type { SuccessPredictor } from '../../shared/routing/predict/types.js';
import { displayPath } from '../config/paths.js';
import { statStamp } from '../config/watched-file.js';
import { readWeightsFile } from './weights-file.js';

const RECHECK_MS = 1000;

/**
 * The weights file in force: SWITCHYARD_WEIGHTS (relative to the working directory), else the user config's
 * `predictor.weights` (relative to the config file's folder); undefined: the bundled predictor.
 */
function configuredWeightsFile(env: NodeJS.ProcessEnv, userConfig: UserConfigFile, userConfigFile: string): string | undefined {
  if (env.SWITCHYARD_WEIGHTS) return path.resolve(env.SWITCHYARD_WEIGHTS);
  const configured = userConfig.predictor?.weights;
  return configured ? path.resolve(path.dirname(userConfigFile), configured) : undefined;
}

export interface PredictorChoice {
  /** Absent: the bundled predictor. */
  predictor?: SuccessPredictor;
  /** Why the named file is not (or no longer) what is used. */
  problem?: string;
}

export class PredictorSource {
  private file: string | undefined;
  private stamp = '';
  private checkedAt = Number.NEGATIVE_INFINITY;
  private good: SuccessPredictor | undefined;
  private problem: string | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The predictor the environment or the user config names (see `configuredWeightsFile`), with its file. */
  configured(env: NodeJS.ProcessEnv, userConfig: UserConfigFile, userConfigFile: string, workspace: string): PredictorChoice & { file?: string } {
    const file = configuredWeightsFile(env, userConfig, userConfigFile);
    return file === undefined ? {} : { file, ...this.current(file, displayPath(file, workspace, env)) };
  }

  /** The predictor for `file` (shown to people as `display`); undefined `file`: the bundled one. */
  current(file: string | undefined, display = file): PredictorChoice {
    if (file === undefined) return {};
    if (file !== this.file) {
      this.file = file;
      this.stamp = '';
      this.good = undefined;
      this.checkedAt = Number.NEGATIVE_INFINITY;
    }
    const now = this.now();
    if (now - this.checkedAt >= RECHECK_MS) {
      this.checkedAt = now;
      const stamp = statStamp(file);
      if (stamp !== this.stamp) {
        this.stamp = stamp;
        this.load(file, display ?? file);
      }
    }
    return { ...(this.good ? { predictor: this.good } : {}), ...(this.problem ? { problem: this.problem } : {}) };
  }

  private load(file: string, display: string): void {
    try {
      const weights = readWeightsFile(file);
      const predictor: SuccessPredictor = predictorFrom(weights);
      predictor.source = `weights ${display} (${weights.source}; trained ${weights.trainedAt})`;
      this.good = predictor;
      this.problem = undefined;
    } catch (error) {
      const why = (error instanceof Error ? error.message : String(error)).replaceAll(file, display);
      this.problem = `predictor weights: ${why}; ${this.good ? 'routing with the last good weights read from it' : 'routing with the bundled predictor'}`;
    }
  }
}
