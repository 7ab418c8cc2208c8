/**
 * The model catalog: models with their endpoints, lookup by model or endpoint id or alias, typo suggestions,
 * filtering, the entries kept out of routing, and user-added or live models. Pure (no node:*): the bundled data is a
 * JSON module that esbuild inlines. Regenerate the data with `npm run catalog`.
 */
import data from './catalog.data.json' with { type: 'json' };
import type { Capability, CatalogData, CatalogSource, Endpoint, ExcludedEntry, ExclusionReason, Model } from './model.js';
import { CAPABILITIES, EXCLUSION_REASONS } from './model.js';

export interface CatalogFilter {
  /** Whitespace-separated words, each of which must occur (case-insensitively) in the id, name, an alias, an endpoint id or the arena name. */
  query?: string;
  /** Models with an endpoint at this provider, e.g. `openai`, `bedrock`, `openrouter` (case-insensitive). */
  provider?: string;
  /** Every one of these, at one endpoint. */
  capabilities?: readonly Capability[];
  /** Minimum context window in tokens, at one endpoint. */
  minContext?: number;
  /** Maximum input price, USD per million tokens, at one endpoint (the cheapest that passes the other filters). */
  maxInputPrice?: number;
}

/** What an id names: a model, and the endpoint when the id named one specifically (`bedrock/anthropic.claude-…`). */
export interface Lookup {
  model: Model;
  endpoint?: Endpoint;
}

export type ResolveResult = Lookup | { error: string; suggestions: string[] };

const MAX_SUGGESTIONS = 3;

export class Catalog {
  readonly #models: readonly Model[];
  readonly #excluded: readonly ExcludedEntry[];
  /** Lowercased keys: model ids, endpoint ids, model aliases, endpoint aliases, in that order of precedence. */
  readonly #byKey = new Map<string, Lookup>();
  readonly #excludedByKey = new Map<string, ExcludedEntry>();
  readonly #endpointById = new Map<string, Endpoint>();
  readonly #providers: readonly string[];
  #searchText: Map<Model, string> | undefined;

