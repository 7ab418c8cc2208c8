/**
 * Grouping endpoints into models. Endpoints whose names reduce to the same provider-neutral name (see
 * `catalogBaseName`; serving markers, `:free`, `latest`, vendor words dropped) are one model, except for dated
 * snapshots: a snapshot is folded into the undated model when it is served at the same prices and limits under both
 * names (`gpt-5-nano-2025-08-07` ≡ `gpt-5-nano`; see `foldedSnapshots`); a snapshot that differs
 * (`gpt-4o-2024-05-13`) is a model of its own. Within a model, a dated endpoint identical to the undated
 * one at the same provider is folded into it (its id becomes an alias of that endpoint).
 */
import { compareStrings } from './arena.js';
import type { ExcludedEntry } from '../../shared/catalog/model.js';
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
  /** Ids of serving variants folded in (`…-customtools`, `…-128k`) and of serving names joined: aliases of the model. */
  variantIds?: string[];
}

interface Keyed {
  e: SourceEndpoint;
  core: string;
  snapshot: Snapshot | null;
  renamedFrom?: string;
}

/**
 * Providers' own names for open weights that the name rules cannot tie to the maker's release safely (a bare
 * `llama3.1-8b` is the base model at some providers): `provider/name` → the maker's name. Each row is the instruct
 * release, per the provider's model documentation.
 */
export const SERVING_NAMES: Readonly<Record<string, string>> = {
  'groq/llama-3.1-8b-instant': 'llama-3.1-8b-instruct',
  'groq/llama-3.3-70b-versatile': 'llama-3.3-70b-instruct',
  'cerebras/llama3.1-8b': 'llama-3.1-8b-instruct',
  'cerebras/llama3.1-70b': 'llama-3.1-70b-instruct',
  'cerebras/llama-3.3-70b': 'llama-3.3-70b-instruct',
  'snowflake/llama3.1-8b': 'llama-3.1-8b-instruct',
  'snowflake/llama3.1-70b': 'llama-3.1-70b-instruct',
  'snowflake/llama3.1-405b': 'llama-3.1-405b-instruct',
  'snowflake/llama3.3-70b': 'llama-3.3-70b-instruct',
  'snowflake/snowflake-llama-3.3-70b': 'llama-3.3-70b-instruct',
  'vercel_ai_gateway/meta/llama-3.1-8b': 'llama-3.1-8b-instruct',
  'vercel_ai_gateway/meta/llama-3.1-70b': 'llama-3.1-70b-instruct',
  'vercel_ai_gateway/meta/llama-3.3-70b': 'llama-3.3-70b-instruct',
  'llamagate/llama-3.1-8b': 'llama-3.1-8b-instruct',
  'groq/gemma2-9b-it': 'gemma-2-9b-it',
  'fireworks_ai/accounts/fireworks/models/gemma2-9b-it': 'gemma-2-9b-it',
  'vercel_ai_gateway/google/gemma-2-9b': 'gemma-2-9b-it',
  'fireworks_ai/accounts/fireworks/models/qwen3-coder-480b-instruct-bf16': 'qwen3-coder-480b-a35b-instruct',
  'bedrock/qwen.qwen3-coder-480b-a35b-v1:0': 'qwen3-coder-480b-a35b-instruct',
  'fireworks_ai/accounts/fireworks/models/deepseek-r1-basic': 'deepseek-r1',
  // quantized deployments of the instruct release (FP8 at Cloudflare and OCI; `-fast`/`-dynamic` name the serving)
  'cloudflare/@cf/meta/llama-3.3-70b-instruct-fp8-fast': 'llama-3.3-70b-instruct',
  'oci/meta.llama-3.3-70b-instruct-fp8-dynamic': 'llama-3.3-70b-instruct',
};

/**
 * Short names that only one release can mean, at any provider (as reduced by `keyOf`): Mixtral 8x7B and 8x22B had
 * one instruct release each (v0.1), Llama 4 Maverick and Scout one each (17B-128E and 17B-16E instruct; Fireworks'
 * `-basic` is a cheaper deployment), OpenRouter calls DeepSeek-V3 `deepseek-chat-v3`.
 */
export const CORE_NAMES: Readonly<Record<string, string>> = {
  'mixtral-8-x-7-b-instruct': 'mixtral-8-x-7-b-instruct-v-0-1',
  'mistral-mixtral-8-x-7-b-instruct': 'mixtral-8-x-7-b-instruct-v-0-1',
  'mixtral-8-x-22-b-instruct': 'mixtral-8-x-22-b-instruct-v-0-1',
  'llama-4-maverick': 'llama-4-maverick-17-b-128-e-instruct',
  'llama-4-maverick-17-b-instruct': 'llama-4-maverick-17-b-128-e-instruct',
  'llama-4-maverick-instruct-basic': 'llama-4-maverick-17-b-128-e-instruct',
  'llama-4-scout': 'llama-4-scout-17-b-16-e-instruct',
  'llama-4-scout-17-b-instruct': 'llama-4-scout-17-b-16-e-instruct',
  'llama-4-scout-instruct-basic': 'llama-4-scout-17-b-16-e-instruct',
  'deepseek-chat-v-3': 'deepseek-v-3',
  'deepseek-chat-v-3-1': 'deepseek-v-3-1',
};

