/**
 * Provisional trade-off (replaced by the trained predictor's branch): expected success against log-cost and
 * log-latency, weighted by the MCP priorities.
 */
export interface UtilityInput {
  success: number;
  costUsd: number;
  latencyMs: number;
}

export interface TradeOffPriorities {
  costPriority: number;
  speedPriority: number;
  intelligencePriority: number;
  /** USD the user pays per percentage point of expected success (linear instead of log-cost). */
  pricePerPoint?: number;
}

/** Points of success a tenfold cost (or latency) must buy at priority 1. */
const POINTS_PER_DECADE = 0.1;
const MIN_COST = 1e-7;

export function utility(x: UtilityInput, p: TradeOffPriorities): number {
  const speed = -POINTS_PER_DECADE * p.speedPriority * Math.log10(Math.max(x.latencyMs, 100) / 1000);
  if (p.pricePerPoint !== undefined && p.pricePerPoint > 0) return 100 * x.success - x.costUsd / p.pricePerPoint + 100 * speed;
  return p.intelligencePriority * x.success - POINTS_PER_DECADE * p.costPriority * Math.log10(Math.max(x.costUsd, MIN_COST)) + speed;
}