  /** Models with the same id (case-insensitively): the later one replaces the earlier, in the earlier one's place. */
  constructor(models: readonly Model[], excluded: readonly ExcludedEntry[] = []) {
    const unique = new Map<string, Model>();
    for (const m of models) unique.set(m.id.toLowerCase(), m);
    this.#models = Object.freeze([...unique.values()]);
    this.#excluded = Object.freeze([...excluded]);
    const add = (key: string, value: Lookup) => {
      const k = key.toLowerCase();
      if (!this.#byKey.has(k)) this.#byKey.set(k, value);
    };
    // A model id that is also its maker's endpoint id (`openai/gpt-4o`) names the model, not the endpoint.
    const target = (m: Model, e: Endpoint): Lookup => (e.id.toLowerCase() === m.id.toLowerCase() ? { model: m } : { model: m, endpoint: e });
    for (const m of this.#models) add(m.id, { model: m });
    for (const m of this.#models) {
      for (const e of m.endpoints) {
        add(e.id, target(m, e));
        if (!this.#endpointById.has(e.id.toLowerCase())) this.#endpointById.set(e.id.toLowerCase(), e);
      }
    }
    for (const m of this.#models) for (const a of m.aliases) add(a, { model: m });
    for (const m of this.#models) for (const e of m.endpoints) for (const a of e.aliases ?? []) add(a, target(m, e));
    for (const x of this.#excluded) this.#excludedByKey.set(x.id.toLowerCase(), x);
    this.#providers = Object.freeze([...new Set(this.#models.flatMap((m) => m.endpoints.map((e) => e.provider)))].sort(compare));
  }

  get size(): number {
    return this.#models.length;
  }

  all(): readonly Model[] {
    return this.#models;
  }

  /** Providers with at least one endpoint, sorted. */
  providers(): readonly string[] {
    return this.#providers;
  }

  /** Every endpoint of every model. */
  endpoints(): readonly Endpoint[] {
    return this.#models.flatMap((m) => m.endpoints);
  }

  /** The model a model id, model alias, endpoint id or endpoint alias names (case-insensitive). */
  get(idOrAlias: string): Model | undefined {
    return this.lookup(idOrAlias)?.model;
  }

  /** Like `get`, with the endpoint when the id named a specific one rather than the model. */
  lookup(idOrAlias: string): Lookup | undefined {
    return this.#byKey.get(idOrAlias.trim().toLowerCase());
  }

  /** Like `lookup`, but an unknown or excluded id comes back with why, and up to three close ids to suggest. */
  resolve(idOrAlias: string): ResolveResult {
    const found = this.lookup(idOrAlias);
    if (found) return found;
    const q = idOrAlias.trim();
    const excluded = this.excluded(q);
    if (excluded) {
      return { error: `"${q}" is ${excluded.detail}.`, suggestions: excluded.reason === 'router' ? [] : this.suggest(q.slice(q.lastIndexOf('/') + 1)) };
    }
    return { error: `Unknown model "${q}": it is not a model or endpoint id or alias in the catalog.`, suggestions: this.suggest(q) };
  }

  endpoint(id: string): Endpoint | undefined {
    return this.#endpointById.get(id.trim().toLowerCase());
  }

  /** Why an entry is kept out of routing; OpenRouter slugs match without the `openrouter/` prefix (`openrouter/auto`). */
  excluded(id: string): ExcludedEntry | undefined {
    const key = id.trim().toLowerCase();
    return this.#excludedByKey.get(key) ?? this.#excludedByKey.get(`openrouter/${key}`);
  }

  excludedEntries(): readonly ExcludedEntry[] {
    return this.#excluded;
  }

  /** Model ids (or endpoint ids, when the text is closest to one) whose id, alias or name is closest to `text`, best first. */
  suggest(text: string, limit = MAX_SUGGESTIONS): string[] {
    const q = text.trim().toLowerCase();
    if (q === '') return [];
    const maxDistance = Math.max(2, Math.floor(q.length / 3));
    const scored: { id: string; distance: number; viaName: number }[] = [];
    for (const m of this.#models) {
      let best = { id: m.id, distance: Number.POSITIVE_INFINITY, viaName: 1 };
      const consider = (s: string, id: string, viaName: number) => {
        const d = boundedDistance(q, s.toLowerCase(), maxDistance);
        if (d < best.distance || (d === best.distance && viaName < best.viaName)) best = { id, distance: d, viaName };
      };
      consider(m.id, m.id, 0);
      for (const a of m.aliases) consider(a, m.id, 0);
      for (const e of m.endpoints) consider(e.id, e.id.toLowerCase() === m.id.toLowerCase() ? m.id : e.id, 0);
      consider(m.name, m.id, 1);
      if (best.distance <= maxDistance) scored.push(best);
    }
    // Ties: a match on an id or alias before a match on a bare name, then shorter ids, then alphabetical.
    scored.sort((a, b) => a.distance - b.distance || a.viaName - b.viaName || a.id.length - b.id.length || compare(a.id, b.id));
    if (scored.length > 0) return [...new Set(scored.map((s) => s.id))].slice(0, limit);
    return this.#suggestByWords(q, limit);
  }

  /** Words in another order or a partial name (`gemini-pro-2.5`, `sonnet`): models whose name has all the words. */
  #suggestByWords(q: string, limit: number): string[] {
    const words = new Set(nameWords(q));
    if (words.size === 0) return [];
    const scored: { id: string; extra: number }[] = [];
    for (const m of this.#models) {
      const own = new Set(nameWords(m.name));
      if (![...words].every((w) => own.has(w))) continue;
      scored.push({ id: m.id, extra: own.size - words.size });
    }
    scored.sort((a, b) => a.extra - b.extra || a.id.length - b.id.length || compare(a.id, b.id));
    return scored.slice(0, limit).map((s) => s.id);
  }

  /** Models with at least one endpoint that passes every filter; the text query looks at the model. */
  filter(filter: CatalogFilter = {}): Model[] {
    const terms = (filter.query ?? '').toLowerCase().split(/\s+/).filter((t) => t !== '');
    const search = terms.length > 0 ? this.#search() : undefined;
    return this.#models.filter((m) => {
      if (search) {
        const text = search.get(m) ?? '';
        if (!terms.every((t) => text.includes(t))) return false;
      }
      return m.endpoints.some((e) => endpointPasses(e, filter));
    });
  }

  /** The endpoints of a model that pass a filter's endpoint conditions (provider, capabilities, context, price). */
  static matchingEndpoints(model: Model, filter: CatalogFilter = {}): Endpoint[] {
    return model.endpoints.filter((e) => endpointPasses(e, filter));
  }

  /**
   * A new catalog with `extra` added (user-config models, live models). An extra model with a known id merges into
   * it: its endpoints join the model's, an endpoint with a known id replaces the old one (wherever it was).
   * `extraExcluded` adds entries kept out of routing (the live list's routers).
   */
  withModels(extra: readonly Model[], extraExcluded: readonly ExcludedEntry[] = []): Catalog {
    const byId = new Map<string, Model>(this.#models.map((m) => [m.id.toLowerCase(), m]));
    for (const x of extra) {
      const replaced = new Set(x.endpoints.map((e) => e.id.toLowerCase()));
      // An endpoint moves to the model that now claims it.
      for (const [key, m] of byId) {
        if (key === x.id.toLowerCase() || !m.endpoints.some((e) => replaced.has(e.id.toLowerCase()))) continue;
        const left = m.endpoints.filter((e) => !replaced.has(e.id.toLowerCase()));
        if (left.length === 0) byId.delete(key);
        else byId.set(key, withEndpoints(m, left));
      }
      const known = byId.get(x.id.toLowerCase());
      if (!known) {
        byId.set(x.id.toLowerCase(), x);
        continue;
      }
      const endpoints = [...known.endpoints.filter((e) => !replaced.has(e.id.toLowerCase())), ...x.endpoints.map((e) => ({ ...e, model: known.id }))];
      const merged = withEndpoints(known, endpoints);
      merged.aliases = [...new Set([...known.aliases, ...x.aliases])].sort(compare);
      byId.set(x.id.toLowerCase(), merged);
    }
    const excluded = new Map(this.#excluded.map((x) => [x.id.toLowerCase(), x]));
    for (const x of extraExcluded) excluded.set(x.id.toLowerCase(), x);
    return new Catalog([...byId.values()], [...excluded.values()]);
  }

  #search(): Map<Model, string> {
    this.#searchText ??= new Map(
      this.#models.map((m) => [m, [m.id, m.name, m.quality.arenaName ?? '', ...m.aliases, ...m.endpoints.map((e) => e.id)].join('\n').toLowerCase()]),
    );
    return this.#searchText;
  }
}

function endpointPasses(e: Endpoint, f: CatalogFilter): boolean {
  if (f.provider !== undefined && e.provider.toLowerCase() !== f.provider.toLowerCase()) return false;
  if (f.minContext !== undefined && e.contextWindow < f.minContext) return false;
  if (f.maxInputPrice !== undefined && e.pricing.inputPerMTok > f.maxInputPrice) return false;
  if (f.capabilities && !f.capabilities.every((c) => e.capabilities.includes(c))) return false;
  return true;
}

/** The model with these endpoints (sorted by id), its limits and capabilities recomputed over them. */
function withEndpoints(m: Model, endpoints: readonly Endpoint[]): Model {
  const sorted = [...endpoints].sort((a, b) => compare(a.id, b.id));
  return {
    ...m,
    capabilities: CAPABILITIES.filter((c) => sorted.some((e) => e.capabilities.includes(c))),
    contextWindow: Math.max(...sorted.map((e) => e.contextWindow)),
    maxOutputTokens: Math.max(...sorted.map((e) => e.maxOutputTokens)),
    endpoints: sorted,
  };
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max`. */
function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? max + 1;
}

/** `Claude-3.5-Sonnet` → [claude, 3, 5, sonnet]. */
function nameWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+|\d+/g) ?? [];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const bundledData = data as unknown as CatalogData;
let bundled: Catalog | undefined;

/** The catalog shipped in the package (built on first use, then shared). */
export function loadBundledCatalog(): Catalog {
  bundled ??= new Catalog(bundledData.models, bundledData.excluded);
  return bundled;
}

export interface BundledCatalogInfo {
  /** When the newest source snapshot was taken (ISO 8601). */
  generatedAt: string;
  sources: readonly CatalogSource[];
  /** What the generator left out for missing data, by reason (see scripts/catalog/skips.ts). */
  skipped: Readonly<Record<string, number>>;
  models: number;
  endpoints: number;
  /** Entries kept out of routing, by reason. */
  excluded: Readonly<Record<ExclusionReason, number>>;
}

export function bundledCatalogInfo(): BundledCatalogInfo {
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, bundledData.excluded.filter((e) => e.reason === r).length])) as Record<ExclusionReason, number>;
  return {
    generatedAt: bundledData.generatedAt,
    sources: bundledData.sources,
    skipped: bundledData.skipped,
    models: bundledData.models.length,
    endpoints: bundledData.models.reduce((n, m) => n + m.endpoints.length, 0),
    excluded,
  };
}
