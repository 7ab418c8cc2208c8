import { createClient, ErrorReply } from 'redis';
import type { CallRecord } from '../ledger/records.js';
import { localDay } from '../ledger/spend.js';
import { LocalState, scopeBudgetError, type BudgetScope, type ScopeTotals, type SharedState } from './shared-state.js';

/**
 * Reserve under every scope at once, or refuse naming the first scope that would overshoot.
 * KEYS: the amounts hash, then per scope its reservations (sorted set id → expiry ms), day total, month total.
 * ARGV: now, expiry, id, amount, then per scope its name, daily limit, monthly limit ('' = none).
 * Reservations past their expiry (an instance that died: nobody renews them) are dropped first.
 */
const RESERVE = `
local now = tonumber(ARGV[1]); local amount = tonumber(ARGV[4])
local n = (#KEYS - 1) / 3
for i = 1, n do
  local z = KEYS[3 * i - 1]
  local stale = redis.call('ZRANGEBYSCORE', z, '-inf', now)
  if #stale > 0 then
    redis.call('ZREMRANGEBYSCORE', z, '-inf', now)
    redis.call('HDEL', KEYS[1], unpack(stale))
  end
  local dl = ARGV[4 + 3 * i - 1]; local ml = ARGV[4 + 3 * i]
  if dl ~= '' or ml ~= '' then
    local reserved = 0
    local open = redis.call('ZRANGEBYSCORE', z, '(' .. now, '+inf')
    if #open > 0 then
      for _, v in ipairs(redis.call('HMGET', KEYS[1], unpack(open))) do reserved = reserved + (tonumber(v) or 0) end
    end
    if dl ~= '' then
      local spent = tonumber(redis.call('GET', KEYS[3 * i]) or '0') + reserved
      if spent + amount > tonumber(dl) + 1e-12 then return {'daily', ARGV[4 + 3 * i - 2], tostring(spent), dl} end
    end
    if ml ~= '' then
      local spent = tonumber(redis.call('GET', KEYS[3 * i + 1]) or '0') + reserved
      if spent + amount > tonumber(ml) + 1e-12 then return {'monthly', ARGV[4 + 3 * i - 2], tostring(spent), ml} end
    end
  end
end
for i = 1, n do redis.call('ZADD', KEYS[3 * i - 1], ARGV[2], ARGV[3]) end
redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
return 'OK'
`;

/**
 * Settle once (a replayed settlement is a no-op): drop the reservation, add the cost to each scope's day and
 * month totals, remember the scope, and append the record to the bounded stream.
 * KEYS: amounts hash, settled marker, stream, scope index, then per scope its reservations, day and month totals.
 * ARGV: id, cost, record JSON, stream max length, then per scope its name.
 */
const SETTLE = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', 8 * 86400) then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local n = (#KEYS - 4) / 3
for i = 1, n do
  redis.call('ZREM', KEYS[3 * i + 2], ARGV[1])
  redis.call('INCRBYFLOAT', KEYS[3 * i + 3], ARGV[2])
  redis.call('EXPIRE', KEYS[3 * i + 3], 40 * 86400)
  redis.call('INCRBYFLOAT', KEYS[3 * i + 4], ARGV[2])
  redis.call('EXPIRE', KEYS[3 * i + 4], 400 * 86400)
  redis.call('SADD', KEYS[4], ARGV[4 + i])
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'record', ARGV[3])
return 1
`;

/** Count a failure; open the breaker (for everyone) at the threshold. KEYS: failures hash, open hash. ARGV: provider, threshold, now, cooldown. */
const BREAKER_FAILURE = `
local f = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
if f >= tonumber(ARGV[2]) then
  local until_ = tonumber(ARGV[3]) + tonumber(ARGV[4])
  redis.call('HSET', KEYS[2], ARGV[1], until_)
  return until_
