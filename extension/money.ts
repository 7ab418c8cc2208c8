/** Money as people read it. Pure, and small enough for the webview bundle. */

/** Spend, in cents: `$0.42`, `<$0.01`, `$0.00`. */
export function formatMoney(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** An estimate, often a fraction of a cent: two significant digits below $1, never exponent notation. */
export function formatEstimate(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${usd.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 })}`;
}

/**
 * A per-request estimate for comparison: per 1,000 requests, in dollars with cents where it matters, so
 * `$0.000051` and `$0.0012` read as `$0.05/1k` and `$1.20/1k`.
 */
export function formatPerThousand(usd: number): string {
  const k = usd * 1000;
  if (k === 0) return '$0/1k';
  if (k < 0.01) return '<$0.01/1k';
  return `$${k >= 100 ? Math.round(k).toLocaleString('en-US') : k.toFixed(2)}/1k`;
}

/** One request's estimate in full, for tooltips: `$0.000051 per request ($0.05 per 1,000)`. */
export function formatPerRequest(usd: number): string {
  return `${formatEstimate(usd)} per request (${formatPerThousand(usd).replace('/1k', ' per 1,000')})`;
}
