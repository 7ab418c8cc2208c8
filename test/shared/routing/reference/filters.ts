import type { Capability, Model } from '../../../../shared/catalog/model.js';
import type { ResolvedPolicy } from '../../../../shared/policy/resolve.js';
import type { RequireCaps } from '../../../../shared/policy/schema.js';
import { CAPABILITIES } from '../../../../shared/catalog/model.js';
import type { CostEstimate } from './estimate.js';
import { globToRegExp } from '../../../../shared/routing/glob.js';
import type { RouteContext } from '../../../../shared/routing/types.js';
import { significant } from '../../../../shared/format.js';

/** A candidate with its cost for this request, computed once. */
export interface Candidate {
  model: Model;
  estimate: CostEstimate;
}

/** One hard filter: a name for the explanation and a predicate. */
export interface HardFilter {
  name: string;
  keep(c: Candidate): boolean;
}

export function requiredCapabilities(...sets: (RequireCaps | undefined)[]): Capability[] {
  const needed = new Set<Capability>();
  for (const set of sets) for (const cap of CAPABILITIES) if (set?.[cap]) needed.add(cap);
  return [...needed];
}

const usd = (n: number) => `$${significant(n, 3)}`;

/** The hard filters in the order they apply; each is only present when it constrains something. */
export function hardFilters(policy: ResolvedPolicy, caps: Capability[], outputTokens: number, ctx: RouteContext): HardFilter[] {
  const filters: HardFilter[] = [];
  if (policy.allow.length > 0) {
    const allow = policy.allow.map(globToRegExp);
    filters.push({ name: `allow ${JSON.stringify(policy.allow)}`, keep: (c) => allow.some((re) => re.test(c.model.id)) });
  }
  if (policy.deny.length > 0) {
    const deny = policy.deny.map(globToRegExp);
    filters.push({ name: `deny ${JSON.stringify(policy.deny)}`, keep: (c) => !deny.some((re) => re.test(c.model.id)) });
  }
  const providers = ctx.providers;
  if (policy.localOnly) {
    filters.push({ name: 'local providers only', keep: (c) => providers?.isLocal(c.model.provider) ?? false });
  }
  if (providers && !policy.localOnly && !providers.anyConfigured) {
    // With nothing configured, routing shows what cloud models would cost; local servers need setting up first.
    filters.push({ name: 'local providers need setting up (declare them in the user config)', keep: (c) => !providers.isLocal(c.model.provider) || providers.isAvailable(c.model.provider) });
  }
  if (providers?.anyConfigured) {
    filters.push({ name: 'provider available (key set or local)', keep: (c) => providers.isAvailable(c.model.provider) });
  }
  if (caps.length > 0) {
    filters.push({ name: `capabilities ${caps.join(' + ')}`, keep: (c) => caps.every((cap) => c.model.capabilities.includes(cap)) });
  }
  const today = ctx.today;
  if (today !== undefined) {
    filters.push({ name: `not deprecated (as of ${today})`, keep: (c) => c.model.deprecationDate === undefined || c.model.deprecationDate > today });
  }
  filters.push({
    name: `context window ≥ input + ${outputTokens} output tokens`,
    keep: (c) => c.estimate.inputTokens + outputTokens <= c.model.contextWindow && outputTokens <= c.model.maxOutputTokens,
  });
  const cap = policy.maxCostPerRequest;
  if (cap !== undefined) filters.push({ name: `maxCostPerRequest ${usd(cap)}`, keep: (c) => c.estimate.totalCost <= cap });
  const left = ctx.budgetLeft;
  if (left !== undefined) filters.push({ name: `budget left ${usd(left)}`, keep: (c) => c.estimate.totalCost <= left });
  return filters;
}
