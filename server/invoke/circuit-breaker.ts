/**
 * Cools a provider down after repeated failures so a dead endpoint does not cost every request a timeout:
 * after `threshold` consecutive failures the provider is skipped for `cooldownMs`, then one request is let
 * through (half-open); a success closes the breaker, a failure opens it again.
 */
export class CircuitBreakers {
  private readonly state = new Map<string, { failures: number; openUntil: number }>();

  constructor(
    private readonly threshold = 3,
    private readonly cooldownMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  isOpen(provider: string): boolean {
    const s = this.state.get(provider);
    return s !== undefined && s.openUntil > this.now();
  }

  /** Milliseconds until the provider is tried again, for messages. */
  remainingMs(provider: string): number {
    const s = this.state.get(provider);
    return s ? Math.max(0, s.openUntil - this.now()) : 0;
  }

  success(provider: string): void {
    this.state.delete(provider);
  }

  failure(provider: string): void {
    const s = this.state.get(provider) ?? { failures: 0, openUntil: 0 };
    s.failures++;
    if (s.failures >= this.threshold) s.openUntil = this.now() + this.cooldownMs;
    this.state.set(provider, s);
  }
}