end
return 0
`;

export interface RedisStateOptions {
  url: string;
  /** Key prefix (default `switchyard:`): several deployments can share one Redis. */
  prefix?: string;
  /** A reservation not renewed for this long is released (its instance died). Default 30 s. */
  leaseMs?: number;
  /** How often shared breakers, latencies and rate limits are read. Default 500 ms. */
  pollMs?: number;
  /** Records kept in the stream (approximately). Default 100 000. */
  streamMaxLen?: number;
  /** A command with no answer for this long counts as Redis away (default 2 s). */
  commandTimeoutMs?: number;
  warn?: (message: string) => void;
}

type Client = ReturnType<typeof createClient>;

export const SAMPLE_KINDS = ['latency', 'throughput'] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

interface Held {
  scopes: string[];
  /** Held in Redis (renewed there), or only locally (made while Redis was away). */
  remote: boolean;
}

/**
 * Shared state on Redis. While Redis is away every operation falls back to this process's state (one warning),
 * settlements are buffered and replayed when it returns (idempotently), and the file ledger keeps every record.
 */
export class RedisState implements SharedState {
  readonly kind = 'redis' as const;
  readonly local = new LocalState();
  private readonly client: Client;
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly streamMaxLen: number;
  private readonly warn: (message: string) => void;
  private up = false;
  private probing = false;
  private readonly commandTimeoutMs: number;
  private warned = false;
  private closed = false;
  private readonly held = new Map<string, Held>();
  private readonly buffer: Array<{ id: string; scopes: string[]; record: CallRecord }> = [];
  private replaying: Promise<void> | undefined;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** Read from Redis by the poll: breakers open until (ms), medians of samples per endpoint, endpoints rate-limited until (ms). */
  readonly remoteBreakers = new Map<string, number>();
  readonly remoteMedians: Record<SampleKind, Map<string, number>> = { latency: new Map(), throughput: new Map() };
  readonly remoteLimited = new Map<string, number>();
  private pollListeners = new Set<() => void>();

  constructor(private readonly options: RedisStateOptions) {
    this.prefix = options.prefix ?? 'switchyard:';
    this.leaseMs = options.leaseMs ?? 30_000;
    this.streamMaxLen = options.streamMaxLen ?? 100_000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    this.warn = options.warn ?? ((m) => process.stderr.write(`switchyard: ${m}\n`));
    this.client = createClient({
      url: options.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
    });
    this.client.on('error', (error: Error) => this.down(error));
    this.client.on('end', () => this.down(new Error('connection closed')));
    this.client.on('ready', () => this.ready());
  }

  /** Connects (waiting up to `waitMs`); an unreachable Redis is not an error: the instance starts on local state. */
  async start(waitMs = 2000): Promise<void> {
    const connected = this.client.connect().then(
      () => undefined,
      (error: unknown) => this.down(error as Error),
    );
    // Refused at once (nothing listens) is known at once; a silent network waits up to waitMs.
    const refused = new Promise<void>((resolve) => this.client.once('error', () => resolve()));
    await Promise.race([connected, refused, new Promise((r) => setTimeout(r, waitMs).unref())]);
    const renew = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.leaseMs / 3)));
    const poll = setInterval(() => void this.poll(), this.options.pollMs ?? 500);
    renew.unref();
    poll.unref();
    this.timers.push(renew, poll);
    if (!this.up) this.down(new Error(`not reachable at ${redactUrl(this.options.url)}`));
  }

  get connected(): boolean {
    return this.up;
  }

  /** Called after each poll (tests and the runtime's caches). */
  onPoll(listener: () => void): () => void {
    this.pollListeners.add(listener);
    return () => this.pollListeners.delete(listener);
  }

  private k(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private scopeKeys(scope: string, now: Date): [string, string, string] {
    const day = localDay(now);
    return [this.k('resv', scope), this.k('spent', scope, 'd', day), this.k('spent', scope, 'm', day.slice(0, 7))];
  }

  private down(error: Error): void {
    if (this.closed) return;
    this.up = false;
    if (!this.warned) {
      this.warned = true;
      this.warn(`shared state on Redis is unavailable (${error.message}); using this instance's local state until it returns (records are kept and replayed)`);
    }
  }

  private ready(): void {
    this.up = true;
    if (this.warned) {
      this.warned = false;
      this.warn('shared state on Redis is back; replaying buffered records');
    }
    void this.replay();
  }

  /**
   * Runs `body` on Redis; on a connection failure, or no answer within `commandTimeoutMs` (a Redis that hangs),
   * marks Redis down and returns undefined (callers fall back). The poll probes a hung Redis until it answers.
   */
  private async attempt<T>(body: (c: Client) => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.up) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
    });
    try {
      return { value: await Promise.race([body(this.client), timeout]) };
    } catch (error) {
      if (isScriptOrReplyError(error)) throw error;
      this.down(error as Error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A connected client that stopped answering is back once it answers a PING. */
  private async probe(): Promise<void> {
    if (this.up || this.closed || !this.client.isReady || this.probing) return;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.client.ping(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer')), this.commandTimeoutMs)))]);
      this.ready();
    } catch {
      // still away
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
  }

  async reserve(id: string, amount: number, scopes: readonly BudgetScope[], now: Date): Promise<void> {
    const keys = [this.k('resv-amount')];
    const args = [String(now.getTime()), String(now.getTime() + this.leaseMs), id, String(amount)];
    for (const s of scopes) {
      keys.push(...this.scopeKeys(s.scope, now));
      args.push(s.scope, s.budget?.daily === undefined ? '' : String(s.budget.daily), s.budget?.monthly === undefined ? '' : String(s.budget.monthly));
    }
    const done = await this.attempt((c) => c.eval(RESERVE, { keys, arguments: args }));
    if (!done) {
      await this.local.reserve(id, amount, scopes, now);
      this.held.set(id, { scopes: scopes.map((s) => s.scope), remote: false });
      return;
    }
    const reply = done.value;
    if (Array.isArray(reply)) {
      const [period, scope, spent, limit] = reply.map(String) as [string, string, string, string];
      throw scopeBudgetError(scope, period === 'monthly' ? 'monthly' : 'daily', Number(limit), Number(spent), amount);
    }
    // Local counters follow too, so a later outage still enforces what this instance knows.
    this.held.set(id, { scopes: scopes.map((s) => s.scope), remote: true });
  }

  async release(id: string, scopes: readonly BudgetScope[]): Promise<void> {
    const held = this.held.get(id);
    this.held.delete(id);
    await this.local.release(id);
    if (!held?.remote) return;
    await this.attempt(async (c) => {
      const multi = c.multi().hDel(this.k('resv-amount'), id);
      for (const s of scopes) multi.zRem(this.k('resv', s.scope), id);
      await multi.exec();
    });
  }

  settle(id: string, scopes: readonly BudgetScope[], record: CallRecord): Promise<void> {
    this.held.delete(id);
    void this.local.settle(id, scopes, record);
    const names = scopes.map((s) => s.scope);
    const run = this.settleRemote(id, names, record).then((ok) => {
      if (!ok) this.buffer.push({ id, scopes: names, record });
    });
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
    return run;
  }

  private async settleRemote(id: string, scopes: string[], record: CallRecord): Promise<boolean> {
    const when = new Date(record.time);
    const keys = [this.k('resv-amount'), this.k('settled', id), this.k('calls'), this.k('scopes')];
    for (const scope of scopes) keys.push(...this.scopeKeys(scope, when));
    const args = [id, String(record.cost), JSON.stringify(record), String(this.streamMaxLen), ...scopes];
    try {
      return (await this.attempt((c) => c.eval(SETTLE, { keys, arguments: args }))) !== undefined;
    } catch (error) {
      this.warn(`could not settle ${id} on Redis: ${(error as Error).message}`);
      return true; // a script error is not an outage: replaying would fail the same way
    }
  }

  private replay(): Promise<void> {
    this.replaying ??= (async () => {
      while (this.up && this.buffer.length > 0) {
        const next = this.buffer[0]!;
        if (!(await this.settleRemote(next.id, next.scopes, next.record))) break;
        this.buffer.shift();
      }
    })().finally(() => (this.replaying = undefined));
    return this.replaying;
  }

  /** Settlements waiting for Redis to return. */
  get buffered(): number {
    return this.buffer.length;
  }

  private async renew(): Promise<void> {
    const remote = [...this.held].filter(([, h]) => h.remote);
    if (remote.length === 0) return;
    const expiry = Date.now() + this.leaseMs;
    await this.attempt(async (c) => {
      const multi = c.multi();
      for (const [id, h] of remote) for (const scope of h.scopes) multi.zAdd(this.k('resv', scope), { score: expiry, value: id }, { XX: true });
      await multi.exec();
    });
  }

  async totals(now: Date): Promise<ScopeTotals[]> {
    const got = await this.attempt(async (c) => {
      const scopes = (await c.sMembers(this.k('scopes'))).sort();
      if (!scopes.includes('total')) scopes.unshift('total');
      const keys = scopes.flatMap((s) => this.scopeKeys(s, now).slice(1));
      const values = keys.length ? await c.mGet(keys) : [];
      return scopes.map((scope, i) => ({ scope, today: Number(values[2 * i] ?? 0), month: Number(values[2 * i + 1] ?? 0) }));
    });
    return got ? got.value : this.local.totals(now);
  }

  // Breakers, latencies and rate limits: written at once, read by the poll.

  breakerFailure(provider: string, threshold: number, cooldownMs: number): void {
    void this.attempt((c) => c.eval(BREAKER_FAILURE, { keys: [this.k('breaker', 'failures'), this.k('breaker', 'open')], arguments: [provider, String(threshold), String(Date.now()), String(cooldownMs)] })).then((r) => {
      const until = Number(r?.value ?? 0);
      if (until > 0) this.remoteBreakers.set(provider, until);
    }, () => undefined);
  }

  breakerSuccess(provider: string): void {
    this.remoteBreakers.delete(provider);
    void this.attempt((c) => c.multi().hDel(this.k('breaker', 'failures'), provider).hDel(this.k('breaker', 'open'), provider).exec()).catch(() => undefined);
  }

  /** A latency (ms) or throughput (output tokens/s) observation; the last 20 per endpoint are kept. */
  addSample(kind: SampleKind, endpoint: string, value: number): void {
    void this.attempt((c) =>
      c.multi().lPush(this.k(kind, endpoint), String(value)).lTrim(this.k(kind, endpoint), 0, 19).sAdd(this.k(`${kind}-index`), endpoint).exec(),
    ).catch(() => undefined);
  }

  rateLimited(endpoint: string, forMs: number): void {
    const until = Date.now() + forMs;
    this.remoteLimited.set(endpoint, until);
    void this.attempt((c) => c.hSet(this.k('ratelimited'), endpoint, String(until))).catch(() => undefined);
  }

  async poll(): Promise<void> {
    await this.probe();
    const got = await this.attempt(async (c) => {
      const [open, limited] = await Promise.all([c.hGetAll(this.k('breaker', 'open')), c.hGetAll(this.k('ratelimited'))]);
      const samples = await Promise.all(
        SAMPLE_KINDS.map(async (kind) => {
          const endpoints = await c.sMembers(this.k(`${kind}-index`));
          return { kind, endpoints, lists: await Promise.all(endpoints.map((e) => c.lRange(this.k(kind, e), 0, -1))) };
        }),
      );
      return { open, limited, samples };
    }).catch(() => undefined);
    if (!got) return;
    const now = Date.now();
    const { open, limited, samples } = got.value;
    this.remoteBreakers.clear();
    for (const [p, until] of Object.entries(open)) if (Number(until) > now) this.remoteBreakers.set(p, Number(until));
    this.remoteLimited.clear();
    for (const [e, until] of Object.entries(limited)) if (Number(until) > now) this.remoteLimited.set(e, Number(until));
    for (const { kind, endpoints, lists } of samples) {
      const medians = this.remoteMedians[kind];
      medians.clear();
      endpoints.forEach((e, i) => {
        const sorted = (lists[i] ?? []).map(Number).sort((a, b) => a - b);
        if (sorted.length > 0) medians.set(e, sorted[Math.floor(sorted.length / 2)]!);
      });
    }
    for (const listener of this.pollListeners) listener();
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
    if (this.up) await this.replay();
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    if (this.buffer.length > 0) this.warn(`${this.buffer.length} records could not reach Redis before shutdown; they are in the local ledger`);
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}

function isScriptOrReplyError(error: unknown): boolean {
  return error instanceof ErrorReply;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
