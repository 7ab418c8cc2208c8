import type { CallRecord, ReserveRecord } from './records.js';
import { compareText } from '../../shared/format.js';

export const SPEND_PERIODS = ['today', 'month', 'all'] as const;
export type SpendPeriod = (typeof SPEND_PERIODS)[number];

export interface SpendSummary {
  /** USD settled today and this calendar month (local time). */
  today: number;
  month: number;
  /** USD reserved by calls still in flight (any process). */
  reserved: number;
  period: SpendPeriod;
  byModel: { model: string; calls: number; cost: number }[];
  byDay: { day: string; calls: number; cost: number }[];
  byWorkspace: { workspace: string; calls: number; cost: number }[];
}

export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Totals for today and this month, and breakdowns over the chosen period, newest day first. */
export function summarize(calls: readonly CallRecord[], open: readonly ReserveRecord[], now: Date, period: SpendPeriod): SpendSummary {
  const today = localDay(now);
  const month = today.slice(0, 7);
  let todayCost = 0;
  let monthCost = 0;
  const models = new Map<string, { calls: number; cost: number }>();
  const days = new Map<string, { calls: number; cost: number }>();
  const workspaces = new Map<string, { calls: number; cost: number }>();
  const add = (map: Map<string, { calls: number; cost: number }>, key: string, cost: number) => {
    const row = map.get(key) ?? { calls: 0, cost: 0 };
    row.calls++;
    row.cost += cost;
    map.set(key, row);
  };
  for (const call of calls) {
    const day = localDay(new Date(call.time));
    if (day === today) todayCost += call.cost;
    if (day.startsWith(month)) monthCost += call.cost;
    const inPeriod = period === 'all' || (period === 'today' ? day === today : day.startsWith(month));
    if (!inPeriod) continue;
    add(models, call.model, call.cost);
    add(days, day, call.cost);
    add(workspaces, call.workspace, call.cost);
  }
  const rows = <K extends string>(map: Map<string, { calls: number; cost: number }>, key: K) =>
    [...map].map(([k, v]) => ({ [key]: k, calls: v.calls, cost: v.cost }) as { [P in K]: string } & { calls: number; cost: number });
  return {
    today: todayCost,
    month: monthCost,
    reserved: open.reduce((sum, r) => sum + r.amount, 0),
    period,
    byModel: rows(models, 'model').sort((a, b) => b.cost - a.cost || compareText(a.model, b.model)),
    byDay: rows(days, 'day').sort((a, b) => compareText(b.day, a.day)),
    byWorkspace: rows(workspaces, 'workspace').sort((a, b) => b.cost - a.cost),
  };
}
