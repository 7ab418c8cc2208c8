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

/** Factor dimensions of the multi-dimensional ceiling: enough for "topic" strengths within a task, few enough to fit. */
export const CEILING_FACTORS = 3;
const L2_FACTOR = 0.01;
const FACTOR_ITERATIONS = 1500;

/**
 * Deterministic pseudo-random start in [−0.1, 0.1) (a fixed LCG): factors started at 0 would stay at 0, since the
 * gradient of `u·v` at `u = v = 0` vanishes; equal starts would keep the K dimensions identical.
 */
function seededFactors(count: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 0.2 * (s / 2 ** 32) - 0.1;
  });
}

/**
 * The multi-dimensional ceiling: the same item-response model plus a rank-K interaction,
 * `σ(a_p · (θ_{m,t} − b_p) + Σ_k u_{p,k} · v_{m,t,k})`, with item factors `u_p` per prompt and factor loadings
 * `v_{m,t}` per model and task. The interaction expresses what one dimension cannot: "model X is strong on this kind
 * of prompt, model Y on that kind", within a task. L2 on both factors; a fixed seeded start and a fixed iteration
 * count keep it deterministic. Privileged like `privilegedSuccess` — and more so: K more parameters per prompt, fitted
 * to 21 outcomes each, also fit the grading noise, so this bound is optimistic (`simulatedOutcomes` measures by how
 * much).
 */
export function privilegedSuccessK(input: CeilingInput, K = CEILING_FACTORS): Float64Array[] {
  const N = input.score.length;
  const M = input.score[0]?.length ?? 0;
  const tasks = [...new Set(input.task)];
  const taskIndex = input.task.map((t) => tasks.indexOf(t));
  const theta = tasks.map(() => Float64Array.from({ length: M }, (_, m) => 0.01 * (m - M / 2)));
  const v = tasks.map((_, t) => seededFactors(M * K, 2 + t));
  const a = new Float64Array(N).fill(1);
  const b = new Float64Array(N);
  const u = seededFactors(N * K, 1);
  const logit = (p: number, m: number): number => {
    const th = theta[taskIndex[p]!]!;
    const vt = v[taskIndex[p]!]!;
    let z = a[p]! * (th[m]! - b[p]!);
    for (let k = 0; k < K; k++) z += u[p * K + k]! * vt[m * K + k]!;
    return z;
  };
  const gU = new Float64Array(K);
  for (let it = 0; it < FACTOR_ITERATIONS; it++) {
    const gTheta = tasks.map(() => new Float64Array(M));
    const gV = tasks.map(() => new Float64Array(M * K));
    const count = new Float64Array(tasks.length);
    for (let p = 0; p < N; p++) {
      const t = taskIndex[p]!;
      const th = theta[t]!;
      const vt = v[t]!;
      const y = input.score[p]!;
      let gA = 0;
      let gB = 0;
      gU.fill(0);
      for (let m = 0; m < M; m++) {
        const e = sigmoid(logit(p, m)) - y[m]!;
        gA += e * (th[m]! - b[p]!);
        gB -= e * a[p]!;
        gTheta[t]![m] = gTheta[t]![m]! + e * a[p]!;
        for (let k = 0; k < K; k++) {
          gU[k] = gU[k]! + e * vt[m * K + k]!;
          gV[t]![m * K + k] = gV[t]![m * K + k]! + e * u[p * K + k]!;
        }
      }
      count[t] = count[t]! + 1;
      a[p] = a[p]! - LEARNING_RATE * (gA / M + L2_ITEM * (a[p]! - 1));
      b[p] = b[p]! - LEARNING_RATE * (gB / M + L2_ITEM * b[p]!);
      for (let k = 0; k < K; k++) u[p * K + k] = u[p * K + k]! - LEARNING_RATE * (gU[k]! / M + L2_FACTOR * u[p * K + k]!);
    }
    for (let t = 0; t < tasks.length; t++) {
      for (let m = 0; m < M; m++) theta[t]![m] = theta[t]![m]! - ABILITY_RATE * (gTheta[t]![m]! / count[t]! + L2_ABILITY * theta[t]![m]!);
      for (let i = 0; i < M * K; i++) v[t]![i] = v[t]![i]! - ABILITY_RATE * (gV[t]![i]! / count[t]! + L2_FACTOR * v[t]![i]!);
    }
  }
  return Array.from({ length: N }, (_, p) => Float64Array.from({ length: M }, (_, m) => sigmoid(logit(p, m))));
}

/**
 * Outcomes drawn from given success probabilities (a fixed LCG, so the same every run): the null data set of the
 * multi-dimensional ceiling. Drawn from the one-dimensional fit, they have no topic-specific model strengths at
 * all, so whatever the rank-K fit gains on them over the 1-D fit is memorized noise — the part of the real gap that
 * is not structure.
 */
export function simulatedOutcomes(success: readonly Float64Array[], seed = 777): Float64Array[] {
  let s = seed >>> 0;
  return success.map((row) =>
    Float64Array.from(row, (q) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32 < q ? 1 : 0;
    }),
  );
}
