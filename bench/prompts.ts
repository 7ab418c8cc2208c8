/** Prompt sets for the benchmarks: many distinct prompts per size, so no cache sees the same text every time. */
import taskPrompts from '../test/fixtures/task-prompts.json' with { type: 'json' };
import { benchPrompt } from './detect-task.bench.js';

/** The labelled task-detection prompts under 400 characters (coding, math, creative, instructions, general…). */
export function shortPrompts(): string[] {
  return (taskPrompts as { prompt?: string }[]).map((p) => p.prompt ?? '').filter((p) => p.length > 0 && p.length < 400);
}

const CODE = `import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export interface CacheEntry<T> { key: string; value: T; expires: number }

/** A small file-backed cache with expiry; entries are JSON. */
export class FileCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  constructor(private readonly file: string, private readonly ttlMs = 60_000) {}

  async load(): Promise<void> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as CacheEntry<T>[];
      for (const e of raw) if (e.expires > Date.now()) this.entries.set(e.key, e);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  get(name: string): T | undefined {
    const e = this.entries.get(hash(name));
    if (!e || e.expires <= Date.now()) return undefined;
    return e.value;
  }

  set(name: string, value: T): void {
    const key = hash(name);
    this.entries.set(key, { key, value, expires: Date.now() + this.ttlMs });
  }

  async save(): Promise<void> {
    await writeFile(this.file, JSON.stringify([...this.entries.values()]), 'utf8');
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Removes expired entries; returns how many went. */
export function prune<T>(cache: FileCache<T>, entries: Map<string, CacheEntry<T>>, now = Date.now()): number {
  let removed = 0;
  for (const [key, entry] of entries) {
    if (entry.expires <= now) {
      entries.delete(key);
      removed++;
    }
  }
  return removed;
}

/** Reads a cache file written by an older version (one JSON object per line) and converts it. */
export async function migrate<T>(oldFile: string, cache: FileCache<T>): Promise<number> {
  let moved = 0;
  for (const line of (await readFile(oldFile, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const { name, value } = JSON.parse(line) as { name: string; value: T };
    cache.set(name, value);
    moved++;
  }
  await cache.save();
  return moved;
}
`;

const CODE_ASKS = [
  'Why does get() sometimes return stale values after save() and load()? Fix it.',
  'Add an LRU limit of 1,000 entries to this cache and write unit tests with vitest.',
  'Refactor FileCache so that save() is debounced and never writes concurrently.',
  'Explain what this code does, line by line, for a junior developer.',
  'Port this class to Python 3.12 with type hints and dataclasses.',
  'Find the bug: entries loaded from disk never expire. Suggest a minimal patch.',
  'Rewrite load() to stream the file instead of reading it whole.',
  'Review this code for security problems and list them by severity.',
];

/** About 2 KB: a TypeScript file in a fence and a request, in variants (renamed identifiers, different asks). */
export function codePrompts(count = 24): string[] {
  return Array.from({ length: count }, (_, k) => {
    const body = CODE.replaceAll('FileCache', `FileCache${k}`).replaceAll('CacheEntry', `Entry${k}`).replaceAll('60_000', String(30_000 + k * 1000));
    return `\`\`\`ts\n${body}\`\`\`\n\n${CODE_ASKS[k % CODE_ASKS.length]}`;
  });
}

const LONG_ASKS = [
  '\nSummarize the incident in five bullet points.',
  '\nWrite the postmortem: timeline, root cause, action items.',
  '\nWhat should we monitor so this is caught earlier? Be specific.',
  '\nDraft a short note to finance explaining the duplicate invoices.',
];

/** About 10 KB: project notes with code and a stack trace, and a request at the end (see detect-task.bench.ts). */
export function longPrompts(count = 12): string[] {
  const base = benchPrompt();
  return Array.from({ length: count }, (_, k) => `${base.slice(0, base.length - 200)} (variant ${k})${LONG_ASKS[k % LONG_ASKS.length]}`);
}
