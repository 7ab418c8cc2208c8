/** Recent latencies per model (a short window), whose medians refine the router's speed signal. */
export class LatencyStats {
  private readonly samples = new Map<string, number[]>();
  private cache: Map<string, number> | undefined;

  constructor(private readonly window = 20) {}

  add(model: string, ms: number): void {
    const list = this.samples.get(model) ?? [];
    list.push(ms);
    if (list.length > this.window) list.shift();
    this.samples.set(model, list);
    this.cache = undefined;
  }

  medians(): ReadonlyMap<string, number> {
    if (!this.cache) {
      this.cache = new Map();
      for (const [model, list] of this.samples) {
        const sorted = [...list].sort((a, b) => a - b);
        this.cache.set(model, sorted[Math.floor(sorted.length / 2)] ?? 0);
      }
    }
    return this.cache;
  }
}
