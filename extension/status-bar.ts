/** The status-bar item: `⇄ balanced · $0.42` — the active policy and today's spend; click to switch policy. */
import * as vscode from 'vscode';
import type { SpendTracker } from './spend.js';
import { formatMoney } from './money.js';
import { statusBarText, statusBarTooltip } from './view-model.js';
import type { SwitchyardWorkspace } from './workspace.js';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

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
    this.item.text = statusBarText(policies.active, spend);
    this.item.tooltip = statusBarTooltip(policies.active, policies.activeSource, spend, this.ws.trusted);
    this.item.accessibilityInformation = { label: `Switchyard policy ${policies.active}${spend?.ok ? `, spent today ${formatMoney(spend.report.today)}` : ''}`, role: 'button' };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
