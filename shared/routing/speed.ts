import type { Endpoint, Model } from '../catalog/model.js';

/**
 * A speed signal in 0..1 (1 = fastest) when no measured latency exists. The sources carry no public throughput
 * data, so this is a documented heuristic, replaced per model by observed latencies once calls have been made:
 * - providers known for fast inference hardware (Groq, Cerebras, SambaNova) add 0.3;
 * - size markers in the name: nano/lite/mini/haiku/flash/small/instant and ≤ 9B parameters are faster;
 *   opus/pro/large/ultra, ≥ 100B parameters and reasoning models (o1/o3, R1, "thinking") are slower.
 */
const FAST_PROVIDERS = new Set(['groq', 'cerebras', 'sambanova']);
const FAST_NAME = /(nano|lite|mini|haiku|flash|small|tiny|instant|turbo|fast|(?<![\d.])[1-9](\.\d)?b\b)/;
const SLOW_NAME = /(opus|[-_]pro\b|large|ultra|max\b|(?<![\d.])(1\d\d|[2-9]\d\d)b\b|thinking|reason|deep-?research|\bo1\b|\bo3\b|-r1\b|\/r1\b)/;

export function heuristicSpeed(model: Pick<Endpoint, 'provider' | 'name'>): number {
  const name = model.name.toLowerCase();
  let score = 0.5;
  if (FAST_PROVIDERS.has(model.provider)) score += 0.3;
  if (FAST_NAME.test(name)) score += 0.25;
  if (SLOW_NAME.test(name)) score -= 0.3;
  return Math.min(1, Math.max(0, score));
}

/** Observed median latency (ms to a full short answer) mapped onto the same 0..1 scale: 300 ms → 1, 30 s → 0. */
export function observedSpeed(medianMs: number): number {
  const score = 1 - (Math.log10(Math.max(medianMs, 300)) - Math.log10(300)) / 2;
  return Math.min(1, Math.max(0, score));
}

/**
 * Expected latency of a request (ms) at an endpoint: the observed median (by endpoint id, else model id) or the
 * heuristic speed sets the scale; the output to write (hidden reasoning included) multiplies the per-token part.
 * Speed 1 → ~300 ms and ~4 ms per token; speed 0 → ~3 s and ~40 ms per token: the scale times (300 + 4 · tokens), so
 * its log10 is {@link log10LatencyScale} plus {@link log10LatencyWork} (what a bound over many candidates adds).
 */
export function latencyOf(endpoint: Endpoint, model: Model, heuristic: number, outputTokens: number, observed: ReadonlyMap<string, number> | undefined): number {
  const measured = observed && observed.size > 0 ? (observed.get(endpoint.id) ?? observed.get(model.id)) : undefined;
  const speed = measured !== undefined ? observedSpeed(measured) : heuristic;
  const scale = 10 ** log10LatencyScale(speed);
  return 300 * scale + outputTokens * 4 * scale;
}

/** log10 of how much slower than the fastest an endpoint of this speed (0..1) is. */
export function log10LatencyScale(speed: number): number {
  return 1 - speed;
}

/** log10 of the output's part of `latencyOf` (300 + 4 · tokens). */
export function log10LatencyWork(outputTokens: number): number {
  return Math.log10(300 + 4 * outputTokens);
}
