import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OpenRouterListing } from '../../shared/catalog/openrouter.js';
import { parseOpenRouter } from '../../shared/catalog/openrouter.js';
import { loadUndici } from '../providers/http.js';

export const OPENROUTER_MODELS_URL = 'https://openrouter.ai/api/v1/models';
/** Live prices are fetched at most once a day; the last answer is kept on disk meanwhile. */
const TTL_MS = 24 * 60 * 60_000;
const TIMEOUT_MS = 8_000;
const MAX_BYTES = 32 * 1024 * 1024;

interface CacheFile {
  fetchedAt: string;
  url: string;
  body: unknown;
}

/**
 * Keeps OpenRouter's live model list (prices, limits) fresh in the background: read from the on-disk cache at once,
 * fetched again when older than a day. The URL is `SWITCHYARD_OPENROUTER_URL` (default OpenRouter's `/api/v1/models`). Never blocks a tool call and never fails one: when the network is closed or the
 * answer is bad, the catalog stays as it was (the cache, else the bundled snapshot). Off with SWITCHYARD_OFFLINE=1.
 */
export class OpenRouterRefresher {
  private live: OpenRouterListing = { entries: [], excluded: [], skipped: 0 };
  private fetchedAt = 0;
  private running: Promise<void> | undefined;
  /** Bumps whenever the live list changes, so the runtime knows to rebuild its catalog. */
  version = 0;

  constructor(
    private readonly cacheFile: string,
    private readonly url: string,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, cacheDir: string, onError?: (message: string) => void): OpenRouterRefresher | undefined {
    if (env.SWITCHYARD_OFFLINE === '1' || env.SWITCHYARD_OFFLINE === 'true') return undefined;
    return new OpenRouterRefresher(path.join(cacheDir, 'openrouter-models.json'), env.SWITCHYARD_OPENROUTER_URL || env.SWITCHYARD_OPENROUTER_MODELS_URL || OPENROUTER_MODELS_URL, onError);
  }

  /** The last good list (empty until one is read or fetched); the runtime lays it over the catalog. */
  listing(): OpenRouterListing {
    return this.live;
  }

  /**
   * Load the cache, then (unless `cacheOnly`) fetch if it is missing or stale. Safe to call often: one refresh at a
   * time. One-shot CLI commands read the cache only, so they never wait on the network.
   */
  refresh(options: { cacheOnly?: boolean; now?: number } = {}): Promise<void> {
    this.running ??= this.run(options.now ?? Date.now(), options.cacheOnly ?? false).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: number, cacheOnly: boolean): Promise<void> {
    if (this.fetchedAt === 0) await this.loadCache();
    if (cacheOnly || now - this.fetchedAt < TTL_MS) return;
    try {
      const body = await this.fetch();
      const listing = parseOpenRouter(body);
      if (listing.entries.length === 0) throw new Error('the answer listed no usable models');
      this.accept(listing, now);
      await mkdir(path.dirname(this.cacheFile), { recursive: true });
      const tmp = `${this.cacheFile}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ fetchedAt: new Date(now).toISOString(), url: this.url, body } satisfies CacheFile));
      await rename(tmp, this.cacheFile);
    } catch (error) {
      this.onError(`live model prices from ${this.url} not refreshed (${error instanceof Error ? error.message : String(error)}); using ${this.live.entries.length > 0 ? 'the cached list' : 'the bundled catalog'}`);
    }
  }

  private async loadCache(): Promise<void> {
    try {
      const cache = JSON.parse(await readFile(this.cacheFile, 'utf8')) as CacheFile;
      const listing = parseOpenRouter(cache.body);
      const at = Date.parse(cache.fetchedAt);
      if (listing.entries.length > 0 && Number.isFinite(at) && cache.url === this.url) this.accept(listing, at);
    } catch {
      // No cache yet, or a broken one: fetch.
    }
  }

  private accept(listing: OpenRouterListing, at: number): void {
    this.live = listing;
    this.fetchedAt = at;
    this.version++;
  }

  private async fetch(): Promise<unknown> {
    // Through loadUndici: in the bundle, a dynamic import of undici exposes only `default`.
    const { request } = await loadUndici();
    const res = await request(this.url, { headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, headers: { accept: 'application/json' } });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new Error(`HTTP ${res.statusCode}`);
    }
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BYTES) {
      await res.body.dump();
      throw new Error(`answer of ${declared} bytes is too large`);
    }
    return res.body.json();
  }
}
