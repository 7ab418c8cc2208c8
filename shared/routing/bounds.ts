import type { Endpoint, Model, QualityCategory } from '../catalog/model.js';
import type { TokenizerFamily } from '../pricing/tokenizer-family.js';
import type { Filtered, PreparedCandidate } from './candidates.js';
import { log10LatencyScale } from './speed.js';

/**
 * What a request-time bound on each candidate's utility reads, in arrays aligned with the candidate list and
 * computed once per candidate set: for every model the cheapest price any of its contending endpoints can bill a
 * token at, its fastest endpoint and its smallest output limit. With the model's exact predicted success and rating,
 * they give a utility no endpoint of the model can beat (`utility` is monotone in each input), so a model whose bound
 * is below the K-th best utility found so far cannot enter the ranking and need not be priced. The same holds a cell
 * of like models at a time (`boundCells`), so most models are not even bounded one by one.
 *
 * The models skipped that way still count in the filter report: they can fail only the context check and a client's
 * max_tokens here (the router uses the bound only when no other per-request check applies, and no skipped model can
 * exceed a price cap: `priceCeiling`), which `contextFailures` and `limitFailures` count per group of models sharing
 * a tokenizer and an output forecast.
 */
export interface CandidateBounds {
  models: Model[];
  /** Index into `families` of each model's tokenizer. */
  family: Uint8Array;
  families: TokenizerFamily[];
  reasoning: Uint8Array;
  /** USD per million tokens: the cheapest input price, and the cheapest an output token (answer or reasoning) can cost. */
  inputPerMTok: Float64Array;
  outputPerMTok: Float64Array;
  /** log10 of the fastest endpoint's latency scale (`log10LatencyScale`). */
  log10LatencyScale: Float64Array;
  /** The smallest output limit: every endpoint writes at least min(forecast, this). */
  maxOutputTokens: Float64Array;
  /** Rating in a category (as the router reads it), per category on first use. */
  ratings: Map<QualityCategory, Float64Array>;
  /** The candidates in cells of like models, per category on first use (`boundCells`). */
  cells: Map<QualityCategory, BoundCells>;
  indexOf: Map<string, number>;
  groups: ContextGroup[];
}

/** Models sharing a tokenizer and reasoning (so the same input and output tokens), for counting the context check. */
export interface ContextGroup {
  family: TokenizerFamily;
  reasoning: boolean;
  /** Each model's largest context window, ascending, and (in the same order) its endpoints' limits. */
  contexts: number[];
  limits: { contextWindow: number; maxOutputTokens: number }[][];
  /** The smallest context window of any endpoint in the group. */
  smallestWindow: number;
  /** The dearest input and output (or reasoning) price over the group's endpoints, tiers included. */
  inputPerMTok: number;
  outputPerMTok: number;
}

const cache = new WeakMap<Filtered<PreparedCandidate>, CandidateBounds>();

export function candidateBounds(fixed: Filtered<PreparedCandidate>): CandidateBounds {
  let b = cache.get(fixed);
  if (!b) cache.set(fixed, (b = build(fixed.candidates)));
  return b;
}

/** Every per-token price an endpoint can bill: base and tiers, input and output (and reasoning for reasoning models). */
function prices(e: Endpoint, reasoning: boolean): { input: number[]; output: number[] } {
  const p = e.pricing;
  const input = [p.inputPerMTok, ...(p.tiers ?? []).map((t) => t.inputPerMTok)];
  const output = [p.outputPerMTok, ...(p.tiers ?? []).map((t) => t.outputPerMTok)];
  if (reasoning && p.reasoningPerMTok !== undefined) output.push(p.reasoningPerMTok);
  return { input, output };
}

