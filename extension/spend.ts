/**
 * Today's and this month's spend, from `switchyard spend --json`. Refreshed after each call the extension
 * makes, when the ledger folder changes (calls made through the MCP server), when a policy or config file changes
 * (budgets live there), and every few minutes.
 * A failure is a state ("spend unavailable"), never an exception.
 */
import fs from 'node:fs';
import * as vscode from 'vscode';
import { stateDir } from '../server/config/paths.js';
import { fetchSpend, type SpendResult } from './cli-process.js';
import { ALL_KEY_ENV_VARS } from './keys.js';
import type { SwitchyardWorkspace } from './workspace.js';

const POLL_MS = 5 * 60_000;

export class SpendTracker implements vscode.Disposable {
  private result: SpendResult | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly changed = new vscode.EventEmitter<SpendResult>();
  readonly onDidChange = this.changed.event;
  private readonly timer: NodeJS.Timeout;
  private ledgerWatcher: fs.FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: SwitchyardWorkspace,
    private readonly cli: string,
  ) {
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref?.();
    this.watchLedger();
  }

  get current(): SpendResult | undefined {
    return this.result;
  }

  /** Ask for a fresh report; concurrent asks share one run (plus one more if asked while running). */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const result = await fetchSpend(this.ws.workspacePath(), {
          node: process.execPath,
          cli: this.cli,
          // `spend` reads the ledger and the config files only: it gets no keys.
          env: Object.fromEntries(ALL_KEY_ENV_VARS.map((name) => [name, null])),
        }).catch((error: unknown): SpendResult => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }));
        this.result = result;
        this.ws.router().setSpend(result.ok ? result.report : undefined);
        this.changed.fire(result);
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  dispose(): void {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.ledgerWatcher?.close();
    this.changed.dispose();
  }

  private watchLedger(): void {
    try {
      this.ledgerWatcher = fs.watch(stateDir(process.env), { persistent: false }, (_event, name) => {
        // Only the ledger itself: reading it may take a lock file beside it, which must not loop back here.
        if (name !== null && !String(name).startsWith('ledger.jsonl')) return;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => void this.refresh(), 500);
      });
      this.ledgerWatcher.on('error', () => this.ledgerWatcher?.close());
    } catch {
      // No ledger folder yet: the first call creates it; the poll and after-call refreshes cover that.
    }
  }
}
