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

/** Calls recorded within this window share one write and one flush (group commit). */
const COMMIT_DELAY_MS = 20;
/** A reservation whose call never settled (its process died) stops counting after this long. */
const RESERVATION_TTL_MS = 30 * 60_000;

export type NewCall = Omit<CallRecord, 'v' | 'type' | 'id' | 'time'>;

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
  private readonly reservations = new Map<string, ReserveRecord>();
  /** Running totals per local day (YYYY-MM-DD), for budget checks without a scan. */
  private readonly costByDay = new Map<string, number>();
  /** Serializes this process's ledger work; the file lock serializes processes. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Calls recorded but not yet written. */
  private pending: { line: string; done: (error?: Error) => void }[] = [];
  private readonly host = os.hostname();

  constructor(dir: string) {
    this.file = path.join(dir, 'ledger.jsonl');
    this.lockFile = path.join(dir, 'ledger.lock');
  }

  /**
   * Set aside `amount` USD for a call if every budget still has room for it, counting what all processes have
   * spent and reserved. Throws `budget_exceeded` naming the budget, the spent and the needed amounts.
   */
  reserve(amount: number, budget: Budget, now = new Date()): Promise<string> {
    return this.exclusive(async () => {
      await this.refresh();
      const s = this.totalsNow(now);
      const check = (name: 'daily' | 'monthly', limit: number | undefined, spent: number) => {
        if (limit === undefined) return;
        if (spent + amount > limit + 1e-12) {
          throw new SwitchyardError(
            'budget_exceeded',
            `${name} budget ${formatUsd(limit)} would be exceeded: ${formatUsd(spent)} spent or reserved ${name === 'daily' ? 'today' : 'this month'}, this call needs up to ${formatUsd(amount)}. No request was sent. Lower maxTokens, raise budget.${name} in your user config, or wait.`,
            { budget: name, limit, spent, needed: amount },
          );
        }
      };
      check('daily', budget.daily, s.today + s.reserved);
      check('monthly', budget.monthly, s.month + s.reserved);
      const record: ReserveRecord = { v: 1, type: 'reserve', id: randomUUID(), time: now.toISOString(), amount, pid: process.pid, host: this.host };
      await this.append(record);
      return record.id;
    });
  }

  /**
   * Record a finished call (settling its reservation, if it had one). It counts at once in this process; the line
   * reaches the file in the next group commit (one write and one flush for every call recorded meanwhile), so a
   * response never waits for the disk. The promise resolves when the line is durable.
   */
  record(call: NewCall, reservationId?: string, now = new Date()): Promise<CallRecord> {
    const record: CallRecord = { v: 1, type: 'call', id: reservationId ?? randomUUID(), time: now.toISOString(), ...call };
    this.ingest(record);
    return new Promise<CallRecord>((resolve, reject) => {
      this.pending.push({ line: JSON.stringify(record), done: (error) => (error ? reject(error) : resolve(record)) });
      if (this.pending.length === 1) setTimeout(() => void this.exclusive(() => this.commit()), COMMIT_DELAY_MS);
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

  summary(period: SpendPeriod = 'month', now = new Date()): Promise<SpendSummary> {
    return this.exclusive(async () => {
      await this.refresh();
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
    for (const r of this.reservations.values()) {
      if (this.settled.has(r.id)) continue;
      if (now.getTime() - Date.parse(r.time) > RESERVATION_TTL_MS) continue;
      if (r.host === this.host && r.pid !== process.pid && !processAlive(r.pid)) continue;
      open.push(r);
    }
    return open;
  }

  private async commit(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.write(batch.map((b) => b.line), true);
      for (const b of batch) b.done();
    } catch (error) {
      for (const b of batch) b.done(error as Error);
    }
  }

  /** A reservation must be in the file before the call starts, for other processes to see: written at once. */
  private async append(record: LedgerRecord): Promise<void> {
    await this.write([JSON.stringify(record)], false);
    this.ingest(record);
  }

  private dirReady = false;

  private async write(lines: string[], durable: boolean): Promise<void> {
    if (!this.dirReady) {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      this.dirReady = true;
    }
    await withFileLock(this.lockFile, async () => {
      const handle = await fs.open(this.file, 'a+', 0o600);
      try {
        const { size } = await handle.stat();
        let prefix = '';
        if (size > 0) {
          const last = Buffer.alloc(1);
          await handle.read(last, 0, 1, size - 1);
          // A writer killed mid-line left a fragment: start on a fresh line so these records stay whole.
          if (last[0] !== 0x0a) prefix = '\n';
        }
        await handle.write(`${prefix}${lines.join('\n')}\n`);
        if (durable) await handle.datasync();
      } finally {
        await handle.close();
      }
    });
  }

  private async refresh(): Promise<void> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.offset) this.reset(); // truncated or replaced: read again from the start
      if (size === this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.partial + buffer.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.parseLine(line);
    } finally {
      await handle.close();
    }
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
    if (record.type === 'reserve') {
      this.reservations.set(record.id, record);
      return;
    }
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
  }
}
