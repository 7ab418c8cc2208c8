/** The spend chart's bars. Pure and small: the webview bundle includes it. */
/** The month's spend as chart bars: every day up to today, its share of the scale, and whether it went over the daily budget. */
export function monthBars(byDay: readonly { day: string; cost: number }[], today: string, daily: number | undefined): { day: string; cost: number; height: number; over: boolean }[] {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const costs = new Map(byDay.map((b) => [b.day, b.cost]));
  const days = Array.from({ length: d }, (_, i) => `${y}-${String(m).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`);
  const scale = Math.max(daily ?? 0, ...days.map((day) => costs.get(day) ?? 0)) || 1;
  return days.map((day) => {
    const cost = costs.get(day) ?? 0;
    return { day, cost, height: cost / scale, over: daily !== undefined && cost > daily };
  });
}
