/**
 * The ceiling of difficulty-based routing, for `npm run eval`: what a router would reach if it knew each prompt's
 * difficulty exactly. An item-response model `σ(a_p · (θ_{m,t} − b_p))` — one difficulty `b_p` and discrimination
 * `a_p` per prompt, one ability per model and task — is fitted to the routed prompts' own graded answers (so it is
 * privileged: no router can have it), and its probabilities are routed like the predictor's. A text-feature
 * predictor of the same form can at best recover these difficulties; how far routing on them lies above the
 * frontier bounds what per-prompt difficulty can buy on this data.
 *
 * Deterministic: zero-free fixed initialization, full-batch gradient steps, a fixed iteration count.
 */

export interface CeilingInput {
  /** [prompt][model]: 1 when the model answered the prompt correctly. */
  score: ArrayLike<number>[];
  /** Per prompt: its task (abilities are per model and task). */
  task: readonly string[];
}

const ITERATIONS = 600;
const LEARNING_RATE = 0.05;
/** Ability steps are larger: each ability sees every prompt of its task, each prompt only the models. */
const ABILITY_RATE = 0.5;
const L2_ITEM = 0.01;
const L2_ABILITY = 0.001;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Fitted success probabilities, [prompt][model]. */
export function privilegedSuccess(input: CeilingInput): Float64Array[] {
  const N = input.score.length;
  const M = input.score[0]?.length ?? 0;
  const tasks = [...new Set(input.task)];
  const taskIndex = input.task.map((t) => tasks.indexOf(t));
  // abilities start spread by model index so the gradient can tell models apart; prompts start equal
  const theta = tasks.map(() => Float64Array.from({ length: M }, (_, m) => 0.01 * (m - M / 2)));
  const a = new Float64Array(N).fill(1);
  const b = new Float64Array(N);
  for (let it = 0; it < ITERATIONS; it++) {
    const gTheta = tasks.map(() => new Float64Array(M));
    const count = new Float64Array(tasks.length);
    for (let p = 0; p < N; p++) {
      const t = taskIndex[p]!;
      const th = theta[t]!;
      const y = input.score[p]!;
      let gA = 0;
      let gB = 0;
      for (let m = 0; m < M; m++) {
        const e = sigmoid(a[p]! * (th[m]! - b[p]!)) - y[m]!;
        gA += e * (th[m]! - b[p]!);
        gB -= e * a[p]!;
        gTheta[t]![m] = gTheta[t]![m]! + e * a[p]!;
      }
      count[t] = count[t]! + 1;
      a[p] = a[p]! - LEARNING_RATE * (gA / M + L2_ITEM * (a[p]! - 1));
      b[p] = b[p]! - LEARNING_RATE * (gB / M + L2_ITEM * b[p]!);
    }
    for (let t = 0; t < tasks.length; t++) {
      for (let m = 0; m < M; m++) theta[t]![m] = theta[t]![m]! - ABILITY_RATE * (gTheta[t]![m]! / count[t]! + L2_ABILITY * theta[t]![m]!);
    }
  }
  return Array.from({ length: N }, (_, p) => Float64Array.from({ length: M }, (_, m) => sigmoid(a[p]! * (theta[taskIndex[p]!]![m]! - b[p]!))));
}
