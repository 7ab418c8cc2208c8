import type { Catalog } from '../catalog/catalog.js';
import type { Capability, Endpoint, Model } from '../catalog/model.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import { matchesAny } from './glob.js';
import type { ProviderStatus } from './types.js';

/** A model and the endpoints of it that passed the filters so far. */
export interface Candidate {
  model: Model;
  endpoints: Endpoint[];
}

/** A filter over endpoints; a model whose last endpoint it removes is counted under its reason. */
export interface EndpointFilter {
  reason: string;
  keep(endpoint: Endpoint, model: Model): boolean;
}

export interface Filtered {
  candidates: Candidate[];
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
    // Nothing is configured: every cloud endpoint is a preview; local servers only count once they are set up.
    filters.push({ reason: 'local server not set up', keep: (e) => !providers.isLocal(e.provider) || providers.isAvailable(e.provider) });
  }
  return filters;
}

const cache = new WeakMap<Catalog, WeakMap<ResolvedPolicy, Map<string, Filtered>>>();
const providerIds = new WeakMap<ProviderStatus, number>();
let nextProviderId = 1;

/** `staticFilters` over the whole catalog, computed once per catalog, policy, capabilities, providers and day. */
export function staticCandidates(catalog: Catalog, input: StaticFilterInput): Filtered {
  let byPolicy = cache.get(catalog);
  if (!byPolicy) cache.set(catalog, (byPolicy = new WeakMap()));
  let byKey = byPolicy.get(input.policy);
  if (!byKey) byPolicy.set(input.policy, (byKey = new Map()));
  const key = `${[...input.caps].sort().join(',')}|${input.today ?? ''}|${input.providers ? providerId(input.providers) : 0}`;
  let result = byKey.get(key);
  if (!result) {
    const all = catalog.all().map((model) => ({ model, endpoints: model.endpoints }));
    result = applyFilters(all, staticFilters(input));
    if (byKey.size > 64) byKey.clear();
    byKey.set(key, result);
  }
  return result;
}

function providerId(p: ProviderStatus): number {
  let id = providerIds.get(p);
  if (id === undefined) providerIds.set(p, (id = nextProviderId++));
  return id;
}

function isPast(date: string | undefined, today: string): boolean {
  return date !== undefined && date <= today;
}
