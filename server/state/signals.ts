import { CircuitBreakers } from '../invoke/circuit-breaker.js';
import { LatencyStats } from '../invoke/latency-stats.js';
import type { RedisState, SampleKind } from './redis-state.js';

/**
 * Breakers shared by every instance: failures count in Redis and a breaker one instance opens is open for all
 * (read by the shared state's poll); this instance's own view still decides while Redis is away.
 */
export class SharedBreakers extends CircuitBreakers {
  constructor(
    private readonly shared: RedisState | undefined,
    private readonly limits = { threshold: 3, cooldownMs: 30_000 },
    private readonly clock: () => number = Date.now,
  ) {
    super(limits.threshold, limits.cooldownMs, clock);
  }

  override isOpen(provider: string): boolean {
    return super.isOpen(provider) || (this.shared?.remoteBreakers.get(provider) ?? 0) > this.clock();
  }

  override remainingMs(provider: string): number {
    return Math.max(super.remainingMs(provider), (this.shared?.remoteBreakers.get(provider) ?? 0) - this.clock(), 0);
  }

  override success(provider: string): void {
    super.success(provider);
    this.shared?.breakerSuccess(provider);
  }

  override failure(provider: string): void {
    super.failure(provider);
    this.shared?.breakerFailure(provider, this.limits.threshold, this.limits.cooldownMs);
  }

  /** Providers whose breaker is open now, for metrics. */
  openProviders(known: Iterable<string>): string[] {
    const all = new Set([...known, ...(this.shared?.remoteBreakers.keys() ?? [])]);
    return [...all].filter((p) => this.isOpen(p));
  }
}

/**
 * Observations per endpoint id shared by every instance — latencies (ms, the router's speed signal) or throughput
 * (output tokens/s) — as medians of the last 20; this instance's own while Redis is away.
 */
export class SharedSamples extends LatencyStats {
  constructor(
    private readonly shared: RedisState | undefined,
    private readonly kind: SampleKind = 'latency',
  ) {
    super();
  }

  override add(endpoint: string, value: number): void {
    super.add(endpoint, value);
    this.shared?.addSample(this.kind, endpoint, value);
  }

  override medians(): ReadonlyMap<string, number> {
    const own = super.medians();
    const remote = this.shared?.remoteMedians[this.kind];
    if (!this.shared?.connected || !remote || remote.size === 0) return own;
    return new Map([...own, ...remote]);
  }
}

/** Endpoints with no rate-limit headroom until their reset (from `x-ratelimit-*`), shared when Redis is there. */
export class RateLimits {
  private readonly until = new Map<string, number>();
  constructor(
    private readonly shared: RedisState | undefined,
    private readonly clock: () => number = Date.now,
  ) {}

  exhausted(endpoint: string, forMs: number): void {
    this.until.set(endpoint, this.clock() + forMs);
    this.shared?.rateLimited(endpoint, forMs);
  }

  /** The endpoint ids to avoid now; undefined when none (the router then adds no check). */
  current(): ReadonlySet<string> | undefined {
    const now = this.clock();
    const out = new Set<string>();
    for (const [e, t] of this.until) {
      if (t > now) out.add(e);
      else this.until.delete(e);
    }
    for (const [e, t] of this.shared?.remoteLimited ?? []) if (t > now) out.add(e);
    return out.size > 0 ? out : undefined;
  }
}
