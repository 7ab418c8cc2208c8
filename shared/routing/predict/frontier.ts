/**
 * The single-model frontier: the upper convex hull of the single models in (linear cost, quality) — what randomly
 * mixing two models achieves — made non-decreasing (spending more never has to lower quality). Below the
 * cheapest model it is the cheapest model's quality (the conservative choice). Used by the eval and by training
 * (which scores calibration choices against the inner folds' frontier).
 */
export interface CostQuality {
  cost: number;
  quality: number;
}

export function frontier<P extends CostQuality>(points: P[]): P[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  const hull: P[] = [];
  for (const p of sorted) {
    if (hull.length > 0 && p.quality <= hull[hull.length - 1]!.quality) continue;
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      // b lies on or below the segment a–p: drop it
      if ((b.quality - a.quality) * (p.cost - a.cost) <= (p.quality - a.quality) * (b.cost - a.cost)) hull.pop();
      else break;
    }
    hull.push(p);
  }
  return hull;
}

/** The frontier's quality at a cost: linear between hull points, flat beyond its ends. */
export function frontierAt(hull: readonly CostQuality[], cost: number): number {
  if (cost <= hull[0]!.cost) return hull[0]!.quality;
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    if (cost <= b.cost) return a.quality + ((b.quality - a.quality) * (cost - a.cost)) / (b.cost - a.cost);
  }
  return hull[hull.length - 1]!.quality;
}
