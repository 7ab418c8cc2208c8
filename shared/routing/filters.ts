import type { Capability } from '../catalog/model.js';
import { CAPABILITIES } from '../catalog/model.js';
import { SwitchyardError } from '../errors.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import type { RequireCaps } from '../policy/schema.js';
import type { RequestTokenCounter } from '../pricing/token-count.js';
import { CAPABILITY_BIT, FAMILIES, type CatalogIndex, type QualityColumn, type Scratch, type StaticSurvivors } from './catalog-index.js';
import { exactCost, type Costing, type Pool } from './score.js';
import type { RouteContext } from './types.js';
import { significant } from '../format.js';

export function requiredCapabilities(...sets: (RequireCaps | undefined)[]): Capability[] {
  const needed = new Set<Capability>();
  for (const set of sets) for (const cap of CAPABILITIES) if (set?.[cap]) needed.add(cap);
  return [...needed];
}

/**
 * The hard filters, in the order they apply. Each is only active when it constrains something; the explanation
 * names every active filter that removed a candidate, with how many it removed and how many were left.
 * The first seven depend on the model alone (given the policy, capabilities, date and providers), so their
 * survivors over the whole catalog are cached in the index; the last three depend on this request's token counts.
 */
const ALLOW = 0;
const DENY = 1;
const LOCAL_ONLY = 2;
const LOCAL_SETUP = 3;
const AVAILABLE = 4;
const CAPS = 5;
const DEPRECATED = 6;
const CONTEXT = 7;
const MAX_COST = 8;
const BUDGET = 9;
const FILTERS = 10;
const STATIC_FILTERS = 7;
const PASS = 255;

const usd = (n: number) => `$${significant(n, 3)}`;

export interface FilterInput {
  policy: ResolvedPolicy;
  caps: Capability[];
  outputTokens: number;
  ctx: RouteContext;
  counter: RequestTokenCounter;
  costing: Costing;
  quality: QualityColumn;
  /** Model indexes to start from (a request's `models`), or undefined for the whole catalog. */
  start: Int32Array | undefined;
  explanation: string[];
}

/** The outcome of the request-independent filters, and what the request-dependent ones need. */
export interface Filtering {
  active: Uint8Array;
  /** Models removed per filter (the request-dependent counts are filled in by whoever scans the candidates). */
  removed: Int32Array;
  startCount: number;
  /** Survivors with one flat price pair (`simple[0 .. simpleLength)`), and the others. */
  simple: Int32Array;
  simpleLength: number;
  special: Int32Array;
  /** The cached survivors over the whole catalog (undefined when the request names its models). */
  survivors: StaticSurvivors | undefined;
}

/**
 * The request-independent filters (allow, deny, providers, capabilities, deprecation), cached over the whole
 * catalog; then the token counts of every tokenizer family among the survivors, into `input.costing.tokens`.
 */
export function staticFilters(index: CatalogIndex, scratch: Scratch, input: FilterInput): Filtering {
  const { policy, caps, ctx } = input;
  const providers = ctx.providers;
  const active = new Uint8Array(FILTERS);
  active[ALLOW] = policy.allow.length > 0 ? 1 : 0;
  active[DENY] = policy.deny.length > 0 ? 1 : 0;
  active[LOCAL_ONLY] = policy.localOnly ? 1 : 0;
  active[LOCAL_SETUP] = providers && !policy.localOnly && !providers.anyConfigured ? 1 : 0;
  active[AVAILABLE] = providers?.anyConfigured ? 1 : 0;
  active[CAPS] = caps.length > 0 ? 1 : 0;
  active[DEPRECATED] = ctx.today !== undefined ? 1 : 0;
  active[CONTEXT] = 1;
  active[MAX_COST] = policy.maxCostPerRequest !== undefined ? 1 : 0;
  active[BUDGET] = ctx.budgetLeft !== undefined ? 1 : 0;

  const removed = new Int32Array(FILTERS);
  let simple: Int32Array;
  let simpleLength: number;
  let special: Int32Array;
  let families = 0;
  let survivors: StaticSurvivors | undefined;
  const startCount = input.start ? input.start.length : index.n;
  const verdict = staticVerdicts(index, input, active);
  if (input.start) {
    simple = scratch.list;
    simpleLength = 0;
    const others: number[] = [];
    for (const i of input.start) {
      const code = verdict(i);
      if (code !== PASS) {
        removed[code]!++;
        continue;
      }
      families |= 1 << index.family[i]!;
      if (index.simplePrice[i] === 1) simple[simpleLength++] = i;
      else others.push(i);
    }
    special = Int32Array.from(others);
  } else {
    survivors = index.survivors(verdict.key, () => survivorsOf(index, verdict));
    simple = survivors.simple;
    simpleLength = simple.length;
    special = survivors.special;
    families = survivors.families;
    removed.set(survivors.removed);
  }
  // Token counts for every family among the survivors, up front (a call inside the hot loops would make the
  // compiled loop reload every array on each iteration).
  const tokens = input.costing.tokens;
  for (let f = 0; f < FAMILIES.length; f++) if (families & (1 << f)) tokens[f] = input.counter.count(FAMILIES[f]!).tokens;
  return { active, removed, startCount, simple, simpleLength, special, survivors };
}

