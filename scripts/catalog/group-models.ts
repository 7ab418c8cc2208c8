/**
 * Grouping endpoints into models. Endpoints whose names reduce to the same provider-neutral name (see
 * `catalogBaseName`; serving markers, `:free`, `latest`, vendor words dropped) are one model, except for dated
 * snapshots: a snapshot is folded into the undated model when it is served at the same prices and limits under both
 * names (`gpt-5-nano-2025-08-07` ≡ `gpt-5-nano`; see `foldedSnapshots`); a snapshot that differs
 * (`gpt-4o-2024-05-13`) is a model of its own. Within a model, a dated endpoint identical to the undated
 * one at the same provider is folded into it (its id becomes an alias of that endpoint).
 */
import { compareStrings } from './arena.js';
import type { SourceEndpoint } from './convert-entry.js';
import type { Snapshot } from './model-names.js';
import { catalogBaseName, splitSnapshot, tokenize } from './model-names.js';
import { MAKER_OF_PROVIDER, makerOfWord, providerRank } from './providers.js';

const DROPPED = new Set(['fp8', 'fp4', 'fp16', 'bf16', 'int4', 'int8', 'mxfp4', 'mxfp', 'nvfp4', 'awq', 'gguf', 'tput', 'maas', 'free', 'exacto', 'cloud', 'hf', 'latest', 'default']);
const LEADING = new Set(['meta', 'openai', 'anthropic', 'google', 'mistralai', 'databricks', 'nvidia', 'microsoft', 'amazon', 'xai', 'zai', 'ai21', 'alibaba', 'cohere', 'ibm', 'moonshot', 'moonshotai', 'snowflake']);

export interface EndpointDraft {
  src: SourceEndpoint;
  /** Ids of dated endpoints folded into this one. */
  folded: string[];
}

export interface ModelDraft {
  id: string;
  maker: string;
  /** The provider-neutral name without snapshot (`claude-sonnet-4-5`): for family, tier and arena. */
  core: string;
  snapshot: Snapshot | null;
  /** Snapshot dates (YYYYMMDD, 00 for unknown days) of every endpoint, for the release date. */
  dates: number[];
  endpoints: EndpointDraft[];
}

interface Keyed {
  e: SourceEndpoint;
  core: string;
  snapshot: Snapshot | null;
}

export function keyOf(provider: string, name: string): { core: string; snapshot: Snapshot | null } {
  // Bedrock revisions (`-v1:0`) also without a vendor prefix (`claude-sonnet-4-5-20250929-v1:0`).
  const bare = provider === 'bedrock' ? name.replace(/-v?\d+:\d+$/, '') : name;
  const { core, snapshot } = splitSnapshot(tokenize(catalogBaseName(provider, bare)));
  let c = core.filter((t) => !DROPPED.has(t));
  while (c.length > 1 && LEADING.has(c[0] ?? '')) c = c.slice(1);
  // A trailing `v1` is the first version of the name itself (`nova-pro-v1` is `nova-pro`).
  if (c.length > 2 && c.at(-2) === 'v' && c.at(-1) === '1') c = c.slice(0, -2);
  return { core: c.join('-'), snapshot };
}

const snapKey = (s: Snapshot) => (s.sort !== null ? String(s.sort) : s.raw);
const sameOffer = (a: SourceEndpoint, b: SourceEndpoint) =>
  JSON.stringify(a.pricing) === JSON.stringify(b.pricing) && a.contextWindow === b.contextWindow && a.maxOutputTokens === b.maxOutputTokens;
const sameEndpoint = (a: SourceEndpoint, b: SourceEndpoint) =>
  sameOffer(a, b) &&
  a.capabilities.join() === b.capabilities.join() &&
  a.modalities.join() === b.modalities.join() &&
  a.deprecationDate === b.deprecationDate;

/**
 * Which snapshots of one name are the undated model itself: those the maker's API serves alike under both names, or,
 * when the maker does not serve both, every provider that does. When no snapshot is shown to be, the undated name is
 * the latest snapshot no provider contradicts (as the maker's undated aliases are).
 */
function foldedSnapshots(list: readonly Keyed[]): Set<string> {
  const undated = list.filter((k) => !k.snapshot);
  const bySnap = new Map<string, Keyed[]>();
  for (const k of list) if (k.snapshot) bySnap.set(snapKey(k.snapshot), [...(bySnap.get(snapKey(k.snapshot)) ?? []), k]);
  const folded = new Set<string>();
  if (undated.length === 0) return folded;
  const unknown: { snap: string; sort: number }[] = [];
  for (const [snap, dated] of bySnap) {
    const verdicts = dated.flatMap((d) => {
      const u = undated.filter((x) => x.e.provider === d.e.provider);
      return u.length === 0 ? [] : [{ provider: d.e.provider, same: u.some((x) => sameOffer(x.e, d.e)) }];
    });
    const maker = verdicts.find((v) => MAKER_OF_PROVIDER[v.provider] !== undefined);
    if (maker ? maker.same : verdicts.length > 0 && verdicts.every((v) => v.same)) folded.add(snap);
    else if (verdicts.length === 0) unknown.push({ snap, sort: dated[0]?.snapshot?.sort ?? 0 });
  }
  const latest = unknown.sort((a, b) => b.sort - a.sort)[0];
  if (folded.size === 0 && latest) folded.add(latest.snap);
  return folded;
}