function build(candidates: readonly PreparedCandidate[]): CandidateBounds {
  const n = candidates.length;
  const families = [...new Set(candidates.map((c) => c.family))];
  const b: CandidateBounds = {
    models: candidates.map((c) => c.model),
    family: Uint8Array.from(candidates, (c) => families.indexOf(c.family)),
    families,
    reasoning: Uint8Array.from(candidates, (c) => (c.model.reasoning ? 1 : 0)),
    inputPerMTok: new Float64Array(n),
    outputPerMTok: new Float64Array(n),
    log10LatencyScale: new Float64Array(n),
    maxOutputTokens: new Float64Array(n),
    ratings: new Map(),
    cells: new Map(),
    indexOf: new Map(candidates.map((c, i) => [c.model.id, i])),
    groups: [],
  };
  const groups = new Map<string, { group: ContextGroup; members: { context: number; limits: ContextGroup['limits'][number] }[] }>();
  candidates.forEach((c, i) => {
    // a model that can think bills hidden reasoning when a request asks it to: its reasoning price bounds it too
    const contenders = c.contenders.map((k) => ({ endpoint: c.endpoints[k]!, facts: c.facts[k]!, prices: prices(c.endpoints[k]!, c.model.reasoning || c.endpoints[k]!.capabilities.includes('reasoning')) }));
    b.inputPerMTok[i] = Math.min(...contenders.flatMap((x) => x.prices.input));
    b.outputPerMTok[i] = Math.min(...contenders.flatMap((x) => x.prices.output));
    b.log10LatencyScale[i] = log10LatencyScale(Math.max(...contenders.map((x) => x.facts.speed)));
    b.maxOutputTokens[i] = Math.min(...contenders.map((x) => x.facts.maxOutputTokens));
    const key = `${c.family}|${c.model.reasoning}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { group: { family: c.family, reasoning: c.model.reasoning, contexts: [], limits: [], smallestWindow: Number.POSITIVE_INFINITY, inputPerMTok: 0, outputPerMTok: 0 }, members: [] }));
    g.group.inputPerMTok = Math.max(g.group.inputPerMTok, ...contenders.flatMap((x) => x.prices.input));
    g.group.outputPerMTok = Math.max(g.group.outputPerMTok, ...contenders.flatMap((x) => [...x.prices.output, x.facts.reasoningPerMTok]));
    const limits = contenders.map((x) => ({ contextWindow: x.facts.contextWindow, maxOutputTokens: x.facts.maxOutputTokens }));
    g.members.push({ context: Math.max(...limits.map((l) => l.contextWindow)), limits });
    g.group.smallestWindow = Math.min(g.group.smallestWindow, ...limits.map((l) => l.contextWindow));
  });
  for (const { group, members } of groups.values()) {
    members.sort((x, y) => x.context - y.context);
    group.contexts = members.map((m) => m.context);
    group.limits = members.map((m) => m.limits);
    b.groups.push(group);
  }
  return b;
}

/** The rating the router reads for a category, per model. */
export function ratingsFor(b: CandidateBounds, category: QualityCategory, fallback: number): Float64Array {
  let r = b.ratings.get(category);
  if (!r) b.ratings.set(category, (r = Float64Array.from(b.models, (m) => m.quality.ratings[category] ?? m.quality.ratings.overall ?? fallback)));
  return r;
}

/**
 * The candidates in small cells of like models — the same reasoning default, close in rating, then close in price —
 * with what bounds every member of a cell at once: the lowest prices, fastest latency scale and smallest output
 * limit of any member, and the highest rating. A cell's bound (with a success no member exceeds) lets the router
 * skip the whole cell; most of a catalog is cells far below the best few for any one request. How the cells are cut
 * only decides how many are skipped, never which model wins.
 */
export interface BoundCells {
  /** Candidate indexes, per cell. */
  members: Int32Array[];
  reasoning: Uint8Array;
  inputPerMTok: Float64Array;
  outputPerMTok: Float64Array;
  log10LatencyScale: Float64Array;
  maxOutputTokens: Float64Array;
  rating: Float64Array;
}

/** Members per cell: a few dozen cells for a whole catalog, each bounded about as tightly as its members. */
const CELL_SIZE = 8;

export function boundCells(b: CandidateBounds, category: QualityCategory, fallback: number): BoundCells {
  let cells = b.cells.get(category);
  if (cells) return cells;
  const ratings = ratingsFor(b, category, fallback);
  const members: Int32Array[] = [];
  for (const reasoning of [0, 1]) {
    const byRating = [...b.reasoning.keys()].filter((i) => b.reasoning[i] === reasoning).sort((x, y) => ratings[y]! - ratings[x]! || x - y);
    const band = Math.ceil(Math.sqrt(byRating.length * CELL_SIZE));
    for (let start = 0; start < byRating.length; start += band) {
      const byPrice = byRating.slice(start, start + band).sort((x, y) => b.inputPerMTok[x]! + b.outputPerMTok[x]! - (b.inputPerMTok[y]! + b.outputPerMTok[y]!) || x - y);
      for (let k = 0; k < byPrice.length; k += CELL_SIZE) members.push(Int32Array.from(byPrice.slice(k, k + CELL_SIZE)));
    }
  }
  const least = (values: Float64Array, of: Int32Array) => Math.min(...Array.from(of, (i) => values[i]!));
  cells = {
    members,
    reasoning: Uint8Array.from(members, (m) => b.reasoning[m[0]!]!),
    inputPerMTok: Float64Array.from(members, (m) => least(b.inputPerMTok, m)),
    outputPerMTok: Float64Array.from(members, (m) => least(b.outputPerMTok, m)),
    log10LatencyScale: Float64Array.from(members, (m) => least(b.log10LatencyScale, m)),
    maxOutputTokens: Float64Array.from(members, (m) => least(b.maxOutputTokens, m)),
    rating: Float64Array.from(members, (m) => Math.max(...Array.from(m, (i) => ratings[i]!))),
  };
  b.cells.set(category, cells);
  return cells;
}

/**
 * How many of a group's models fail the context check for a request of `input` tokens wanting `wanted` output
 * tokens: none whose largest window holds both; the few below are checked endpoint by endpoint (a small output limit
 * may still fit), exactly as the router checks an endpoint.
 */
export function contextFailures(g: ContextGroup, input: number, wanted: number): number {
  let lo = 0;
  let hi = g.contexts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.contexts[mid]! >= input + wanted) hi = mid;
    else lo = mid + 1;
  }
  let failing = 0;
  for (let i = 0; i < lo; i++) if (!g.limits[i]!.some((e) => input + Math.min(wanted, e.maxOutputTokens) <= e.contextWindow)) failing++;
  return failing;
}

/**
 * With a client's max_tokens: how many of a group's models the router removes, and under which check. An endpoint
 * fails the context check first (the input and min(answer, its output limit) exceed its window), else the
 * output-limit check (its limit is below max_tokens); a model is removed when every endpoint fails, and counted
 * under the later of its endpoints' first failures — the output limit when any endpoint passed the context check.
 */
export function limitFailures(g: ContextGroup, input: number, wanted: number, maxTokens: number): { context: number; outputLimit: number } {
  let context = 0;
  let outputLimit = 0;
  for (const endpoints of g.limits) {
    let served = false;
    let fitsContext = false;
    for (const e of endpoints) {
      if (input + Math.min(wanted, e.maxOutputTokens) > e.contextWindow) continue;
      fitsContext = true;
      if (e.maxOutputTokens >= maxTokens) {
        served = true;
        break;
      }
    }
    if (!served) {
      if (fitsContext) outputLimit++;
      else context++;
    }
  }
  return { context, outputLimit };
}

/** The most any model of a group can cost for this request (a bound, its rounding aside). */
export function priceCeiling(g: ContextGroup, input: number, wanted: number): number {
  return (input * g.inputPerMTok + wanted * g.outputPerMTok) / 1e6;
}
