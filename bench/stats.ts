/** Small statistics and formatting helpers shared by the benchmarks. */

/** The p-th percentile (0..100) by nearest rank; `values` need not be sorted (a sorted copy is used). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  return { n: sorted.length, p50: at(50), p99: at(99), min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/** Microseconds with one decimal below 100, whole above. */
export function us(x: number): string {
  return `${x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')} µs`;
}

export function ms(x: number): string {
  return `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Nanosecond clock in microseconds. */
export function nowUs(): number {
  return Number(process.hrtime.bigint()) / 1e3;
}