/** Azure spells GPT-3.5 without the dot (`gpt-35-turbo`, `gpt-35-turbo-16k`): its deployment names allow none. */
const respelled = (core: string): string => core.replace(/^gpt-35(?=-|$)/, 'gpt-3-5');

/**
 * The grouping key of a provider's name: its provider-neutral core and snapshot. `renamedFrom` is the core the name
 * rules alone give, when SERVING_NAMES or CORE_NAMES moved it (its would-be model id stays an alias).
 */
export function keyOf(provider: string, name: string): { core: string; snapshot: Snapshot | null; renamedFrom?: string } {
  const raw = rawKey(provider, name);
  const served = SERVING_NAMES[`${provider}/${name}`.toLowerCase()];
  const k = served !== undefined ? rawKey(provider, served) : raw;
  const core = CORE_NAMES[k.core] ?? respelled(k.core);
  return core === raw.core ? { core, snapshot: k.snapshot } : { core, snapshot: k.snapshot, renamedFrom: raw.core };
}

function rawKey(provider: string, name: string): { core: string; snapshot: Snapshot | null } {
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
function foldedSnapshots(list: readonly Keyed[], splitOff: Set<string> = new Set()): Set<string> {
  const undated = list.filter((k) => !k.snapshot);
  const bySnap = new Map<string, Keyed[]>();
  for (const k of list) if (k.snapshot) bySnap.set(snapKey(k.snapshot), [...(bySnap.get(snapKey(k.snapshot)) ?? []), k]);
  const folded = new Set<string>();
  const byMaker = new Set<string>();
  if (undated.length === 0) return folded;
  const unknown: { snap: string; sort: number }[] = [];
  for (const [snap, dated] of bySnap) {
    const verdicts = dated.flatMap((d) => {
      const u = undated.filter((x) => x.e.provider === d.e.provider);
      return u.length === 0 ? [] : [{ provider: d.e.provider, same: u.some((x) => sameOffer(x.e, d.e)) }];
    });
    const maker = verdicts.find((v) => MAKER_OF_PROVIDER[v.provider] !== undefined);
    if (maker?.same) byMaker.add(snap);
    if (maker ? maker.same : verdicts.length > 0 && verdicts.every((v) => v.same)) folded.add(snap);
    else if (verdicts.length === 0) unknown.push({ snap, sort: dated[0]?.snapshot?.sort ?? 0 });
  }
  const latest = unknown.sort((a, b) => b.sort - a.sort)[0];
  if (folded.size === 0 && latest) folded.add(latest.snap);
  // Two snapshots that one provider serves with different limits or prices are two releases
  // (`claude-3-5-sonnet-20240620` and `-20241022` at Bedrock): the undated name is only the latest of them, unless
  // the maker's own API serves both alike under the undated name.
  const differ = (a: string, b: string) =>
    (bySnap.get(a) ?? []).some((x) => (bySnap.get(b) ?? []).some((y) => x.e.provider === y.e.provider && !sameOffer(x.e, y.e)));
  const sorted = [...folded].sort((a, b) => (bySnap.get(b)?.[0]?.snapshot?.sort ?? 0) - (bySnap.get(a)?.[0]?.snapshot?.sort ?? 0));
  const newest = sorted[0];
  if (newest !== undefined) {
    for (const s of sorted.slice(1)) {
      if (byMaker.has(s) || !differ(newest, s)) continue;
      folded.delete(s);
      splitOff.add(s);
    }
  }
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

export function groupModels(endpoints: readonly SourceEndpoint[]): { models: ModelDraft[]; excluded: ExcludedEntry[] } {
  const byCore = new Map<string, Keyed[]>();
  for (const e of endpoints) {
    const k = { e, ...keyOf(e.provider, e.name) };
    byCore.set(k.core, [...(byCore.get(k.core) ?? []), k]);
  }
  const drafts = new Map<string, ModelDraft>();
  for (const [core, list] of byCore) {
    const splitOff = new Set<string>();
    const folded = foldedSnapshots(list, splitOff);
    // When an older release was split off (claude-3-5-sonnet-20240620), the undated model is the newest folded
    // snapshot: its dated and `-latest` names say so (`anthropic/claude-3-5-sonnet-20241022`, `claude-3-5-sonnet-latest`).
    const newestFolded = splitOff.size === 0 ? undefined : list.filter((k) => k.snapshot && folded.has(snapKey(k.snapshot))).sort((x, y) => (y.snapshot?.sort ?? 0) - (x.snapshot?.sort ?? 0))[0]?.snapshot?.raw;
    const groups = new Map<string, Keyed[]>();
    for (const k of list) {
      const g = k.snapshot && !folded.has(snapKey(k.snapshot)) ? snapKey(k.snapshot) : '';
      groups.set(g, [...(groups.get(g) ?? []), k]);
    }
    for (const [g, members] of groups) {
      // Endpoints joined by a serving-name table do not rename the model; the id they alone would have given stays
      // an alias (`meta-llama/llama-3.1-8b-instant` → `meta-llama/llama-3.1-8b-instruct`).
      const canonical = members.filter((m) => m.renamedFrom === undefined);
      const { id, maker } = modelId(canonical.length > 0 ? canonical : members, g !== '');
      const renamed = [...new Set(members.flatMap((m) => (m.renamedFrom !== undefined ? [m.renamedFrom] : [])))];
      const formerIds = renamed.map((r) => modelId(members.filter((m) => m.renamedFrom === r), g !== '').id).filter((x) => x.toLowerCase() !== id.toLowerCase());
      if (g === '' && newestFolded !== undefined) {
        for (const name of [`${core}-${newestFolded}`, `${core}-latest`]) formerIds.push(`${maker}/${name}`, name);
      }
      const snapshot = g === '' ? null : (members[0]?.snapshot ?? null);
      const existing = drafts.get(id.toLowerCase());
      const endpointsOf = mergeSameProvider(members);
      const dates = members.flatMap((m) => (m.snapshot?.sort ? [m.snapshot.sort] : []));
      if (existing) {
        existing.endpoints.push(...endpointsOf);
        existing.dates.push(...dates);
        if (formerIds.length > 0) existing.variantIds = [...(existing.variantIds ?? []), ...formerIds];
      } else {
        const d: ModelDraft = { id, maker, core, snapshot, dates, endpoints: endpointsOf };
        if (formerIds.length > 0) d.variantIds = formerIds;
        drafts.set(id.toLowerCase(), d);
      }
    }
  }
  const variants: ExcludedEntry[] = [];
  foldServingVariants(drafts, variants);
  const out = [...drafts.values()];
  for (const d of out) d.endpoints.sort((a, b) => compareStrings(a.src.id, b.src.id));
  return { models: out.sort((a, b) => compareStrings(a.id, b.id)), excluded: variants.sort((a, b) => compareStrings(a.id, b.id)) };
}

/**
 * The core a serving variant of the same weights reduces to: a context length (`-128k`, `-32k-rope`, `-131072`, or
 * Fireworks' `-long`) or a tool-calling mode (`-customtools`) after the name. Undefined when the core is no such variant.
 */
export function servingVariantBase(core: string): { base: string; what: string } | undefined {
  const m = /^(.+?)-(customtools|long|(\d+)-k(-rope)?|(\d{4,7}))$/.exec(core);
  if (!m?.[1]) return undefined;
  if (m[2] === 'customtools') return { base: m[1], what: 'a tool-calling variant' };
  if (m[2] === 'long') return { base: m[1], what: 'a long-context serving variant' };
  const tokens = m[5] !== undefined ? Number(m[5]) : Number(m[3]) * 1024;
  // A bare number is a context length only when it is one (a multiple of 1024 tokens), not a date or a version.
  if (m[5] !== undefined && (tokens < 4096 || tokens % 1024 !== 0)) return undefined;
  return { base: m[1], what: `a ${Math.round(tokens / 1024)}k-context serving variant` };
}

/**
 * Serving variants of a model that is also served under its own name fold into it as endpoints (their ids stay
 * endpoint ids, their bare names model aliases) when each is priced as the base model is at its provider; otherwise
 * they are excluded, so that the same weights never compete with themselves under two names.
 */
function foldServingVariants(drafts: Map<string, ModelDraft>, excluded: ExcludedEntry[]): void {
  const byCore = new Map<string, ModelDraft>();
  for (const d of drafts.values()) if (!byCore.has(`${d.core}|${d.snapshot?.raw ?? ''}`)) byCore.set(`${d.core}|${d.snapshot?.raw ?? ''}`, d);
  for (const [key, d] of [...drafts]) {
    const variant = servingVariantBase(d.core);
    const base = variant ? byCore.get(`${variant.base}|${d.snapshot?.raw ?? ''}`) : undefined;
    if (!variant || !base || base === d) continue;
    const priced = d.endpoints.every((v) => base.endpoints.some((b) => b.src.provider === v.src.provider && JSON.stringify(b.src.pricing) === JSON.stringify(v.src.pricing)));
    drafts.delete(key);
    if (priced) {
      base.endpoints.push(...d.endpoints);
      base.dates.push(...d.dates);
      base.variantIds = [...(base.variantIds ?? []), d.id];
    } else {
      for (const e of d.endpoints) {
        for (const id of [e.src.id, ...e.folded]) {
          excluded.push({ id, reason: 'servingVariant', detail: `${variant.what} of ${base.id}, priced unlike it at ${e.src.provider}: ask for ${base.id}` });
        }
      }
    }
  }
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