/** Whether model i (a static survivor) passes the request-dependent filters: context window, price cap, budget. */
export function passesRequestFilters(index: CatalogIndex, input: FilterInput, i: number): boolean {
  const t = input.costing.tokens[index.family[i]!]!;
  const o = input.outputTokens;
  if (!(t + o <= index.contextWindow[i]! && o <= index.maxOutputTokens[i]!)) return false;
  const cap = input.policy.maxCostPerRequest;
  const left = input.ctx.budgetLeft;
  if (cap === undefined && left === undefined) return true;
  const c = exactCost(input.costing, i);
  return (cap === undefined || c <= cap) && (left === undefined || c <= left);
}

/** The context-window filter's share in `removed` (for a caller that applied it itself). */
export function setContextRemoved(f: Filtering, n: number): void {
  f.removed[CONTEXT] = n;
}

/**
 * The request-dependent filters over the static survivors: the candidates, with cost proxies and bounds, in
 * `scratch.cand`/`scratch.proxy`; their removal counts go to `f.removed`.
 */
export function scanCandidates(index: CatalogIndex, scratch: Scratch, input: FilterInput, f: Filtering): Pool {
  const { policy, outputTokens, ctx } = input;
  const { simple, simpleLength, special, removed } = f;
  // Request-dependent filters, cost proxies and the candidates' bounds, in one pass over the models with flat
  // prices and one over the others. Exact costs are computed only where a comparison needs them (a price cap or
  // budget) and later for the models that matter (score.ts).
  const o = outputTokens;
  const costing = input.costing;
  const tokens = costing.tokens;
  const cap = policy.maxCostPerRequest;
  const left = ctx.budgetLeft;
  const capOn = cap !== undefined;
  const leftOn = left !== undefined;
  const { family, contextWindow, maxOutputTokens, inputPrice, outputPrice } = index;
  const { lo, hi } = input.quality;
  const cand = scratch.cand;
  const proxy = scratch.proxy;
  let count = 0;
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let argMin = 0;
  let argMax = 0;
  let minQ = Number.POSITIVE_INFINITY;
  let maxQ = Number.NEGATIVE_INFINITY;
  let irregular = false;
  let rContext = 0;
  let rCost = 0;
  let rBudget = 0;
  const n1 = costing.plainOutput ? simpleLength : 0;
  if (!capOn && !leftOn) {
    const st = scratch.state;
    scanSimple(index, simple, n1, tokens, o, lo, hi, cand, proxy, st);
    count = st[0]!;
    minU = st[1]!;
    maxU = st[2]!;
    argMin = st[3]!;
    argMax = st[4]!;
    minQ = st[5]!;
    maxQ = st[6]!;
    rContext = st[7]!;
  } else {
    for (let k = 0; k < n1; k++) {
      const i = simple[k]!;
      const t = tokens[family[i]!]!;
      if (!(t + o <= contextWindow[i]! && o <= maxOutputTokens[i]!)) {
        rContext++;
        continue;
      }
      const pin = inputPrice[i]!;
      const pout = outputPrice[i]!;
      // exactCost() for a flat price
      const c = (t * pin) / 1e6 + (o * pout) / 1e6;
      if (capOn && !(c <= cap)) {
        rCost++;
        continue;
      }
      if (leftOn && !(c <= left)) {
        rBudget++;
        continue;
      }
      const u = t * pin + o * pout;
      cand[count] = i;
      proxy[count] = u;
      if (u < minU) {
        minU = u;
        argMin = count;
      }
      if (u > maxU) {
        maxU = u;
        argMax = count;
      }
      const ql = lo[i]!;
      if (ql < minQ) minQ = ql;
      const qh = hi[i]!;
      if (qh > maxQ) maxQ = qh;
      count++;
    }
  }
  // Tiered or unusual prices (and every model when the output token count itself is unusual).
  const rest = n1 === simpleLength ? special : Int32Array.from([...simple.subarray(0, simpleLength), ...special]);
  const { plainPrice, tierStart, tierAbove, tierInput, tierOutput } = index;
  const plainOutput = costing.plainOutput;
  for (let k = 0; k < rest.length; k++) {
    const i = rest[k]!;
    const t = tokens[family[i]!]!;
    if (!(t + o <= contextWindow[i]! && o <= maxOutputTokens[i]!)) {
      rContext++;
      continue;
    }
    let u: number;
    let c = 0;
    if (plainPrice[i] === 1 && plainOutput) {
      // exactCost() and costProxy() with the tier's prices
      let pin = inputPrice[i]!;
      let pout = outputPrice[i]!;
      for (let j = tierStart[i]!, end = tierStart[i + 1]!; j < end; j++) {
        if (t > tierAbove[j]!) {
          pin = tierInput[j]!;
          pout = tierOutput[j]!;
        }
      }
      u = t * pin + o * pout;
      if (capOn || leftOn) c = (t * pin) / 1e6 + (o * pout) / 1e6;
    } else {
      c = exactCost(costing, i);
      u = c * 1e6;
      if (!(u < Number.POSITIVE_INFINITY)) irregular = true;
    }
    if (capOn && !(c <= cap)) {
      rCost++;
      continue;
    }
    if (leftOn && !(c <= left)) {
      rBudget++;
      continue;
    }
    cand[count] = i;
    proxy[count] = u;
    if (u < minU) {
      minU = u;
      argMin = count;
    }
    if (u > maxU) {
      maxU = u;
      argMax = count;
    }
    const ql = lo[i]!;
    if (ql < minQ) minQ = ql;
    const qh = hi[i]!;
    if (qh > maxQ) maxQ = qh;
    count++;
  }
  removed[CONTEXT] = rContext;
  removed[MAX_COST] = rCost;
  removed[BUDGET] = rBudget;
  if (input.quality.irregular || minQ === Number.NEGATIVE_INFINITY || maxQ === Number.POSITIVE_INFINITY) irregular = true;

  return { idx: cand, proxy, len: count, argMin, argMax, minU, maxU, minQ, maxQ, irregular };
}

