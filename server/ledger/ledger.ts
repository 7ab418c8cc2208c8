import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SwitchyardError } from '../../shared/errors.js';
import { formatUsd } from '../../shared/format.js';
import type { Budget } from '../../shared/policy/schema.js';
import { withFileLock, processAlive } from './file-lock.js';
import { isLedgerRecord, type CallRecord, type LedgerRecord, type ReserveRecord } from './records.js';
import { localDay, summarize, type SpendPeriod, type SpendSummary } from './spend.js';

/** A reservation whose call never settled is taken as interrupted after this long (or at once when its process is gone). */
const RESERVATION_TTL_MS = 30 * 60_000;

export type NewCall = Omit<CallRecord, 'v' | 'type' | 'id' | 'time'>;
/** What a write-ahead record says about the call it reserves for, so an interrupted call is still attributed. */
export type PendingCall = Pick<ReserveRecord, 'workspace' | 'policy' | 'model' | 'endpoint' | 'provider' | 'via'>;

interface ReserveRequest {
  amount: number;
  budget: Budget;
  now: Date;
  call: PendingCall | undefined;
  resolve: (id: string) => void;
  reject: (error: Error) => void;
}

/** The refusal of a reservation that one of the budgets has no room for, or undefined. */
function overBudget({ amount, budget }: ReserveRequest, s: { today: number; month: number; reserved: number }): SwitchyardError | undefined {
  for (const [name, limit, spent] of [['daily', budget.daily, s.today + s.reserved], ['monthly', budget.monthly, s.month + s.reserved]] as const) {
    if (limit === undefined || spent + amount <= limit + 1e-12) continue;
    return new SwitchyardError(
      'budget_exceeded',
      `${name} budget ${formatUsd(limit)} would be exceeded: ${formatUsd(spent)} spent or reserved ${name === 'daily' ? 'today' : 'this month'}, this call needs up to ${formatUsd(amount)}. No request was sent. Lower maxTokens, raise budget.${name} in your user config, or wait.`,
      { budget: name, limit, spent, needed: amount },
    );
  }
  return undefined;
}

/**
 * The spend ledger: one append-only JSON-lines file shared by every Switchyard process of this user.
 * Each line is written whole with a single write and flushed to disk; readers skip lines that do not parse,
 * so a process killed mid-write cannot corrupt what others wrote. Reads are incremental (only new bytes).
 */
export class Ledger {
  readonly file: string;
  private readonly lockFile: string;
  private offset = 0;
  private partial = '';
  private readonly calls: CallRecord[] = [];
  private readonly settled = new Set<string>();
  /** Open reservations only: `ingest` drops one when its call is settled. */
  private readonly reservations = new Map<string, ReserveRecord>();
  /** Running totals per local day (YYYY-MM-DD), for budget checks without a scan. */
  private readonly costByDay = new Map<string, number>();
  /** Serializes this process's ledger work; the file lock serializes processes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Reservations asked for but not yet admitted or refused. */
  private reserving: ReserveRequest[] = [];
  /** Calls recorded but not yet written. */
  private pending: { line: string; done: (error?: Error) => void }[] = [];
  private readonly host = os.hostname();
  /** Orphaned reservations this process settled in memory, by id, not yet written to the file. */
  private readonly unwrittenSettlements = new Map<string, string>();

  constructor(dir: string) {
    this.file = path.join(dir, 'ledger.jsonl');
    this.lockFile = path.join(dir, 'ledger.lock');
  }

