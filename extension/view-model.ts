/** What the status bar, the sidebar and the quick picks show, computed from plain data (no vscode). */
import type { PolicySet } from '../shared/policy/resolve.js';
import { route } from '../shared/routing/route.js';
import { formatChance } from '../shared/format.js';
import type { Catalog } from '../shared/catalog/catalog.js';
import type { RouteContext, RouteDecision } from '../shared/routing/types.js';
import type { SpendResult } from './cli-process.js';
import { formatEstimate, formatMoney, formatPerThousand } from './money.js';
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
  const view: SpendView = {
    status: 'ok',
    today: spend.report.today,
    month: spend.report.month,
    byDay: spend.report.byDay.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.day)).slice(0, 31).map((d) => ({ day: d.day, cost: d.cost })),
    byModel: [...spend.report.byModel].sort((a, b) => b.cost - a.cost).slice(0, 5).map((m) => ({ model: m.model.slice(0, 300), cost: m.cost })),
  };
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
      row.provider = d.provider;
      row.cost = d.estimatedCost;
      row.task = d.task;
      row.alternatives = d.alternatives.slice(0, 3).map((a) => ({ model: a.model, provider: a.provider, cost: a.estimatedCost }));
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

/** Route Selection's compact answer: the model with its provider, the cost, and the reason, one line each. */
export interface DecisionSummary {
  title: string;
  cost: string;
  reason: string;
}

export function decisionSummary(d: RouteDecision): DecisionSummary {
  const [low, high] = d.costRange;
  const range = high > low ? ` (${formatEstimate(low)}–${formatEstimate(high)})` : '';
  const pct = d.success > 0 ? `, ${formatChance(d.success)} predicted success` : '';
  const reason = `The ${d.policy} policy's pick for a ${d.task.replace(/_/g, ' ')} task among ${d.candidates} candidate${d.candidates === 1 ? '' : 's'}${pct}.`;
  return {
    title: `${d.model} via ${d.provider}`,
    cost: `${formatEstimate(d.estimatedCost)} estimated${range}, ${formatPerThousand(d.estimatedCost)} requests${d.callable ? '' : ` · not callable yet: ${d.needs ?? 'no key'}`}`,
    reason,
  };
}

export type FailureAction = 'Set API Key' | 'Select Policy' | 'Open Policy File' | 'Manage Workspace Trust';

/** A failed run as one message and the one action that fixes it, from the gateway's error code and message. */
export function failureAction(code: string | undefined, message: string): { message: string; action?: FailureAction; provider?: string } {
  const first = message.split('\n')[0]?.replace(/ Trace: .*$/s, '').trim() ?? message;
  const provider = /provider "?([a-z0-9_.-]+)"?/i.exec(first)?.[1] ?? /\b([A-Z][A-Z0-9_]*)_API_KEY\b/.exec(first)?.[1]?.toLowerCase();
  if (code === 'no_provider' || /api key|_API_KEY|cannot be called|not configured/i.test(first)) return { message: first, action: 'Set API Key', ...(provider ? { provider } : {}) };
  if (code === 'unknown_policy' || code === 'no_candidates') return { message: first, action: 'Select Policy' };
  if (code === 'budget_exceeded' || code === 'insufficient_quota' || code === 'policy_file') return { message: first, action: 'Open Policy File' };
  if (/restricted mode|trust/i.test(first)) return { message: first, action: 'Manage Workspace Trust' };
  return { message: first };
}

export { monthBars } from './month-bars.js';