/**
 * An explanation line for each active filter that removed something (with how many it removed and how many were
 * left), and `no_candidates` (with the trace so far) when one leaves nothing.
 */
export function explainFilters(f: Filtering, input: FilterInput): void {
  const { explanation, policy } = input;
  const { active, removed, startCount } = f;
  let left = startCount;
  for (let k = 0; k < FILTERS; k++) {
    if (active[k] !== 1) continue;
    const r = removed[k]!;
    const kept = left - r;
    if (r > 0) explanation.push(`filter ${filterName(k, input)}: excluded ${formatCount(r)}, ${formatCount(kept)} left`);
    if (kept === 0) {
      throw new SwitchyardError(
        'no_candidates',
        `no model passes the filters: "${filterName(k, input)}" excluded the last ${r} of ${startCount} candidates (policy "${policy.name}"). Relax the policy or the request. Trace: ${explanation.join(' | ')}`,
      );
    }
    left = kept;
  }
}

/**
 * The hot loop for models with flat prices when no price cap or budget applies: the context filter, the cost proxy
 * and the bounds. Kept small and separate so it compiles to tight code. Results go to `st`: count, minU, maxU,
 * argMin, argMax, minQ, maxQ, removed by the context filter.
 */
function scanSimple(
  index: CatalogIndex,
  simple: Int32Array,
  n: number,
  tokens: Float64Array,
  o: number,
  lo: Float64Array,
  hi: Float64Array,
  cand: Int32Array,
  proxy: Float64Array,
  st: Float64Array,
): void {
  const { family, contextWindow, maxOutputTokens, inputPrice, outputPrice } = index;
  let count = 0;
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let argMin = 0;
  let argMax = 0;
  let minQ = Number.POSITIVE_INFINITY;
  let maxQ = Number.NEGATIVE_INFINITY;
  let removed = 0;
  for (let k = 0; k < n; k++) {
    const i = simple[k]!;
    const t = tokens[family[i]!]!;
    if (!(t + o <= contextWindow[i]! && o <= maxOutputTokens[i]!)) {
      removed++;
      continue;
    }
    const u = t * inputPrice[i]! + o * outputPrice[i]!;
    cand[count] = i;
    proxy[count] = u;
    if (u < minU) {
      minU = u;
      argMin = count;
    }
    if (u > maxU) {
      maxU = u;
      argMax = count;
    }
    const ql = lo[i]!;
    if (ql < minQ) minQ = ql;
    const qh = hi[i]!;
    if (qh > maxQ) maxQ = qh;
    count++;
  }
  st[0] = count;
  st[1] = minU;
  st[2] = maxU;
  st[3] = argMin;
  st[4] = argMax;
  st[5] = minQ;
  st[6] = maxQ;
  st[7] = removed;
}

