import type { Catalog } from '../catalog/catalog.js';
import type { Capability, Endpoint, Model } from '../catalog/model.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import { tokenizerFamily, type TokenizerFamily } from '../pricing/tokenizer-family.js';
import { matchesAny } from './glob.js';
import { heuristicSpeed } from './speed.js';
import type { ProviderStatus } from './types.js';

/** A model and the endpoints of it that passed the filters so far. */
export interface Candidate {
  model: Model;
  endpoints: Endpoint[];
}

/**
 * What routing reads of an endpoint for every request, copied once into objects of one shape: the catalog's
 * endpoints come from JSON with optional fields, and reading them in the hot loop is several times slower.
 */
export interface EndpointFacts {
  contextWindow: number;
  maxOutputTokens: number;
  inputPerMTok: number;
  outputPerMTok: number;
  reasoningPerMTok: number;
  /** Prices change above an input size: cost goes through `costOf`. */
  tiered: boolean;
  /** Heuristic speed, 0..1. */
  speed: number;
}

/** A candidate with what routing needs of it precomputed once per policy: its tokenizer and its endpoints' facts. */
export interface PreparedCandidate extends Candidate {
  family: TokenizerFamily;
  /** One per endpoint, in `endpoints` order. */
  facts: EndpointFacts[];
  /**
   * Indexes of the endpoints that can serve a request best: every other one is dominated — no cheaper, no larger,
   * no faster and no earlier in the policy's provider order than one of these — so it can never be the one chosen.
   */
  contenders: number[];
}

/** A filter over endpoints; a model whose last endpoint it removes is counted under its reason. */
export interface EndpointFilter {
  reason: string;
  keep(endpoint: Endpoint, model: Model): boolean;
}

export interface Filtered<C extends Candidate = Candidate> {
  candidates: C[];
  /** Models removed, by the filter that removed their last endpoint, in filter order. */
  removed: { reason: string; models: number }[];
}

/** Run filters in order, counting for each how many models it left without an endpoint. */
export function applyFilters(start: readonly Candidate[], filters: readonly EndpointFilter[], removed: Filtered['removed'] = []): Filtered {
  let candidates = start as Candidate[];
  for (const filter of filters) {
    const next: Candidate[] = [];
    for (const c of candidates) {
      const endpoints = c.endpoints.filter((e) => filter.keep(e, c.model));
      if (endpoints.length === c.endpoints.length) next.push(c);
      else if (endpoints.length > 0) next.push({ model: c.model, endpoints });
    }
    if (next.length < candidates.length) removed.push({ reason: filter.reason, models: candidates.length - next.length });
    candidates = next;
  }
  return { candidates, removed };
}

export interface StaticFilterInput {
  policy: ResolvedPolicy;
  caps: readonly Capability[];
  providers?: ProviderStatus;
  today?: string;
}

/**
 * The filters that depend only on the policy, the capabilities asked for, the providers and the date — not on the
 * request's text — so their result is cached per catalog and policy.
 */
export function staticFilters({ policy, caps, providers, today }: StaticFilterInput): EndpointFilter[] {
  const filters: EndpointFilter[] = [];
  if (today !== undefined) {
    filters.push({ reason: 'deprecated', keep: (e, m) => !isPast(e.deprecationDate, today) && !isPast(m.deprecationDate, today) });
  }
  if (policy.allow.length > 0) {
    filters.push({ reason: `not allowed by policy "${policy.name}"`, keep: (e, m) => matchesAny(m.id, policy.allow) !== undefined || matchesAny(e.id, policy.allow) !== undefined });
  }
  if (policy.deny.length > 0) {
    filters.push({ reason: `denied by policy "${policy.name}"`, keep: (e, m) => matchesAny(m.id, policy.deny) === undefined && matchesAny(e.id, policy.deny) === undefined });
  }
  for (const cap of caps) filters.push({ reason: `lacks ${cap}`, keep: (e) => e.capabilities.includes(cap) });
  const { only, ignore } = policy.providers;
  if (only && only.length > 0) filters.push({ reason: `provider not in providers.only`, keep: (e) => only.includes(e.provider) });
  if (ignore && ignore.length > 0) filters.push({ reason: `provider in providers.ignore`, keep: (e) => !ignore.includes(e.provider) });
  if (policy.localOnly) {
    filters.push({ reason: 'not on this machine (local-only)', keep: (e) => providers?.isLocal(e.provider) === true && (!providers.anyConfigured || providers.isAvailable(e.provider)) });
  } else if (providers?.anyConfigured) {
    filters.push({ reason: 'no key or server configured for its providers', keep: (e) => providers.isAvailable(e.provider) });
  } else if (providers) {
    // Nothing is configured: endpoints Switchyard could call once given a key are a preview; local servers only
    // count once they are set up.
    filters.push({ reason: 'on providers Switchyard has no adapter for', keep: (e) => providers.isSupported?.(e.provider) ?? true });
    filters.push({ reason: 'local server not set up', keep: (e) => !providers.isLocal(e.provider) || providers.isAvailable(e.provider) });
  }
  return filters;
}

