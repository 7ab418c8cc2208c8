/**
 * A catalog laid out for routing: one typed array per field the router reads (struct of arrays), built once per
 * catalog on first use and kept in a WeakMap, so a decision reads numbers instead of walking model objects,
 * matching regexes or allocating per model. Pure (no node:*).
 *
 * Everything here is derived from the models alone (a Catalog and its models are treated as immutable, as
 * everywhere else); per-request work (token counts, costs, scores) lives in filters.ts and score.ts. The caches below
 * (glob and hint masks, the survivors of the request-independent filters with their price hulls and quality
 * extremes) are bounded and keyed by value — never by the identity of a policy or a ProviderStatus — so an object
 * edited in place cannot leave a stale entry. Also here: the per-catalog working memory a decision reuses (Scratch).
 */
import type { Catalog } from '../catalog/catalog.js';
import { CAPABILITIES, type Capability, type Model, type QualityCategory } from '../catalog/model.js';
import { tokenizerFamily, type TokenizerFamily } from '../pricing/tokenizer-family.js';
import { globToRegExp } from './glob.js';
import type { RankScratch } from './score.js';
import { heuristicSpeed } from './speed.js';

/** Tokenizer families by id (the index stores the id). */
export const FAMILIES: readonly TokenizerFamily[] = ['o200k', 'cl100k', 'claude', 'gemini', 'llama', 'other'];
const FAMILY_ID = new Map<TokenizerFamily, number>(FAMILIES.map((f, i) => [f, i]));

/** Capability → bit. */
export const CAPABILITY_BIT: Readonly<Record<Capability, number>> = Object.fromEntries(CAPABILITIES.map((c, i) => [c, 1 << i])) as Record<Capability, number>;

/**
 * Quality for one arena category: `value[i]` is meaningful where `rated[i]` is 1. `lo`/`hi` hold the value for rated
 * models and +∞/−∞ for the others (so min/max need no test on `rated`), `unrated` is 1 or 0 as a number.
 */
export interface QualityColumn {
  value: Float64Array;
  rated: Uint8Array;
  lo: Float64Array;
  hi: Float64Array;
  unrated: Float64Array;
  /** Some rated value is not a finite number: decisions in this category use exact arithmetic only. */
  irregular: boolean;
}

/**
 * The survivors of the request-independent filters, split into models with one flat price pair (`simple`) and the
 * rest (tiers or unusual prices), and how many each filter removed.
 */
export interface StaticSurvivors {
  simple: Int32Array;
  special: Int32Array;
  /** Bit f set when a survivor has tokenizer family f. */
  families: number;
  removed: Int32Array;
  /** Derived lazily, see below. */
  mask?: Uint8Array;
  hulls?: (PricePoint[] | undefined)[];
  extremes?: Map<QualityCategory, QualityExtremes>;
}

/** A distinct (input, output) price pair among simple survivors of one tokenizer family, and the models at it. */
export interface PricePoint {
  pin: number;
  pout: number;
  members: Int32Array;
}

/** The lowest and highest rated quality among the survivors, and the models that have it. */
export interface QualityExtremes {
  minQ: number;
  maxQ: number;
  atMin: Int32Array;
  atMax: Int32Array;
}

/** 1 for the survivors. */
export function survivorMask(index: CatalogIndex, s: StaticSurvivors): Uint8Array {
  if (!s.mask) {
    const mask = new Uint8Array(index.n);
    for (const i of s.simple) mask[i] = 1;
    for (const i of s.special) mask[i] = 1;
    s.mask = mask;
  }
  return s.mask;
}

/**
 * Per tokenizer family, the vertices of the convex hull of the simple survivors' (input, output) prices. With the
 * family's token count t and o output tokens, a simple survivor's cost proxy is t × in + o × out, a linear function
 * of its prices, so its lowest and highest values over the family are at hull vertices.
 */
