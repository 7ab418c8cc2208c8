import { describe, expect, it } from 'vitest';
import { callOutcomes, describeCalls } from '../../extension/call-outcomes.js';
import { monthBars } from '../../extension/month-bars.js';

const call = (model: string, outcome: string, time = '2026-12-01T10:00:00') =>
  JSON.stringify({ v: 1, type: 'call', id: Math.random().toString(36), time, workspace: '/w', policy: 'balanced', model, provider: 'x', inputTokens: 1, outputTokens: 1, cost: 0.001, outcome, attempts: 1 });

describe('Show Spend', () => {
  it('counts a failed call as failed, not as a call', () => {
    const ledger = [call('a/m', 'ok'), call('a/m', 'error'), call('a/m', 'ok'), call('b/n', 'error'), call('b/n', 'cancelled'), call('a/m', 'ok', '2026-11-30T10:00:00'), '{"v":1,"type":"reserve"}', 'not json'].join('\n');
    const o = callOutcomes(ledger, new Date('2026-12-01T12:00:00'));
    expect(o.get('a/m')).toEqual({ ok: 2, failed: 1 });
    expect(o.get('b/n')).toEqual({ ok: 0, failed: 1 });
    expect(describeCalls(o.get('a/m'), 3)).toBe('2 calls · 1 failed');
    expect(describeCalls(o.get('b/n'), 2)).toBe('1 failed');
    expect(describeCalls(undefined, 1)).toBe('1 call');
  });
});

describe('the month’s spend chart', () => {
  it('has a bar per day up to today, scaled to the daily budget or the biggest day, over-budget days marked', () => {
    const bars = monthBars([{ day: '2026-12-03', cost: 2 }, { day: '2026-12-01', cost: 0.5 }], '2026-12-04', 1);
    expect(bars.map((b) => [b.day, b.height, b.over])).toEqual([
      ['2026-12-01', 0.25, false],
      ['2026-12-02', 0, false],
      ['2026-12-03', 1, true],
      ['2026-12-04', 0, false],
    ]);
    expect(monthBars([], '2026-12-02', undefined).every((b) => b.height === 0)).toBe(true);
  });
});
