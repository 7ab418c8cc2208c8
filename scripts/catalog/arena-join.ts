/**
 * Joining arena names to catalog models. A catalog model takes the ratings of the first arena entry found by, in order:
 *
 *  T0 the same name token for token (`claude-opus-4-5-20251101`; `anthropic.claude-opus-4-5-20251101-v1:0` on Bedrock);
 *  T1 the same name with a snapshot on one side only (`gpt-4o` → `gpt-4o-2024-08-06`, the latest; `o3-mini-2025-01-31`
 *     → `o3-mini`, but only when the arena has no dated `o3-mini`, so a new snapshot never takes an old one's rating);
 *  T2 the same relaxed name (no vendor words, serving markers, `preview`, `instruct`: `gemini-3-pro-preview` →
 *     `gemini-3-pro`), or the same snapshot with a longer spelling (`mistral-small-3-2-2506` → `mistral-small-2506`);
 *  T3 an arena mode of the model (`gpt-5` → `gpt-5-high`, `claude-opus-4-5` → `…-thinking-32k` when nothing plainer exists).
 *
 * Two snapshots that are both known and differ never match, and different names never match (`gpt-4o-mini` is not
 * `gpt-4o`, `gpt-3.5-turbo-instruct` is not `gpt-3.5-turbo`). Base models (`replicate/meta/llama-3-70b` next to
 * `…-instruct`) stop after T1, and a catalog preview never takes a later dated release's rating in T2. Within a step
 * the same snapshot (or both undated) wins, then the latest snapshot, then the higher rating, then the name.
 */
import type { ArenaEntry } from './arena.js';
import { compareStrings, headlineRating } from './arena.js';
import type { Snapshot } from './model-names.js';
import {
  catalogBaseName,
  isVersionOrSizeToken,
  looseArenaCore,
  relaxCore,
  splitSnapshot,
  splitVariant,
  tokenize,
} from './model-names.js';

export type JoinTier = 0 | 1 | 2 | 3;

interface Keys {
  full: string;
  core1: string;
  core2: string;
  core2Tokens: string[];
  snapshot: Snapshot | null;
}

interface ArenaKeys extends Keys {
  entry: ArenaEntry;
  /** The name without its mode suffix: `claude-opus-4-5-20251101-thinking-32k` → `claude-opus-4-5-20251101`. */
  base: string;
  variant: string | null;
  rating: number;
}

function keysOf(tokens: readonly string[]): Keys {
  const { core, snapshot } = splitSnapshot(tokens);
  const core2Tokens = relaxCore(core);
  return { full: tokens.join('-'), core1: core.join('-'), core2: core2Tokens.join('-'), core2Tokens, snapshot };
}

function arenaKeys(entry: ArenaEntry): ArenaKeys {
  const tokens = tokenize(entry.name);
  const { rest, variant } = splitVariant(tokens);
  return { ...keysOf(rest), full: tokens.join('-'), entry, base: rest.join('-'), variant, rating: headlineRating(entry) };
}