export function survivorHulls(index: CatalogIndex, s: StaticSurvivors): (PricePoint[] | undefined)[] {
  if (!s.hulls) {
    const byFamily = new Map<number, Map<string, { pin: number; pout: number; members: number[] }>>();
    for (const i of s.simple) {
      const f = index.family[i]!;
      let points = byFamily.get(f);
      if (!points) byFamily.set(f, (points = new Map()));
      const pin = index.inputPrice[i]!;
      const pout = index.outputPrice[i]!;
      const key = `${pin}/${pout}`;
      let point = points.get(key);
      if (!point) points.set(key, (point = { pin, pout, members: [] }));
      point.members.push(i);
    }
    const hulls: (PricePoint[] | undefined)[] = [];
    for (const [f, points] of byFamily) {
      hulls[f] = convexHull([...points.values()]).map((p) => ({ pin: p.pin, pout: p.pout, members: Int32Array.from(p.members) }));
    }
    s.hulls = hulls;
  }
  return s.hulls;
}

function convexHull<P extends { pin: number; pout: number }>(points: P[]): P[] {
  if (points.length <= 2) return points;
  const sorted = [...points].sort((a, b) => a.pin - b.pin || a.pout - b.pout);
  const cross = (o: P, a: P, b: P) => (a.pin - o.pin) * (b.pout - o.pout) - (a.pout - o.pout) * (b.pin - o.pin);
  const half = (list: P[]) => {
    const out: P[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** The survivors' quality extremes in a category. */
export function survivorQuality(index: CatalogIndex, s: StaticSurvivors, category: QualityCategory): QualityExtremes {
  s.extremes ??= new Map();
  let e = s.extremes.get(category);
  if (!e) {
    const { rated, value } = index.quality(category);
    let minQ = Number.POSITIVE_INFINITY;
    let maxQ = Number.NEGATIVE_INFINITY;
    let atMin: number[] = [];
    let atMax: number[] = [];
    for (const list of [s.simple, s.special]) {
      for (const i of list) {
        if (rated[i] !== 1) continue;
        const q = value[i]!;
        if (q < minQ) {
          minQ = q;
          atMin = [];
        }
        if (q === minQ) atMin.push(i);
        if (q > maxQ) {
          maxQ = q;
          atMax = [];
        }
        if (q === maxQ) atMax.push(i);
      }
    }
    e = { minQ, maxQ, atMin: Int32Array.from(atMin), atMax: Int32Array.from(atMax) };
    s.extremes.set(category, e);
  }
  return e;
}

const MAX_CACHED = 128;

export class CatalogIndex {
  readonly n: number;
  readonly models: readonly Model[];
  readonly ids: readonly string[];
  /** Exact id → index. */
  readonly byId = new Map<string, number>();
  readonly family: Uint8Array;
  readonly provider: Uint16Array;
  readonly providerNames: readonly string[];
  readonly caps: Uint8Array;
  readonly contextWindow: Float64Array;
  readonly maxOutputTokens: Float64Array;
  readonly deprecation: readonly (string | undefined)[];
  /**
   * 1 where the cost is plain arithmetic on finite, non-negative prices (then the index's prices give exactly what
   * `costOf` gives); 0 for anything unusual, which goes through `costOf` itself.
   */
  readonly plainPrice: Uint8Array;
  /** 1 where the price is plain and has no tiers: cost = t × in / 1e6 + o × out / 1e6. */
  readonly simplePrice: Uint8Array;
  readonly inputPrice: Float64Array;
  readonly outputPrice: Float64Array;
  /** Price tiers, flattened: model i's tiers are entries `tierStart[i] .. tierStart[i + 1] - 1`, in catalog order. */
  readonly tierStart: Int32Array;
  readonly tierAbove: Float64Array;
  readonly tierInput: Float64Array;
  readonly tierOutput: Float64Array;
  /** Heuristic speed (see speed.ts). */
  readonly speed: Float64Array;

  #idsLower: string[] | undefined;
  readonly #quality = new Map<QualityCategory, QualityColumn>();
  readonly #globMasks = new Map<string, Uint8Array>();
  readonly #hintMasks = new Map<string, Uint8Array>();
  readonly #survivors = new Map<string, StaticSurvivors>();

  constructor(models: readonly Model[]) {
    const n = models.length;
    this.n = n;
    this.models = models;
    this.ids = models.map((m) => m.id);
    this.family = new Uint8Array(n);
    this.provider = new Uint16Array(n);
    this.caps = new Uint8Array(n);
    this.contextWindow = new Float64Array(n);
    this.maxOutputTokens = new Float64Array(n);
    this.plainPrice = new Uint8Array(n);
    this.simplePrice = new Uint8Array(n);
    this.inputPrice = new Float64Array(n);
    this.outputPrice = new Float64Array(n);
    this.tierStart = new Int32Array(n + 1);
    this.speed = new Float64Array(n);
    const providers = new Map<string, number>();
    const deprecation: (string | undefined)[] = [];
    const tiers: { above: number; input: number; output: number }[] = [];
    models.forEach((m, i) => {
      this.byId.set(m.id, i);
      this.family[i] = FAMILY_ID.get(tokenizerFamily(m)) ?? FAMILIES.length - 1;
      let p = providers.get(m.provider);
      if (p === undefined) providers.set(m.provider, (p = providers.size));
      this.provider[i] = p;
      let bits = 0;
      for (const cap of CAPABILITIES) if (m.capabilities.includes(cap)) bits |= CAPABILITY_BIT[cap];
      this.caps[i] = bits;
      // NaN keeps the reference's semantics for a missing limit: every comparison with it is false.
      this.contextWindow[i] = typeof m.contextWindow === 'number' ? m.contextWindow : Number.NaN;
      this.maxOutputTokens[i] = typeof m.maxOutputTokens === 'number' ? m.maxOutputTokens : Number.NaN;
      deprecation.push(m.deprecationDate);
      const pr = m.pricing;
      this.inputPrice[i] = pr.inputPerMTok;
      this.outputPrice[i] = pr.outputPerMTok;
      this.tierStart[i] = tiers.length;
      let plain = plainNumber(pr.inputPerMTok) && plainNumber(pr.outputPerMTok) && optionalPlain(pr.cachedInputPerMTok) && optionalPlain(pr.reasoningPerMTok);
      for (const t of pr.tiers ?? []) {
        plain &&= plainNumber(t.aboveInputTokens) && plainNumber(t.inputPerMTok) && plainNumber(t.outputPerMTok) && optionalPlain(t.cachedInputPerMTok);
        tiers.push({ above: t.aboveInputTokens, input: t.inputPerMTok, output: t.outputPerMTok });
      }
      this.plainPrice[i] = plain ? 1 : 0;
      this.simplePrice[i] = plain && tiers.length === this.tierStart[i] ? 1 : 0;
      this.speed[i] = heuristicSpeed(m);
    });
    this.tierStart[n] = tiers.length;
    this.tierAbove = Float64Array.from(tiers, (t) => t.above);
    this.tierInput = Float64Array.from(tiers, (t) => t.input);
    this.tierOutput = Float64Array.from(tiers, (t) => t.output);
    this.providerNames = [...providers.keys()];
    this.deprecation = deprecation;
  }

  /** Lowercased ids, for hints. */
  idsLower(): readonly string[] {
    this.#idsLower ??= this.ids.map((id) => id.toLowerCase());
    return this.#idsLower;
  }

  /** Quality for a category, falling back to the overall rating (as `qualityOf` in score.ts). */
  quality(category: QualityCategory): QualityColumn {
    let column = this.#quality.get(category);
    if (!column) {
      const value = new Float64Array(this.n);
      const rated = new Uint8Array(this.n);
      const lo = new Float64Array(this.n).fill(Number.POSITIVE_INFINITY);
      const hi = new Float64Array(this.n).fill(Number.NEGATIVE_INFINITY);
      const unrated = new Float64Array(this.n).fill(1);
      let irregular = false;
      this.models.forEach((m, i) => {
        const q = m.quality?.[category] ?? m.quality?.overall;
        if (q !== undefined) {
          value[i] = lo[i] = hi[i] = q;
          rated[i] = 1;
          unrated[i] = 0;
          if (!Number.isFinite(q)) irregular = true;
        }
      });
      column = { value, rated, lo, hi, unrated, irregular };
      this.#quality.set(category, column);
    }
    return column;
  }

  /** 1 where the id matches any of the globs (case-insensitive, whole id). */
  globMask(globs: readonly string[]): Uint8Array {
    const key = globs.join('\n');
    let mask = this.#globMasks.get(key);
    if (!mask) {
      const res = globs.map(globToRegExp);
      mask = new Uint8Array(this.n);
      for (let i = 0; i < this.n; i++) {
        const id = this.ids[i] as string;
        if (res.some((re) => re.test(id))) mask[i] = 1;
      }
      remember(this.#globMasks, key, mask);
    }
    return mask;
  }

  /** 1 where the lowercased id contains the (lowercased) needle. */
  hintMask(needle: string): Uint8Array {
    let mask = this.#hintMasks.get(needle);
    if (!mask) {
      const lower = this.idsLower();
      mask = new Uint8Array(this.n);
      for (let i = 0; i < this.n; i++) if ((lower[i] as string).includes(needle)) mask[i] = 1;
      remember(this.#hintMasks, needle, mask);
    }
    return mask;
  }

  /** Survivors of the request-independent filters, computed by `build` on a miss. */
  survivors(key: string, build: () => StaticSurvivors): StaticSurvivors {
    let entry = this.#survivors.get(key);
    if (!entry) {
      entry = build();
      remember(this.#survivors, key, entry);
    }
    return entry;
  }
}

function plainNumber(x: unknown): boolean {
  return typeof x === 'number' && x >= 0 && x < Number.POSITIVE_INFINITY;
}

function optionalPlain(x: unknown): boolean {
  return x === undefined || plainNumber(x);
}

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}

const indexes = new WeakMap<Catalog, CatalogIndex>();

/** The routing index of a catalog, built on first use. Catalogs are immutable, so it never needs rebuilding. */
export function catalogIndex(catalog: Catalog): CatalogIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = new CatalogIndex(catalog.all());
    indexes.set(catalog, index);
  }
  return index;
}

/**
 * Per-catalog working memory for one decision, reused across decisions so the hot loops allocate nothing.
 * A decision is synchronous, so one set per catalog suffices; a re-entrant decision (a ProviderStatus that
 * routes from inside `isAvailable`…) gets a fresh set instead of sharing.
 */
export class Scratch implements RankScratch {
  /** Survivors of the static filters when a request names its models. */
  readonly list: Int32Array;
  /** Candidates (model indexes) and their cost proxies, position by position. */
  readonly cand: Int32Array;
  readonly proxy: Float64Array;
  /** The candidates matching a hint, and their proxies. */
  readonly hintIdx: Int32Array;
  readonly hintProxy: Float64Array;
  /** Positions kept by the approximate ranking pass, and their approximate scores. */
  readonly collected: Int32Array;
  readonly collectedScore: Float64Array;
  /** Positions whose cost is near the lowest or highest, checked exactly. */
  readonly near: Int32Array;
  /** Results of the hot filter loop (see filters.ts). */
  readonly state = new Float64Array(8);
  /** Speed per model: the heuristic, patched with observed latencies for one decision. */
  readonly speed: Float64Array;
  busy = false;

  constructor(index: CatalogIndex) {
    const n = index.n;
    this.list = new Int32Array(n);
    this.cand = new Int32Array(n);
    this.proxy = new Float64Array(n);
    this.hintIdx = new Int32Array(n);
    this.hintProxy = new Float64Array(n);
    this.collected = new Int32Array(n);
    this.collectedScore = new Float64Array(n);
    this.near = new Int32Array(n);
    this.speed = Float64Array.from(index.speed);
  }
}

const shared = new WeakMap<CatalogIndex, Scratch>();

export function acquireScratch(index: CatalogIndex): Scratch {
  let s = shared.get(index);
  if (!s) {
    s = new Scratch(index);
    shared.set(index, s);
  }
  if (s.busy) return new Scratch(index);
  s.busy = true;
  return s;
}

export function releaseScratch(s: Scratch): void {
  s.busy = false;
}
