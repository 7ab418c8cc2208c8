/** The status-bar item: `⇄ balanced · $0.42` — the active policy and today's spend; click to switch policy. */
import * as vscode from 'vscode';
import type { SpendTracker } from './spend.js';
import { formatEstimate, formatMoney } from './money.js';
import { lastRequestText, statusBarText, statusBarTooltip } from './view-model.js';
import type { SwitchyardWorkspace } from './workspace.js';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private last: { model: string; cost: number | undefined; via: string; at: number } | undefined;
  private lastTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: SwitchyardWorkspace,
    private readonly spend: SpendTracker,
  ) {
    this.item = vscode.window.createStatusBarItem('switchyard.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Switchyard';
    this.item.command = 'switchyard.selectPolicy';
    this.disposables.push(
      this.item,
      ws.onDidChange(() => this.update()),
      spend.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('switchyard.statusBar.enabled')) this.update();
      }),
    );
    this.update();
  }

  update(): void {
    const enabled = vscode.workspace.getConfiguration('switchyard').get<boolean>('statusBar.enabled', true);
    if (!enabled) {
      this.item.hide();
      return;
    }
    const policies = this.ws.router().policies();
    const spend = this.spend.current;
    const recent = this.last && Date.now() - this.last.at < 60_000 ? this.last : undefined;
    this.item.text = statusBarText(policies.active, spend) + (recent ? ` · ${lastRequestText(recent.model, recent.cost)}` : '');
    this.item.tooltip =
      statusBarTooltip(policies.active, policies.activeSource, spend, this.ws.trusted) +
      (this.last ? `\nLast chat request (${this.last.via}): ${this.last.model}, ${this.last.cost !== undefined ? formatEstimate(this.last.cost) : 'cost unknown'}` : '');
    this.item.accessibilityInformation = { label: `Switchyard policy ${policies.active}${spend?.ok ? `, spent today ${formatMoney(spend.report.today)}` : ''}`, role: 'button' };
    this.item.show();
  }

  /** A request answered through the chat model picker: shown for a minute, then kept in the tooltip. */
  noteRequest(model: string, cost: number | undefined, via: string): void {
    this.last = { model, cost, via, at: Date.now() };
    clearTimeout(this.lastTimer);
    this.lastTimer = setTimeout(() => this.update(), 60_000);
    this.update();
  }

  dispose(): void {
    clearTimeout(this.lastTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
