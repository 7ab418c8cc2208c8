import { SwitchyardError } from '../errors.js';
import type { Catalog } from './catalog.js';
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
  models: Model[];
  total: number;
  nextCursor?: string;
}

export const DEFAULT_MODEL_LIMIT = 50;
export const MAX_MODEL_LIMIT = 5000;

const COMPARATORS: Record<ModelSort, (a: Model, b: Model) => number> = {
  price: (a, b) => a.pricing.inputPerMTok - b.pricing.inputPerMTok || a.pricing.outputPerMTok - b.pricing.outputPerMTok,
  // Unrated models sort after every rated one.
  quality: (a, b) => (b.quality?.overall ?? -Infinity) - (a.quality?.overall ?? -Infinity),
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
  const matches = [...catalog.filter(filter)];
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
