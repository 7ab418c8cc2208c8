/** A finite, non-negative number (JSON numbers only; strings such as "0.1" are not accepted). */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A whole number of tokens greater than zero (LiteLLM sometimes writes 2000000.0, which is still whole). */
export function isTokenCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * USD per token → USD per million tokens, without float noise: 2.5e-06 becomes 2.5, not 2.4999999999999996.
 * Twelve significant digits are far more than any published price has.
 */
export function perMillion(perToken: number): number {
  return Number((perToken * 1_000_000).toPrecision(12));
}

/** Rating to one decimal place. */
export function roundRating(rating: number): number {
  return Math.round(rating * 10) / 10;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (rejects 2025-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