function filterName(f: number, input: FilterInput): string {
  switch (f) {
    case ALLOW:
      return `allow ${JSON.stringify(input.policy.allow)}`;
    case DENY:
      return `deny ${JSON.stringify(input.policy.deny)}`;
    case LOCAL_ONLY:
      return 'local providers only';
    case LOCAL_SETUP:
      return 'local providers need setting up (declare them in the user config)';
    case AVAILABLE:
      return 'provider available (key set or local)';
    case CAPS:
      return `capabilities ${input.caps.join(' + ')}`;
    case DEPRECATED:
      return `not deprecated (as of ${input.ctx.today})`;
    case CONTEXT:
      return `context window ≥ input + ${input.outputTokens} output tokens`;
    case MAX_COST:
      return `maxCostPerRequest ${usd(input.policy.maxCostPerRequest as number)}`;
    default:
      return `budget left ${usd(input.ctx.budgetLeft as number)}`;
  }
}

interface Verdict {
  (i: number): number;
  /** What the verdicts depend on, for caching the survivors over the whole catalog. */
  key: string;
}

/** The first request-independent filter that rejects model i (or PASS). */
function staticVerdicts(index: CatalogIndex, input: FilterInput, active: Uint8Array): Verdict {
  const { policy, caps, ctx } = input;
  const allow = active[ALLOW] === 1 ? index.globMask(policy.allow) : undefined;
  const deny = active[DENY] === 1 ? index.globMask(policy.deny) : undefined;
  let need = 0;
  for (const c of caps) need |= CAPABILITY_BIT[c];
  const today = ctx.today;
  const deprecation = index.deprecation;
  const capsOf = index.caps;
  const providerOf = index.provider;
  // Provider filters, evaluated once per provider rather than once per model.
  let byProvider: Uint8Array | undefined;
  let providerKey = '';
  if (active[LOCAL_ONLY] === 1 || active[LOCAL_SETUP] === 1 || active[AVAILABLE] === 1) {
    const providers = ctx.providers;
    byProvider = new Uint8Array(index.providerNames.length);
    index.providerNames.forEach((name, p) => {
      let code = PASS;
      if (active[LOCAL_ONLY] === 1 && !(providers?.isLocal(name) ?? false)) code = LOCAL_ONLY;
      else if (active[LOCAL_SETUP] === 1 && !(!providers!.isLocal(name) || providers!.isAvailable(name))) code = LOCAL_SETUP;
      else if (active[AVAILABLE] === 1 && !providers!.isAvailable(name)) code = AVAILABLE;
      (byProvider as Uint8Array)[p] = code;
    });
    providerKey = String.fromCharCode.apply(null, byProvider as unknown as number[]);
  }
  const useDate = active[DEPRECATED] === 1;
  const verdict = ((i: number): number => {
    if (allow !== undefined && allow[i] !== 1) return ALLOW;
    if (deny !== undefined && deny[i] === 1) return DENY;
    if (byProvider !== undefined) {
      const code = byProvider[providerOf[i]!]!;
      if (code !== PASS) return code;
    }
    if ((capsOf[i]! & need) !== need) return CAPS;
    if (useDate) {
      const d = deprecation[i];
      if (!(d === undefined || d > (today as string))) return DEPRECATED;
    }
    return PASS;
  }) as Verdict;
  verdict.key = `${allow ? JSON.stringify(policy.allow) : '-'}|${deny ? JSON.stringify(policy.deny) : '-'}|${providerKey}|${need}|${useDate ? JSON.stringify(today) : '-'}`;
  return verdict;
}

function survivorsOf(index: CatalogIndex, verdict: Verdict): StaticSurvivors {
  const simple: number[] = [];
  const special: number[] = [];
  const removed = new Int32Array(STATIC_FILTERS);
  let families = 0;
  for (let i = 0; i < index.n; i++) {
    const code = verdict(i);
    if (code !== PASS) {
      removed[code]!++;
      continue;
    }
    families |= 1 << index.family[i]!;
    if (index.simplePrice[i] === 1) simple.push(i);
    else special.push(i);
  }
  return { simple: Int32Array.from(simple), special: Int32Array.from(special), families, removed };
}

/** `n.toLocaleString('en-US')`, without the cost of Intl for the usual case (a non-negative integer). */
export function formatCount(n: number): string {
  if (!(n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const s = String(n);
  if (s.length <= 3) return s;
  let out = s.slice(0, ((s.length - 1) % 3) + 1);
  for (let k = out.length; k < s.length; k += 3) out += ',' + s.slice(k, k + 3);
  return out;
}
