import { SPEND_PERIODS, type SpendPeriod } from '../ledger/spend.js';
import { describeSpend, spendReport } from '../mcp/tools/spend.js';
import type { Command } from './command.js';
import { loadRuntime, WORKSPACE_HELP, workspaceOption } from './runtime.js';
import { CliUsageError, JSON_HELP, jsonOption } from './shared-options.js';

export const spendCommand: Command = {
  name: 'spend',
  summary: 'What model calls have cost today and this month, against the budgets.',
  usage: 'switchyard spend [--period today|month|all] [--workspace DIR] [--json]',
  optionHelp: ['--period P            What the breakdown covers (default month)', WORKSPACE_HELP, JSON_HELP],
  options: { ...jsonOption, ...workspaceOption, period: { type: 'string' } },
  async run({ values, stdout }) {
    const period = (values.period ?? 'month') as SpendPeriod;
    if (!SPEND_PERIODS.includes(period)) throw new CliUsageError(`--period: "${String(values.period)}" is not one of ${SPEND_PERIODS.join(', ')}`);
    const runtime = await loadRuntime(values);
    const report = await spendReport(runtime, period);
    stdout(values.json ? JSON.stringify(report, null, 2) : describeSpend(report));
  },
};
