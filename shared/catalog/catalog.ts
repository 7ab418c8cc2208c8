/**
 * The model catalog: lookup by id or alias, typo suggestions, filtering, and user-added models. Pure (no node:*): the
 * bundled data is a JSON module that esbuild inlines. Regenerate the data with `npm run catalog`.
 */
import data from './catalog.data.json' with { type: 'json' };
import type { Capability, CatalogData, CatalogSource, Model } from './model.js';

export interface CatalogFilter {
  /** Whitespace-separated words, each of which must occur (case-insensitively) in the id, name, an alias or the arena name. */
  query?: string;
  /** Exact provider name, e.g. `openai`, `openrouter` (case-insensitive). */
  provider?: string;
  /** Every one of these is required. */
  capabilities?: readonly Capability[];
  /** Minimum context window in tokens. */
  minContext?: number;
  /** Maximum input price, USD per million tokens. */
  maxInputPrice?: number;
}

export type ResolveResult = { model: Model } | { error: string; suggestions: string[] };

const MAX_SUGGESTIONS = 3;

export class Catalog {
  readonly #models: readonly Model[];
  readonly #byId = new Map<string, Model>();
  /** Lowercased ids, then lowercased aliases that are not ids. */
  readonly #byKey = new Map<string, Model>();
  readonly #providers: readonly string[];
  #searchText: Map<Model, string> | undefined;

  /** Models with the same id (case-insensitively): the later one replaces the earlier, in the earlier one's place. */
  constructor(models: readonly Model[]) {
    const unique = new Map<string, Model>();
    for (const m of models) unique.set(m.id.toLowerCase(), m);
    this.#models = Object.freeze([...unique.values()]);
    for (const m of this.#models) {
      this.#byId.set(m.id, m);
      this.#byKey.set(m.id.toLowerCase(), m);
    }
    const aliases = new Map<string, Model>();
    for (const m of this.#models) {
      for (const alias of m.aliases ?? []) {
        const key = alias.toLowerCase();
        // Ids win over aliases; between aliases, the later model (a user's, after withModels) wins.
        if (!this.#byKey.has(key)) aliases.set(key, m);
      }
    }
    for (const [key, m] of aliases) this.#byKey.set(key, m);
    this.#providers = Object.freeze([...new Set(this.#models.map((m) => m.provider))].sort(compare));
  }

  get size(): number {
    return this.#models.length;
  }

  all(): readonly Model[] {
    return this.#models;
  }

  /** Exact id, then id or alias case-insensitively. */
  get(idOrAlias: string): Model | undefined {
    const q = idOrAlias.trim();
    return this.#byId.get(q) ?? this.#byKey.get(q.toLowerCase());
  }

  /** Like `get`, but an unknown name comes back with up to three close ids to suggest. */
  resolve(idOrAlias: string): ResolveResult {
    const model = this.get(idOrAlias);
    if (model) return { model };
    return {
      error: `Unknown model "${idOrAlias.trim()}": it is not a model id or alias in the catalog.`,
      suggestions: this.suggest(idOrAlias),
    };
  }

  /** Ids of the models whose id, name or alias is closest to `text` (edit distance), best first. */
  suggest(text: string, limit = MAX_SUGGESTIONS): string[] {
    const q = text.trim().toLowerCase();
    if (q === '') return [];
    const maxDistance = Math.max(2, Math.floor(q.length / 3));
    const scored: { id: string; distance: number; viaName: number }[] = [];
    for (const m of this.#models) {
      let best = Number.POSITIVE_INFINITY;
      let viaName = 1;
      for (const s of [m.id, ...(m.aliases ?? [])]) {
        const d = boundedDistance(q, s.toLowerCase(), maxDistance);
        if (d < best) best = d;
      }
      const byName = boundedDistance(q, m.name.toLowerCase(), maxDistance);
      if (byName < best) {
        best = byName;
        viaName = 1;
      } else if (best <= maxDistance) viaName = 0;
      if (best <= maxDistance) scored.push({ id: m.id, distance: best, viaName });
    }
    // Ties: a match on an id or alias (first-party models carry the provider-less name as an alias) before a match
    // on a reseller's bare name, then shorter ids, then alphabetical.
    scored.sort(
      (a, b) => a.distance - b.distance || a.viaName - b.viaName || a.id.length - b.id.length || compare(a.id, b.id),
    );
    if (scored.length > 0) return scored.slice(0, limit).map((s) => s.id);
    return this.#suggestByWords(q, limit);
  }

  /** Words in another order or a partial name (`gemini-pro-2.5`, `sonnet`): models whose name has all the words. */
  #suggestByWords(q: string, limit: number): string[] {
    const words = new Set(nameWords(q));
    if (words.size === 0) return [];
    const scored: { id: string; extra: number; firstParty: number }[] = [];
    for (const m of this.#models) {
      const own = new Set(nameWords(m.name));
      if (![...words].every((w) => own.has(w))) continue;
      // First-party models carry their bare name as an alias.
      const firstParty = m.aliases?.some((a) => a.toLowerCase() === m.name.toLowerCase()) ? 0 : 1;
      scored.push({ id: m.id, extra: own.size - words.size, firstParty });
    }
    scored.sort((a, b) => a.extra - b.extra || a.firstParty - b.firstParty || a.id.length - b.id.length || compare(a.id, b.id));
    return scored.slice(0, limit).map((s) => s.id);
  }

  /** Provider names, sorted. */
  providers(): readonly string[] {
    return this.#providers;
  }

  filter(filter: CatalogFilter = {}): Model[] {
    const terms = (filter.query ?? '').toLowerCase().split(/\s+/).filter((t) => t !== '');
    const provider = filter.provider?.toLowerCase();
    const search = terms.length > 0 ? this.#search() : undefined;
    return this.#models.filter((m) => {
      if (provider !== undefined && m.provider.toLowerCase() !== provider) return false;
      if (filter.minContext !== undefined && m.contextWindow < filter.minContext) return false;
      if (filter.maxInputPrice !== undefined && m.pricing.inputPerMTok > filter.maxInputPrice) return false;
      if (filter.capabilities && !filter.capabilities.every((c) => m.capabilities.includes(c))) return false;
      if (search) {
        const text = search.get(m) ?? '';
        if (!terms.every((t) => text.includes(t))) return false;
      }
      return true;
    });
  }

  /** A new catalog with `extra` added; an extra model with an existing id (case-insensitively) replaces it. */
  withModels(extra: readonly Model[]): Catalog {
    return new Catalog([...this.#models, ...extra]);
  }

  #search(): Map<Model, string> {
    if (!this.#searchText) {
      this.#searchText = new Map(
        this.#models.map((m) => [m, [m.id, m.name, m.arenaName ?? '', ...(m.aliases ?? [])].join('\n').toLowerCase()]),
      );
    }
    return this.#searchText;
  }
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
  bundled ??= new Catalog(bundledData.models);
  return bundled;
}

export interface BundledCatalogInfo {
  /** When the newest source snapshot was taken (ISO 8601). */
  generatedAt: string;
  sources: readonly CatalogSource[];
  /** What the generator left out, by reason (see scripts/catalog/skips.ts). */
  skipped: Readonly<Record<string, number>>;
}

export function bundledCatalogInfo(): BundledCatalogInfo {
  return { generatedAt: bundledData.generatedAt, sources: bundledData.sources, skipped: bundledData.skipped };
}