  /**
   * Set aside `amount` USD for a call if every budget still has room for it, counting what all processes have
   * spent and reserved, and write it down before the call goes upstream (write-ahead: a process killed mid-call
   * leaves this record, which later readers settle as `interrupted`). The check and the write happen under the
   * file lock, so processes sharing the ledger never admit together more than a budget allows. Throws
   * `budget_exceeded` naming the budget, the spent and the needed amounts.
   *
   * Reservations asked for while one is being written are admitted together (a group commit: one lock, one read,
   * one write and one flush), each checked in turn against the totals including those admitted before it.
   */
  reserve(amount: number, budget: Budget, now = new Date(), call?: PendingCall): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.reserving.push({ amount, budget, now, call, resolve, reject });
      if (this.reserving.length === 1) void this.exclusive(() => this.admit());
    });
  }

  private async admit(): Promise<void> {
    const batch = this.reserving.splice(0);
    const admitted: { request: ReserveRequest; record: ReserveRecord }[] = [];
    const refused: { request: ReserveRequest; error: SwitchyardError }[] = [];
    try {
      await this.locked(() => this.withLedgerFile(async (file) => {
        await this.readNew(file);
        for (const request of batch) {
          this.settleOrphans(request.now);
          const error = overBudget(request, this.totalsNow(request.now));
          if (error) {
            refused.push({ request, error });
            continue;
          }
          const record: ReserveRecord = { v: 1, type: 'reserve', id: randomUUID(), time: request.now.toISOString(), amount: request.amount, pid: process.pid, host: this.host, ...request.call };
          this.ingest(record); // counts for the requests after it in this batch
          admitted.push({ request, record });
        }
        const settlements = [...this.unwrittenSettlements.values()];
        this.unwrittenSettlements.clear();
        const lines = [...settlements, ...admitted.map((a) => JSON.stringify(a.record))];
        try {
          if (lines.length > 0) await this.append(file, lines);
        } catch (error) {
          for (const { record } of admitted) this.reservations.delete(record.id);
          throw error;
        }
      }));
    } catch (error) {
      for (const request of batch) request.reject(error as Error);
      return;
    }
    for (const { request, record } of admitted) request.resolve(record.id);
    for (const { request, error } of refused) request.reject(error);
  }

  /**
   * Record a finished call (settling its reservation, if it had one). It counts at once in this process; the line
   * reaches the file in the next group commit (one write and one flush for every call recorded meanwhile, started
   * at once). The promise resolves when the line is durable: answer a client only after that, so a call whose
   * answer was delivered is never missing after a crash.
   *
   * Records are appended without the file lock: a record admits nothing, so it cannot let processes overspend
   * together (another process sees the reservation or the call, and either counts), and an append of whole lines
   * to a file opened for appending lands after everything written before it.
   */
  record(call: NewCall, reservationId?: string, now = new Date()): Promise<CallRecord> {
    const record: CallRecord = { v: 1, type: 'call', id: reservationId ?? randomUUID(), time: now.toISOString(), ...call };
    this.ingest(record);
    return new Promise<CallRecord>((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(record), done: (error) => (error ? reject(error) : resolve(record)) });
      if (this.pending.length === 1) void this.exclusive(() => this.commit());
    });
  }

  /** `record` for callers that do not wait: a failure to write is reported on stderr, never thrown. */
  recordInBackground(call: NewCall, reservationId?: string): void {
    this.record(call, reservationId).catch((error: unknown) => process.stderr.write(`switchyard: could not write the spend ledger ${this.file}: ${String(error)}\n`));
  }

  /** Resolves once every recorded call is on disk. */
  flush(): Promise<void> {
    return this.exclusive(() => this.commit());
  }

  /** Spent today and this month, and reserved in flight: kept as running totals, so this is cheap after every call. */
  totals(now = new Date()): Promise<{ today: number; month: number; reserved: number }> {
    return this.exclusive(async () => {
      await this.refresh();
      this.settleOrphans(now);
      return this.totalsNow(now);
    });
  }

  private totalsNow(now: Date): { today: number; month: number; reserved: number } {
    const today = localDay(now);
    const month = today.slice(0, 7);
    let monthTotal = 0;
    for (const [day, cost] of this.costByDay) if (day.startsWith(month)) monthTotal += cost;
    return { today: this.costByDay.get(today) ?? 0, month: monthTotal, reserved: this.openReservations(now).reduce((sum, r) => sum + r.amount, 0) };
  }

  /** The calls settled this calendar month (local time), every process's: for state that budgets by other scopes. */
  callsThisMonth(now = new Date()): Promise<CallRecord[]> {
    return this.exclusive(async () => {
      await this.refresh();
      const month = localDay(now).slice(0, 7);
      return this.calls.filter((c) => localDay(new Date(c.time)).startsWith(month));
    });
  }

  summary(period: SpendPeriod = 'month', now = new Date()): Promise<SpendSummary> {
    return this.exclusive(async () => {
      await this.refresh();
      this.settleOrphans(now);
      return summarize(this.calls, this.openReservations(now), now, period);
    });
  }

  private exclusive<T>(body: () => Promise<T>): Promise<T> {
    const run = this.queue.then(body, body);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private openReservations(now: Date): ReserveRecord[] {
    const open: ReserveRecord[] = [];
    for (const r of this.reservations.values()) if (!this.orphaned(r, now)) open.push(r);
    return open;
  }

  /** A reservation nobody will settle: older than the TTL, or made by a process of this host that is gone. */
  private orphaned(r: ReserveRecord, now: Date): boolean {
    if (now.getTime() - Date.parse(r.time) > RESERVATION_TTL_MS) return true;
    return r.host === this.host && r.pid !== process.pid && !processAlive(r.pid);
  }

  /**
   * Settles the orphaned reservations as `interrupted` calls costing what was reserved: the upstream may have
   * answered (and billed) before the process died, so the budget keeps counting it. Every reader settles each
   * orphan the same way; the next `reserve` (under the lock) writes the settlement down, unless another process
   * already did.
   */
  private settleOrphans(now: Date): void {
    for (const r of this.reservations.values()) {
      if (!this.orphaned(r, now)) continue;
      const record: CallRecord = {
        v: 1,
        type: 'call',
        id: r.id,
        time: r.time,
        workspace: r.workspace ?? '',
        policy: r.policy ?? '',
        model: r.model ?? 'unknown',
        provider: r.provider ?? 'unknown',
        inputTokens: 0,
        outputTokens: 0,
        cost: r.amount,
        outcome: 'interrupted',
        attempts: 0,
        ...(r.via ? { via: r.via } : {}),
      };
      this.ingest(record);
      this.unwrittenSettlements.set(record.id, JSON.stringify(record));
    }
  }

  private async commit(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.ready();
      await this.withLedgerFile(async (file) => {
        await this.readNew(file);
        await this.append(file, batch.map((b) => b.line));
      });
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error as Error);
    }
  }

  private dirReady = false;

  private async ready(): Promise<void> {
    if (this.dirReady) return;
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.dirReady = true;
  }

  private async locked<T>(body: () => Promise<T>): Promise<T> {
    await this.ready();
    return withFileLock(this.lockFile, body);
  }

  /** Runs `body` with the ledger file open for reading and appending (created if missing), then closes it. */
  private async withLedgerFile<T>(body: (file: fs.FileHandle) => Promise<T>): Promise<T> {
    const file = await fs.open(this.file, 'a+', 0o600);
    try {
      return await body(file);
    } finally {
      await file.close();
    }
  }

  /**
   * Appends whole lines in one write and flushes them to disk. Call right after `readNew` on the same handle: what
   * it read says whether the file ends mid-line. A line still being written by another process (records are
   * appended without the lock) is complete when read again; a fragment that stays is a writer killed mid-write,
   * and then these records start on a fresh line so they stay whole.
   */
  private async append(file: fs.FileHandle, lines: string[]): Promise<void> {
    if (this.partial !== '') await this.readNew(file);
    const prefix = this.partial !== '' ? '\n' : '';
    await file.write(`${prefix}${lines.join('\n')}\n`);
    await file.datasync();
  }

  /** Reads what other processes (and this one) appended since the last read. */
  private async refresh(): Promise<void> {
    let file: fs.FileHandle;
    try {
      file = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await this.readNew(file);
    } finally {
      await file.close();
    }
  }

  /** The new bytes of an open ledger file, parsed; a line not yet ended waits in `partial` for the rest. */
  private async readNew(file: fs.FileHandle): Promise<void> {
    const { size } = await file.stat();
    if (size < this.offset) this.reset(); // truncated or replaced: read again from the start
    if (size === this.offset) return;
    const buffer = Buffer.alloc(size - this.offset);
    await file.read(buffer, 0, buffer.length, this.offset);
    this.offset = size;
    const text = this.partial + buffer.toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.parseLine(line);
  }

  private parseLine(line: string): void {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (isLedgerRecord(value)) this.ingest(value);
    } catch {
      // A torn line from a killed writer: skipped, never guessed at.
    }
  }

  private ingest(record: LedgerRecord): void {
    if (record.type === 'call') this.unwrittenSettlements.delete(record.id);
    if (record.type === 'reserve') {
      // only open reservations are kept: every budget check walks them
      if (!this.settled.has(record.id)) this.reservations.set(record.id, record);
      return;
    }
    this.reservations.delete(record.id);
    if (this.settled.has(record.id)) return;
    this.settled.add(record.id);
    this.calls.push(record);
    const day = localDay(new Date(record.time));
    this.costByDay.set(day, (this.costByDay.get(day) ?? 0) + record.cost);
  }

  private reset(): void {
    this.offset = 0;
    this.partial = '';
    this.calls.length = 0;
    this.settled.clear();
    this.reservations.clear();
    this.costByDay.clear();
    this.unwrittenSettlements.clear();
  }
}
