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
});
export type SpendOutput = z.infer<typeof spendOutput>;

export async function spendReport(runtime: Runtime, period: SpendSummary['period'] = 'month'): Promise<SpendOutput> {
  const summary = await runtime.ledger.summary(period);
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
  return { ...summary, budgets, ledger: runtime.ledger.file };
}

export function describeSpend(r: SpendOutput): string {
  const limit = (spent: number, max?: number) => (max === undefined ? formatUsd(spent) : `${formatUsd(spent)} of ${formatUsd(max)}`);
  const lines = [`Today: ${limit(r.today, r.budgets.daily)} · This month: ${limit(r.month, r.budgets.monthly)}`];
  if (r.reserved > 0) lines.push(`In flight: ${formatUsd(r.reserved)} reserved`);
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
