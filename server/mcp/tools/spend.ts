import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { formatUsd, table } from '../../../shared/format.js';
import { SPEND_PERIODS, type SpendSummary } from '../../ledger/spend.js';
import type { Runtime } from '../../runtime.js';
import { guarded, toolResult } from '../tool-result.js';

export const spendInput = z.object({
  period: z.enum(SPEND_PERIODS).optional().describe('What the breakdowns cover: today, month (default) or all.'),
});

const row = { calls: z.number().int(), cost: z.number() };
export const spendOutput = z.object({
  today: z.number(),
  month: z.number(),
  reserved: z.number().describe('USD held by calls in flight.'),
  budgets: z.object({
    daily: z.number().optional(),
    monthly: z.number().optional(),
    remainingToday: z.number().optional(),
    remainingMonth: z.number().optional(),
  }),
  period: z.enum(SPEND_PERIODS),
  byModel: z.array(z.object({ model: z.string(), ...row })),
  byDay: z.array(z.object({ day: z.string(), ...row })),
  byWorkspace: z.array(z.object({ workspace: z.string(), ...row })),
  ledger: z.string().describe('The ledger file.'),
  shared: z
    .object({
      store: z.literal('redis'),
      totals: z.array(z.object({ scope: z.string().describe('total, workspace:<dir>, key:<token name> or tag:<tag>'), today: z.number(), month: z.number() })),
    })
    .optional()
    .describe('With shared state on Redis: what every instance spent, per scope; today, month and the budgets above count these.'),
});
export type SpendOutput = z.infer<typeof spendOutput>;

export async function spendReport(runtime: Runtime, period: SpendSummary['period'] = 'month'): Promise<SpendOutput> {
  const summary = await runtime.ledger.summary(period);
  let shared: SpendOutput['shared'];
  if (runtime.sharedState.kind === 'redis' && runtime.sharedState.connected) {
    const totals = await runtime.sharedState.totals(new Date());
    shared = { store: 'redis', totals };
    const total = totals.find((t) => t.scope === 'total');
    // Every instance's spend, not only this machine's ledger (which still gives the breakdowns by model and day).
    if (total) Object.assign(summary, { today: Math.max(summary.today, total.today), month: Math.max(summary.month, total.month) });
  }
  const budget = runtime.policies().budget;
  const budgets: SpendOutput['budgets'] = {};
  if (budget.daily !== undefined) {
    budgets.daily = budget.daily;
    budgets.remainingToday = Math.max(0, budget.daily - summary.today);
  }
  if (budget.monthly !== undefined) {
    budgets.monthly = budget.monthly;
    budgets.remainingMonth = Math.max(0, budget.monthly - summary.month);
  }
  return { ...summary, budgets, ledger: runtime.ledger.file, ...(shared ? { shared } : {}) };
}

export function describeSpend(r: SpendOutput): string {
  const limit = (spent: number, max?: number) => (max === undefined ? formatUsd(spent) : `${formatUsd(spent)} of ${formatUsd(max)}`);
  const lines = [`Today: ${limit(r.today, r.budgets.daily)} · This month: ${limit(r.month, r.budgets.monthly)}`];
  if (r.reserved > 0) lines.push(`In flight: ${formatUsd(r.reserved)} reserved`);
  if (r.shared) {
    lines.push('', 'Shared by every instance (Redis):', table(['scope', 'today', 'month'], r.shared.totals.map((t) => [t.scope, formatUsd(t.today), formatUsd(t.month)])));
  }
  if (r.byModel.length > 0) lines.push('', table(['model', 'calls', 'cost'], r.byModel.map((m) => [m.model, String(m.calls), formatUsd(m.cost)])));
  else lines.push(`No calls recorded (${r.period === 'all' ? 'ever' : r.period === 'today' ? 'today' : 'this month'}).`);
  return lines.join('\n');
}

export function registerSpendTool(server: McpServer, runtime: Runtime): void {
  server.registerTool(
    'spend',
    {
      title: 'Spend so far',
      description: 'What model calls have cost today and this month, against the budgets, by model, day and workspace (from the spend ledger shared by every Switchyard process).',
      inputSchema: spendInput,
      outputSchema: spendOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      guarded(async () => {
        const report = await spendReport(runtime, args.period ?? 'month');
        return toolResult(report, describeSpend(report));
      }),
  );
}
