/** What the status bar, the sidebar and the quick picks show, computed from plain data (no vscode). */
import type { PolicySet } from '../shared/policy/resolve.js';
import { route } from '../shared/routing/route.js';
import type { Catalog } from '../shared/catalog/catalog.js';
import type { RouteContext } from '../shared/routing/types.js';
import type { SpendResult } from './cli-process.js';
import { formatEstimate, formatMoney } from './money.js';
import type { PolicyView, PreviewRow, SpendView } from './sidebar/protocol.js';

export { formatMoney };

/** `⇄ balanced · $0.42`, or `⇄ balanced` while spend is unknown. */
export function statusBarText(active: string, spend: SpendResult | undefined): string {
  return spend?.ok ? `⇄ ${active} · ${formatMoney(spend.report.today)}` : `⇄ ${active}`;
}

/** The last chat-picker request in the status bar: `→ echo-small $0.00012` (the provider is in the tooltip). */
export function lastRequestText(model: string, cost: number | undefined): string {
  return `→ ${model.split('/').pop() ?? model}${cost !== undefined ? ` ${formatEstimate(cost)}` : ''}`;
}

export function statusBarTooltip(active: string, source: string, spend: SpendResult | undefined, trusted: boolean): string {
  const lines = [`Switchyard: routing with policy "${active}" (${source}). Click to choose another.`];
  if (!spend) lines.push('Spend: loading…');
  else if (!spend.ok) lines.push(`Spend unavailable: ${spend.reason}`);
  else {
    const b = spend.report.budgets;
    lines.push(`Today ${formatMoney(spend.report.today)}${b.daily !== undefined ? ` of ${formatMoney(b.daily)} daily budget` : ''}`);
    lines.push(`This month ${formatMoney(spend.report.month)}${b.monthly !== undefined ? ` of ${formatMoney(b.monthly)} monthly budget` : ''}`);
  }
  if (!trusted) lines.push('Restricted Mode: model calls are off and no API keys reach the server.');
  return lines.join('\n');
}

export function spendView(spend: SpendResult | undefined): SpendView {
  if (!spend) return { status: 'loading' };
  if (!spend.ok) return { status: 'unavailable', reason: spend.reason };
  const view: SpendView = { status: 'ok', today: spend.report.today, month: spend.report.month };
  if (spend.report.budgets.daily !== undefined) view.daily = spend.report.budgets.daily;
  if (spend.report.budgets.monthly !== undefined) view.monthly = spend.report.budgets.monthly;
  return view;
}

export function policyViews(policies: PolicySet): PolicyView[] {
  const views: PolicyView[] = [];
  for (const name of policies.names) {
    const p = policies.get(name);
    if (!p) continue;
    const view: PolicyView = { name, source: p.source, active: name === policies.active, priorities: { ...p.priorities } };
    if (p.description !== undefined) view.description = p.description;
    views.push(view);
  }
  return views;
}

/** What each policy would route `prompt` to: the sidebar's preview. Errors (no candidates…) become rows too. */
export interface Preview {
  rows: PreviewRow[];
  inputTokens?: number;
  outputTokens?: number;
}

export function previewRows(prompt: string, catalog: Catalog, policies: PolicySet, ctx: RouteContext): Preview {
  const rows: PreviewRow[] = [];
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  for (const name of policies.names) {
    const row: PreviewRow = { policy: name, active: name === policies.active, alternatives: [] };
    try {
      const d = route({ input: { prompt }, policy: name }, catalog, policies, ctx);
      row.model = d.model;
      row.cost = d.estimatedCost;
      row.task = d.task;
      row.alternatives = d.alternatives.slice(0, 3).map((a) => ({ model: a.model, cost: a.estimatedCost }));
      inputTokens ??= d.estimate.inputTokens;
      outputTokens ??= d.estimate.outputTokens;
    } catch (error) {
      row.error = (error instanceof Error ? error.message : String(error)).replace(/ Trace: .*$/s, '').slice(0, 300);
    }
    rows.push(row);
  }
  const out: Preview = { rows };
  if (inputTokens !== undefined) out.inputTokens = inputTokens;
  if (outputTokens !== undefined) out.outputTokens = outputTokens;
  return out;
}