const cache = new WeakMap<Catalog, WeakMap<ResolvedPolicy, Map<string, Filtered<PreparedCandidate>>>>();
const providerIds = new WeakMap<ProviderStatus, number>();
let nextProviderId = 1;

/** `staticFilters` over the whole catalog, computed once per catalog, policy, capabilities, providers and day. */
export function staticCandidates(catalog: Catalog, input: StaticFilterInput): Filtered<PreparedCandidate> {
  let byPolicy = cache.get(catalog);
  if (!byPolicy) cache.set(catalog, (byPolicy = new WeakMap()));
  let byKey = byPolicy.get(input.policy);
  if (!byKey) byPolicy.set(input.policy, (byKey = new Map()));
  const key = `${[...input.caps].sort().join(',')}|${input.today ?? ''}|${input.providers ? providerId(input.providers) : 0}`;
  let result = byKey.get(key);
  if (!result) {
    const all = catalog.all().map((model) => ({ model, endpoints: model.endpoints }));
    const filtered = applyFilters(all, staticFilters(input));
    result = { removed: filtered.removed, candidates: filtered.candidates.map((c) => prepare(c, input)) };
    if (byKey.size > 64) byKey.clear();
    byKey.set(key, result);
  }
  return result;
}

function prepare(c: Candidate, { policy, providers }: StaticFilterInput): PreparedCandidate {
  const facts = c.endpoints.map((e): EndpointFacts => ({
    contextWindow: e.contextWindow,
    maxOutputTokens: e.maxOutputTokens,
    inputPerMTok: e.pricing.inputPerMTok,
    outputPerMTok: e.pricing.outputPerMTok,
    reasoningPerMTok: e.pricing.reasoningPerMTok ?? e.pricing.outputPerMTok,
    tiered: (e.pricing.tiers?.length ?? 0) > 0,
    speed: heuristicSpeed(e),
  }));
  const speeds = facts.map((f) => f.speed);
  const order = policy.providers.order ?? [];
  const rank = (e: Endpoint) => (order.includes(e.provider) ? order.indexOf(e.provider) : order.length);
  // With nothing callable, the maker's own endpoint is preferred whatever its price: it always contends.
  const preview = providers !== undefined && !providers.anyConfigured;
  const comparable = (e: Endpoint) => e.pricing.tiers === undefined && !(preview && e.id === c.model.id);
  const dominates = (a: number, b: number) => {
    const x = c.endpoints[a]!;
    const y = c.endpoints[b]!;
    if (!comparable(x) || !comparable(y)) return false;
    const px = x.pricing;
    const py = y.pricing;
    const noWorse =
      px.inputPerMTok <= py.inputPerMTok &&
      px.outputPerMTok <= py.outputPerMTok &&
      (px.reasoningPerMTok ?? px.outputPerMTok) <= (py.reasoningPerMTok ?? py.outputPerMTok) &&
      x.contextWindow >= y.contextWindow &&
      x.maxOutputTokens >= y.maxOutputTokens &&
      speeds[a]! >= speeds[b]! &&
      rank(x) <= rank(y);
    // Between equals, the first by id (the tie-break routing uses) dominates.
    const equal = px.inputPerMTok === py.inputPerMTok && px.outputPerMTok === py.outputPerMTok && x.contextWindow === y.contextWindow && x.maxOutputTokens === y.maxOutputTokens && speeds[a] === speeds[b] && rank(x) === rank(y);
    return noWorse && (!equal || x.id < y.id);
  };
  const contenders = c.endpoints.map((_, i) => i).filter((b) => !c.endpoints.some((_, a) => a !== b && dominates(a, b)));
  return { ...c, family: tokenizerFamily(c.model), facts, contenders };
}

function providerId(p: ProviderStatus): number {
  let id = providerIds.get(p);
  if (id === undefined) providerIds.set(p, (id = nextProviderId++));
  return id;
}

function isPast(date: string | undefined, today: string): boolean {
  return date !== undefined && date <= today;
}
