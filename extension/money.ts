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
