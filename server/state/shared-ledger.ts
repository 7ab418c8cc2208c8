import { randomUUID } from 'node:crypto';
import type { Budget, UserConfigFile } from '../../shared/policy/schema.js';
import { currentRequestContext } from '../http/request-context.js';
import type { Ledger, NewCall, PendingCall } from '../ledger/ledger.js';
import type { CallRecord } from '../ledger/records.js';
import type { BudgetScope, SharedState } from './shared-state.js';

/** What the invoker needs of a ledger: reserve before a call, record after it. */
export type CallLedger = Pick<Ledger, 'file' | 'reserve' | 'record'>;

/**
 * The file ledger plus budget scopes: every call is reserved under `total`, its workspace, the token that sent it
 * (`key:<name>`) and its tags (`tag:<t>`) in the shared state, then in the file ledger (write-ahead, as before);
 * its record goes to the file ledger and to the shared state (spend totals and the record stream).
 */
export class ScopedLedger implements CallLedger {
  private readonly open = new Map<string, { id: string; scopes: BudgetScope[] }>();
  private readonly settling = new Set<Promise<void>>();

  constructor(
    readonly ledger: Ledger,
    readonly state: SharedState,
    private readonly config: () => UserConfigFile,
  ) {}

  get file(): string {
    return this.ledger.file;
  }

  /** The scopes a call counts in, from the request context the HTTP edge set (token, tags). */
  scopes(budget: Budget, workspace: string): BudgetScope[] {
    const ctx = currentRequestContext();
    const shared = this.state.kind === 'redis';
    // The total budget is the file ledger's on one machine; on Redis it is enforced across instances too.
    const scopes: BudgetScope[] = [shared && (budget.daily !== undefined || budget.monthly !== undefined) ? { scope: 'total', budget } : { scope: 'total' }];
    if (workspace) scopes.push({ scope: `workspace:${workspace}` });
    if (ctx?.principal) scopes.push({ scope: `key:${ctx.principal.name}`, ...(ctx.principal.budget ? { budget: ctx.principal.budget } : {}) });
    const tagBudgets = this.config().tags ?? {};
    for (const tag of ctx?.tags ?? []) {
      const budget = tagBudgets[tag]?.budget;
      scopes.push({ scope: `tag:${tag}`, ...(budget ? { budget } : {}) });
    }
    return scopes;
  }

  async reserve(amount: number, budget: Budget, now = new Date(), call?: PendingCall): Promise<string> {
    const scopes = this.scopes(budget, call?.workspace ?? '');
    const id = randomUUID();
    await this.state.reserve(id, amount, scopes, now);
    let localId: string;
    try {
      localId = await this.ledger.reserve(amount, budget, now, call);
    } catch (error) {
      await this.state.release(id, scopes).catch(() => undefined);
      throw error;
    }
    // The shared reservation keeps its own id; the file ledger's id names the call everywhere else.
    this.open.set(localId, { id, scopes });
    return localId;
  }

  async record(call: NewCall, reservationId?: string, now = new Date()): Promise<CallRecord> {
    const open = reservationId ? this.open.get(reservationId) : undefined;
    if (reservationId) this.open.delete(reservationId);
    const ctx = currentRequestContext();
    // Who sent it and its tags go in the record, locally and in the shared stream.
    const attributed: NewCall = { ...call, ...(ctx?.principal ? { key: ctx.principal.name } : {}), ...(ctx?.tags.length ? { tags: ctx.tags } : {}) };
    const scopes = open?.scopes ?? this.scopes({}, call.workspace);
    const settle = (record: CallRecord) => {
      const done = this.state.settle(open?.id ?? record.id, scopes, record);
      this.settling.add(done);
      void done.finally(() => this.settling.delete(done));
    };
    try {
      const record = await this.ledger.record(attributed, reservationId, now);
      settle(record);
      return record;
    } catch (error) {
      // The local file failed; the shared state still learns what the call cost (and drops its reservation).
      settle({ v: 1, type: 'call', id: reservationId ?? randomUUID(), time: now.toISOString(), ...attributed });
      throw error;
    }
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.settling]);
    await this.state.flush();
    await this.ledger.flush();
  }
}
