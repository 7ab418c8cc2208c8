import type { Quality, QualityCategory } from '../../shared/catalog/model.js';
import { QUALITY_CATEGORIES } from '../../shared/catalog/model.js';
import { isEntry } from './litellm-types.js';
import { roundRating } from './numbers.js';
import type { SkipCounter } from './skips.js';

/** LMArena text leaderboard category → Switchyard quality category. */
export const TEXT_CATEGORIES: Readonly<Record<string, QualityCategory>> = {
  full: 'overall',
  coding: 'coding',
  math: 'math',
  creative_writing: 'creative',
  if: 'instructions',
  long_user: 'longContext',
  hard_6: 'hardPrompts',
  multiturn: 'multiTurn',
};
/** LMArena vision leaderboard category → Switchyard quality category. */
export const VISION_CATEGORIES: Readonly<Record<string, QualityCategory>> = { full: 'vision' };

/** One arena model with its ratings (rounded to 0.1). */
export interface ArenaEntry {
  name: string;
  quality: Quality;
}

/**
 * Both leaderboards (`category → arena model name → { rating, … }`) → one entry per arena model name, sorted by name.
 * Unusable ratings are counted as `badField:lmarena.<category>` and left out.
 */
export function parseArena(text: unknown, vision: unknown, skips: SkipCounter): ArenaEntry[] {
  const byName = new Map<string, Partial<Record<QualityCategory, number>>>();
  const read = (board: unknown, categories: Readonly<Record<string, QualityCategory>>, label: string) => {
    if (!isEntry(board)) {
      skips.add(`badField:lmarena.${label}`);
      return;
    }
    for (const [category, target] of Object.entries(categories)) {
      const ratings = board[category];
      if (!isEntry(ratings)) {
        skips.add(`badField:lmarena.${label}.${category}`);
        continue;
      }
      for (const [name, value] of Object.entries(ratings)) {
        const rating = isEntry(value) ? value['rating'] : undefined;
        if (typeof rating !== 'number' || !Number.isFinite(rating)) {
          skips.add(`badField:lmarena.${label}.${category}`);
          continue;
        }
        const q = byName.get(name) ?? {};
        q[target] = roundRating(rating);
        byName.set(name, q);
      }
    }
  };
  read(text, TEXT_CATEGORIES, 'text');
  read(vision, VISION_CATEGORIES, 'vision');

  return [...byName.keys()].sort(compareStrings).map((name) => {
    const raw = byName.get(name) ?? {};
    const quality: Quality = {};
    for (const c of QUALITY_CATEGORIES) {
      const r = raw[c];
      if (r !== undefined) quality[c] = r;
    }
    return { name, quality };
  });
}

/** The rating used to rank arena entries against each other: overall, else vision. */
export function headlineRating(entry: ArenaEntry): number {
  return entry.quality.overall ?? entry.quality.vision ?? Number.NEGATIVE_INFINITY;
}

/** Code-unit order: the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