/** The model's id: the maker's own API name, else an OpenRouter-style `maker/name` slug. */
function modelId(endpoints: readonly Keyed[], dated: boolean): { id: string; maker: string } {
  const firstParty = endpoints
    .filter((k) => MAKER_OF_PROVIDER[k.e.provider] !== undefined)
    .sort((a, b) => providerRank(a.e.provider) - providerRank(b.e.provider) || Number(!dated && !!a.snapshot) - Number(!dated && !!b.snapshot) || a.e.name.length - b.e.name.length || compareStrings(a.e.name, b.e.name));
  const fp = firstParty[0];
  if (fp) {
    const maker = MAKER_OF_PROVIDER[fp.e.provider] ?? fp.e.provider;
    return { id: `${maker}/${fp.e.name}`, maker };
  }
  const openrouter = endpoints.filter((k) => k.e.provider === 'openrouter' && /^[\w.-]+\/[^/]+$/.test(k.e.name)).sort((a, b) => a.e.name.length - b.e.name.length || compareStrings(a.e.name, b.e.name))[0];
  if (openrouter) {
    const slug = openrouter.e.name.toLowerCase().replace(/:[\w-]+$/, '');
    return { id: slug, maker: slug.slice(0, slug.indexOf('/')) };
  }
  // Gateways that spell names as `maker/name` (novita, deepinfra, together) are closest to OpenRouter's slugs;
  // vendor-dotted names (bedrock's `meta.llama3-1-…`) and fireworks' paths are furthest.
  const rank = (k: Keyed, g: { maker: string }) =>
    k.e.name.toLowerCase().startsWith(`${g.maker}/`) ? 0 : /^(bedrock|oci|fireworks_ai|watsonx|cloudflare)$/.test(k.e.provider) ? 2 : 1;
  const guesses = endpoints
    .map((k) => ({ k, g: guessSlug(k) }))
    .sort((a, b) => rank(a.k, a.g) - rank(b.k, b.g) || a.g.id.length - b.g.id.length || dashes(a.g.id) - dashes(b.g.id) || compareStrings(a.g.id, b.g.id));
  return guesses[0]?.g ?? { id: 'unknown/unknown', maker: 'unknown' };
}

/** `llama-3-3` spellings after `llama-3.3` ones (OpenRouter writes versions with dots). */
const dashes = (id: string) => -(id.match(/\d\.\d/g) ?? []).length;

function guessSlug(k: Keyed): { id: string; maker: string } {
  const first = k.core.split('-')[0] ?? '';
  const segments = k.e.name.split('/');
  const vendor = segments.length >= 2 ? segments[segments.length - 2]?.toLowerCase() : undefined;
  const byWord = first === 'o' && !/^o-\d/.test(k.core) ? undefined : makerOfWord(first);
  const maker = byWord ?? (vendor && !/^(models|@cf|@hf)$/.test(vendor) ? vendor : k.e.provider);
  let name = catalogBaseName(k.e.provider, k.e.name);
  for (let again = true; again; ) {
    const before = name;
    name = name.replace(/^(meta|databricks|openai|snowflake|nvidia|microsoft|google|mistralai)-/, '').replace(/-(fp8|fp16|bf16|int4|int8|awq|free|cloud|maas|tput|hf)$/, '');
    again = name !== before;
  }
  return { id: `${maker}/${name}`, maker };
}

export function groupModels(endpoints: readonly SourceEndpoint[]): ModelDraft[] {
  const byCore = new Map<string, Keyed[]>();
  for (const e of endpoints) {
    const k = { e, ...keyOf(e.provider, e.name) };
    byCore.set(k.core, [...(byCore.get(k.core) ?? []), k]);
  }
  const drafts = new Map<string, ModelDraft>();
  for (const [core, list] of byCore) {
    const folded = foldedSnapshots(list);
    const groups = new Map<string, Keyed[]>();
    for (const k of list) {
      const g = k.snapshot && !folded.has(snapKey(k.snapshot)) ? snapKey(k.snapshot) : '';
      groups.set(g, [...(groups.get(g) ?? []), k]);
    }
    for (const [g, members] of groups) {
      const { id, maker } = modelId(members, g !== '');
      const snapshot = g === '' ? null : (members[0]?.snapshot ?? null);
      const existing = drafts.get(id.toLowerCase());
      const endpointsOf = mergeSameProvider(members);
      const dates = members.flatMap((m) => (m.snapshot?.sort ? [m.snapshot.sort] : []));
      if (existing) {
        existing.endpoints.push(...endpointsOf);
        existing.dates.push(...dates);
      } else drafts.set(id.toLowerCase(), { id, maker, core, snapshot, dates, endpoints: endpointsOf });
    }
  }
  const out = [...drafts.values()];
  for (const d of out) d.endpoints.sort((a, b) => compareStrings(a.src.id, b.src.id));
  return out.sort((a, b) => compareStrings(a.id, b.id));
}

/** A dated endpoint identical to the undated one at the same provider (whose name it extends) folds into it. */
function mergeSameProvider(members: readonly Keyed[]): EndpointDraft[] {
  const drafts = new Map<string, EndpointDraft>(members.map((k) => [k.e.id, { src: k.e, folded: [] }]));
  for (const d of members) {
    if (!d.snapshot) continue;
    const target = members.find((u) => !u.snapshot && u.e.provider === d.e.provider && d.e.name.startsWith(u.e.name) && sameEndpoint(u.e, d.e));
    const into = target ? drafts.get(target.e.id) : undefined;
    if (!into) continue;
    into.folded.push(d.e.id);
    drafts.delete(d.e.id);
  }
  return [...drafts.values()];
}
