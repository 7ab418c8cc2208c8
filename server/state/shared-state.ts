import { SwitchyardError } from '../../shared/errors.js';
import { formatUsd } from '../../shared/format.js';
import type { Budget } from '../../shared/policy/schema.js';
import type { CallRecord } from '../ledger/records.js';
import { localDay } from '../ledger/spend.js';

/**
 * A budget scope: `total` (every call), `workspace:<dir>`, `key:<token name>` or `tag:<tag>`. Each call counts
 * in every scope it belongs to; a scope with a budget refuses a reservation that would overshoot it.
 */
export interface BudgetScope {
  scope: string;
  budget?: Budget;
}

export interface ScopeTotals {
  scope: string;
  /** USD settled today and this month (local time of the instance). */
  today: number;
  month: number;
}

/**
 * State shared by every instance of a deployment: budget reservations and spend totals per scope, breakers,
 * observed latencies and rate-limit headroom. The local implementation keeps them in this process (the file
 * ledger still holds the total budget across processes of one machine); the Redis one shares them.
 */
export interface SharedState {
  readonly kind: 'local' | 'redis';
  /** False while a shared store is away (this instance then runs on its local state). */
  readonly connected: boolean;
  /** Set `amount` aside under every scope, atomically, or throw `budget_exceeded` naming the scope that refused. */
  reserve(id: string, amount: number, scopes: readonly BudgetScope[], now: Date): Promise<void>;
  /** Give a reservation back without spending (the call never went out). */
  release(id: string, scopes: readonly BudgetScope[]): Promise<void>;
  /** Turn a reservation into spend and keep the record; never throws (a shared store that is away buffers it). */
  settle(id: string, scopes: readonly BudgetScope[], record: CallRecord): Promise<void>;
  totals(now: Date): Promise<ScopeTotals[]>;
  /** Resolves when every settlement reached the store (or was buffered). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The error every implementation throws for a refused reservation, naming the scope and its period. */
export function scopeBudgetError(scope: string, period: 'daily' | 'monthly', limit: number, spent: number, needed: number): SwitchyardError {
  const who = scope === 'total' ? '' : ` of ${describeScope(scope)}`;
  const where = scope.startsWith('key:') ? `http.tokens[name=${scope.slice(4)}].budget` : scope.startsWith('tag:') ? `tags.${scope.slice(4)}.budget` : 'budget';
  return new SwitchyardError(
    'budget_exceeded',
    `${period} budget${who} ${formatUsd(limit)} would be exceeded: ${formatUsd(spent)} spent or reserved ${period === 'daily' ? 'today' : 'this month'}, this call needs up to ${formatUsd(needed)}. No request was sent. Lower maxTokens, raise ${where}.${period} in the user config, or wait.`,
    { budget: period, scope, limit, spent, needed },
  );
}

export function describeScope(scope: string): string {
  if (scope.startsWith('key:')) return `key "${scope.slice(4)}"`;
  if (scope.startsWith('tag:')) return `tag "${scope.slice(4)}"`;
  if (scope.startsWith('workspace:')) return `workspace ${scope.slice(10)}`;
  return 'all calls';
}

/** Budget scopes in this process: what a single instance (or one whose shared store is away) can enforce. */
export class LocalState implements SharedState {
  readonly kind = 'local' as const;
  readonly connected = true;
  private readonly spent = new Map<string, number>();
  private readonly held = new Map<string, { amount: number; scopes: string[] }>();
  private readonly scopesSeen = new Set<string>();

  async reserve(id: string, amount: number, scopes: readonly BudgetScope[], now: Date): Promise<void> {
    await this.ready();
    const day = localDay(now);
    for (const { scope, budget } of scopes) {
      if (!budget) continue;
      const reserved = this.reservedIn(scope);
      const check = (period: 'daily' | 'monthly', limit: number | undefined, key: string) => {
        if (limit === undefined) return;
        const spent = (this.spent.get(key) ?? 0) + reserved;
        if (spent + amount > limit + 1e-12) throw scopeBudgetError(scope, period, limit, spent, amount);
      };
      check('daily', budget.daily, `${scope}|${day}`);
      check('monthly', budget.monthly, `${scope}|${day.slice(0, 7)}`);
    }
    this.held.set(id, { amount, scopes: scopes.map((s) => s.scope) });
  }

  async release(id: string): Promise<void> {
    this.held.delete(id);
  }

  async settle(id: string, scopes: readonly BudgetScope[], record: CallRecord): Promise<void> {
    this.held.delete(id);
    // The seed may hold this call already (it is in the ledger before it settles): each record counts once.
    await this.ready();
    this.count(scopes, record);
  }

  private readonly counted = new Set<string>();

  private count(scopes: readonly BudgetScope[], record: CallRecord): void {
    if (this.counted.has(record.id)) return;
    this.counted.add(record.id);
    const day = localDay(new Date(record.time));
    for (const { scope } of scopes) {
      this.scopesSeen.add(scope);
      for (const key of [`${scope}|${day}`, `${scope}|${day.slice(0, 7)}`]) this.spent.set(key, (this.spent.get(key) ?? 0) + record.cost);
    }
  }

  async totals(now: Date): Promise<ScopeTotals[]> {
    await this.ready();
    const day = localDay(now);
    return [...this.scopesSeen].sort().map((scope) => ({ scope, today: this.spent.get(`${scope}|${day}`) ?? 0, month: this.spent.get(`${scope}|${day.slice(0, 7)}`) ?? 0 }));
  }

  private loader: (() => Promise<readonly CallRecord[]>) | undefined;
  private seeded: Promise<void> | undefined;

  /**
   * Counts the calls already in the ledger (loaded at the first reservation, not at start-up), so a restart does
   * not hand every token and tag a fresh budget. Each record counts under its workspace, its key and its tags.
   */
  seedFrom(loader: () => Promise<readonly CallRecord[]>): void {
    this.loader = loader;
  }

  private ready(): Promise<void> {
    const loader = this.loader;
    if (!loader) return Promise.resolve();
    this.seeded ??= loader().then(
      (records) => {
        for (const r of records) {
          const scopes: BudgetScope[] = [{ scope: 'total' }];
          if (r.workspace) scopes.push({ scope: `workspace:${r.workspace}` });
          if (r.key) scopes.push({ scope: `key:${r.key}` });
          for (const tag of r.tags ?? []) scopes.push({ scope: `tag:${tag}` });
          this.count(scopes, r);
        }
      },
      () => undefined,
    );
    return this.seeded;
  }

  async flush(): Promise<void> {}
  async close(): Promise<void> {}

  private reservedIn(scope: string): number {
    let sum = 0;
    for (const h of this.held.values()) if (h.scopes.includes(scope)) sum += h.amount;
    return sum;
  }
}