export function catalogKeys(provider: string, name: string): Keys {
  return keysOf(tokenize(catalogBaseName(provider, name)));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface ArenaMatch {
  entry: ArenaEntry;
  tier: JoinTier;
}

/** Arena entries indexed for joining; build once, then `match` each catalog model. */
export class ArenaIndex {
  readonly #exact = new Map<string, ArenaKeys[]>();
  readonly #plain1 = new Map<string, ArenaKeys[]>();
  readonly #plain2 = new Map<string, ArenaKeys[]>();
  readonly #variant1 = new Map<string, ArenaKeys[]>();
  readonly #variant2 = new Map<string, ArenaKeys[]>();
  readonly #bySnapshot = new Map<string, ArenaKeys[]>();
  /** Cores the arena has a dated entry for: an undated arena name with such a core is one release among several. */
  readonly #dated1 = new Set<string>();
  readonly #dated2 = new Set<string>();
  readonly #keys: ArenaKeys[];

  constructor(entries: readonly ArenaEntry[]) {
    this.#keys = entries.map(arenaKeys);
    for (const k of this.#keys) {
      push(this.#exact, k.full, k);
      if (k.variant === null) {
        push(this.#plain1, k.core1, k);
        push(this.#plain2, k.core2, k);
        if (k.snapshot) push(this.#bySnapshot, k.snapshot.raw, k);
      } else {
        push(this.#variant1, k.core1, k);
        push(this.#variant2, k.core2, k);
      }
      if (k.snapshot) {
        this.#dated1.add(k.core1);
        this.#dated2.add(k.core2);
      }
    }
  }

  /**
   * The arena entry whose ratings a catalog model takes, if any. `baseModel`: the provider also serves an `-instruct`
   * or `-chat` model of this name, so this one is the pretrained base model and only T0/T1 apply.
   */
  match(provider: string, name: string, options: { baseModel?: boolean } = {}): ArenaMatch | undefined {
    const m = catalogKeys(provider, name);
    const pick = (tier: JoinTier, candidates: readonly ArenaKeys[]): ArenaMatch | undefined => {
      const best = rank(m, candidates)[0];
      return best ? { entry: best.entry, tier } : undefined;
    };
    const arenaHasDated = (a: ArenaKeys) => this.#dated1.has(a.core1) || this.#dated2.has(a.core2);
    const compatible1 = (a: ArenaKeys) => compatible(m.snapshot, a.snapshot, arenaHasDated(a));
    // A preview that the arena only has as a dated release is a different snapshot (`gpt-4-turbo-preview` is not
    // `gpt-4-turbo-2024-04-09`); an undated arena name is the model itself (`gemini-3-pro-preview` → `gemini-3-pro`).
    const mPreview = m.core1.split('-').includes('preview');
    const compatible2 = (a: ArenaKeys) =>
      compatible(m.snapshot, a.snapshot, this.#dated2.has(a.core2)) &&
      (!mPreview || a.snapshot === null || a.core1.split('-').includes('preview'));
    const strict = pick(0, this.#exact.get(m.full) ?? []) ?? pick(1, (this.#plain1.get(m.core1) ?? []).filter(compatible1));
    if (strict || options.baseModel) return strict;
    return (
      pick(2, [...(this.#plain2.get(m.core2) ?? []).filter(compatible2), ...this.#longerSpelling(m)]) ??
      pick(3, [
        ...(this.#variant1.get(m.core1) ?? []).filter(compatible1),
        ...(this.#variant2.get(m.core2) ?? []).filter(compatible2),
      ])
    );
  }

  /** Same snapshot, and one relaxed name extends the other by version/size words only. */
  #longerSpelling(m: Keys): ArenaKeys[] {
    if (!m.snapshot) return [];
    return (this.#bySnapshot.get(m.snapshot.raw) ?? []).filter(
      (a) => extendsBy(a.core2Tokens, m.core2Tokens) || extendsBy(m.core2Tokens, a.core2Tokens),
    );
  }

  /** Each arena entry's name and base name (mode suffix removed). */
  keys(): readonly { name: string; base: string }[] {
    return this.#keys.map((k) => ({ name: k.entry.name, base: k.base }));
  }
}

/** `longer` is `shorter` plus trailing version or size tokens (`mistral small 3 2` extends `mistral small`). */
function extendsBy(shorter: readonly string[], longer: readonly string[]): boolean {
  if (shorter.length < 2 || longer.length <= shorter.length) return false;
  for (let i = 0; i < shorter.length; i++) if (shorter[i] !== longer[i]) return false;
  return longer.slice(shorter.length).every(isVersionOrSizeToken);
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return a.raw === b.raw || (a.sort !== null && a.sort === b.sort);
}

function compatible(catalog: Snapshot | null, arena: Snapshot | null, arenaHasDated: boolean): boolean {
  if (catalog && arena) return sameSnapshot(catalog, arena);
  if (catalog && !arena) return !arenaHasDated;
  return true;
}

function rank(m: Keys, candidates: readonly ArenaKeys[]): ArenaKeys[] {
  const unique = [...new Map(candidates.map((c) => [c.entry.name, c])).values()];
  // Same snapshot (or both undated) first: `deepseek-r1-basic` is `deepseek-r1`, not the later `deepseek-r1-0528`.
  const same = (a: ArenaKeys) =>
    (m.snapshot && a.snapshot && sameSnapshot(m.snapshot, a.snapshot)) || (!m.snapshot && !a.snapshot) ? 0 : 1;
  const recency = (a: ArenaKeys) => a.snapshot?.sort ?? Number.NEGATIVE_INFINITY;
  return unique.sort(
    (a, b) =>
      same(a) - same(b) ||
      (m.snapshot ? 0 : recency(b) - recency(a) || 0) ||
      b.rating - a.rating ||
      compareStrings(a.entry.name, b.entry.name),
  );
}

export interface JoinRate {
  /** How many top arena models (by overall rating) were considered. */
  considered: number;
  /** Of those, how many the LiteLLM map has in some form (see `presentInLiteLLM`). */
  present: number;
  /** Of the present ones, how many gave their ratings to catalog models (directly, or as a mode of a joined model). */
  joined: number;
  rate: number;
  /** Present but not joined. */
  missing: string[];
  /** Not in the LiteLLM map at all. */
  absent: string[];
}

/** Every LiteLLM chat model name as `|token|token|`, for `presentInLiteLLM`. */
export function litellmHaystack(litellmNames: readonly { provider: string; name: string }[]): string[] {
  return litellmNames.map((n) => `|${tokenize(catalogBaseName(n.provider, n.name)).join('|')}|`);
}

/**
 * Whether the LiteLLM map has an arena model in any form, decided independently of the join and more loosely than it:
 * the arena name's loose core (no mode, snapshot, vendor, serving, `preview`/`instruct`/`latest`/`chat`/… words) occurs
 * as consecutive tokens in some LiteLLM chat model's name. So `present` errs on the side of too many, which can only
 * lower the join rate.
 */
export function presentInLiteLLM(arenaName: string, haystack: readonly string[]): boolean {
  const core = looseArenaCore(arenaName);
  if (core.length === 0) return false;
  const needle = `|${core.join('|')}|`;
  return haystack.some((h) => h.includes(needle));
}

/**
 * Of the `top` arena models by overall rating that the LiteLLM map has, the share whose ratings reached the catalog:
 * the entry was chosen for some model, or it is a mode (`-thinking`, `-high`) of a chosen entry.
 */
export function computeJoinRate(
  arena: readonly ArenaEntry[],
  chosenNames: ReadonlySet<string>,
  index: ArenaIndex,
  litellmNames: readonly { provider: string; name: string }[],
  top = 100,
): JoinRate {
  const bases = new Map(index.keys().map((k) => [k.name, k.base]));
  const chosenBases = new Set([...chosenNames].map((n) => bases.get(n) ?? n));
  const ranked = arena
    .filter((e) => e.quality.overall !== undefined)
    .sort((a, b) => (b.quality.overall ?? 0) - (a.quality.overall ?? 0) || compareStrings(a.name, b.name))
    .slice(0, top);
  const haystack = litellmHaystack(litellmNames);
  const missing: string[] = [];
  const absent: string[] = [];
  let present = 0;
  let joined = 0;
  for (const e of ranked) {
    if (!presentInLiteLLM(e.name, haystack)) {
      absent.push(e.name);
      continue;
    }
    present++;
    if (chosenNames.has(e.name) || chosenBases.has(bases.get(e.name) ?? e.name)) joined++;
    else missing.push(e.name);
  }
  return { considered: ranked.length, present, joined, rate: present === 0 ? 1 : joined / present, missing, absent };
}
