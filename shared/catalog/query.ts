import { SwitchyardError } from '../errors.js';
import { Catalog } from './catalog.js';
import type { Capability, Model } from './model.js';
import { compareText } from '../format.js';

export const MODEL_SORTS = ['price', 'quality', 'context', 'name'] as const;
export type ModelSort = (typeof MODEL_SORTS)[number];

export interface ModelQuery {
  query?: string;
  provider?: string;
  capabilities?: Capability[];
  minContext?: number;
  maxInputPrice?: number;
  sort?: ModelSort;
  limit?: number;
  cursor?: string;
}

export interface ModelPage {
  /** The matching models, each with only its endpoints that pass the filters (all of them without endpoint filters). */
  models: Model[];
  total: number;
  nextCursor?: string;
}

export const DEFAULT_MODEL_LIMIT = 50;
export const MAX_MODEL_LIMIT = 5000;

/** The cheapest of a model's (matching) endpoints: what `price` sorts by. */
function cheapest(m: Model): { inputPerMTok: number; outputPerMTok: number } {
  let best = m.endpoints[0]?.pricing ?? { inputPerMTok: Infinity, outputPerMTok: Infinity };
  for (const e of m.endpoints) {
    const p = e.pricing;
    if (p.inputPerMTok < best.inputPerMTok || (p.inputPerMTok === best.inputPerMTok && p.outputPerMTok < best.outputPerMTok)) best = p;
  }
  return best;
}

const COMPARATORS: Record<ModelSort, (a: Model, b: Model) => number> = {
  price: (a, b) => cheapest(a).inputPerMTok - cheapest(b).inputPerMTok || cheapest(a).outputPerMTok - cheapest(b).outputPerMTok,
  // Every model has evidence (arena or estimated); a model without an overall rating would sort last.
  quality: (a, b) => (b.quality.ratings.overall ?? -Infinity) - (a.quality.ratings.overall ?? -Infinity),
  context: (a, b) => b.contextWindow - a.contextWindow,
  name: () => 0,
};

/** Filter, sort and page the catalog. The cursor is opaque to clients: it encodes the next offset and the query it belongs to. */
export function queryModels(catalog: Catalog, q: ModelQuery): ModelPage {
  const limit = q.limit ?? DEFAULT_MODEL_LIMIT;
  const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor, fingerprint(q));
  const filter: Parameters<Catalog['filter']>[0] = {};
  if (q.query !== undefined) filter.query = q.query;
  if (q.provider !== undefined) filter.provider = q.provider;
  if (q.capabilities !== undefined) filter.capabilities = q.capabilities;
  if (q.minContext !== undefined) filter.minContext = q.minContext;
  if (q.maxInputPrice !== undefined) filter.maxInputPrice = q.maxInputPrice;
  const matches = catalog.filter(filter).map((m) => ({ ...m, endpoints: Catalog.matchingEndpoints(m, filter) }));
  const byKey = COMPARATORS[q.sort ?? 'name'];
  matches.sort((a, b) => byKey(a, b) || compareText(a.id, b.id));
  const models = matches.slice(offset, offset + limit);
  const page: ModelPage = { models, total: matches.length };
  if (offset + limit < matches.length) page.nextCursor = encodeCursor(offset + limit, fingerprint(q));
  return page;
}

function fingerprint(q: ModelQuery): string {
  return JSON.stringify([q.query, q.provider, q.capabilities, q.minContext, q.maxInputPrice, q.sort]);
}

function encodeCursor(offset: number, print: string): string {
  return btoa(JSON.stringify({ o: offset, h: hash(print) }));
}

function decodeCursor(cursor: string, print: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(atob(cursor));
  } catch {
    throw new SwitchyardError('invalid_argument', `cursor: "${cursor}" is not a cursor returned by list_models`);
  }
  const { o, h } = (parsed ?? {}) as { o?: unknown; h?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0) {
    throw new SwitchyardError('invalid_argument', `cursor: "${cursor}" is not a cursor returned by list_models`);
  }
  if (h !== hash(print)) {
    throw new SwitchyardError('invalid_argument', 'cursor: it belongs to a different query (filters or sort changed); start again without a cursor');
  }
  return o;
}

/** FNV-1a, enough to tell queries apart. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
