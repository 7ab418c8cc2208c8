import { SwitchyardError } from '../errors.js';
import { BUILTIN_POLICIES, DEFAULT_POLICY } from './builtins.js';
import { unknownPolicyMessage } from './closest-names.js';
import type { Budget, PolicyDefinition, PolicyRule, Preferences, ProviderRouting, RequireCaps, WorkspacePolicyFile } from './schema.js';

export type PolicySource = 'built-in' | 'user' | 'workspace';

export interface Priorities {
  costPriority: number;
  speedPriority: number;
  intelligencePriority: number;
}

/** A policy with `extends` applied and every field filled in. */
export interface ResolvedPolicy {
  name: string;
  source: PolicySource;
  description?: string;
  /** This policy and the ones it extends, nearest first. */
  chain: string[];
  priorities: Priorities;
  hints: string[];
  allow: string[];
  deny: string[];
  require: RequireCaps;
  localOnly: boolean;
  maxCostPerRequest?: number;
  /** Success targets (see `shared/routing/predict/utility.ts`); a child policy's replace its parent's. */
  minSuccess?: number;
  pricePerPoint?: number;
  fallbacks: string[];
  /** Endpoint choice (order, only, ignore, sort). */
  providers: ProviderRouting;
  rules: PolicyRule[];
}

/** One layer of configuration: built-ins, the user's config file, or the workspace file. */
export interface PolicyLayer {
  source: PolicySource;
  file?: string;
  content: WorkspacePolicyFile;
}

export interface PolicySet {
  active: string;
  /** Where `active` was set. */
  activeSource: PolicySource;
  names: string[];
  get(name: string): ResolvedPolicy | undefined;
  /** The named policy, or the active one; an unknown name is an error naming it and the known ones. */
  resolve(name?: string): ResolvedPolicy;
  budget: Budget;
  warnings: string[];
}

const DEFAULT_PRIORITIES: Priorities = { costPriority: 0.5, speedPriority: 0.2, intelligencePriority: 0.7 };

/** Merge layers, later ones winning by name: built-ins < user config < workspace file. */
export function resolvePolicies(layers: PolicyLayer[]): PolicySet {
  const definitions = new Map<string, { def: PolicyDefinition; source: PolicySource }>();
  for (const [name, def] of Object.entries(BUILTIN_POLICIES)) definitions.set(name, { def, source: 'built-in' });
  let active = DEFAULT_POLICY;
  let activeSource: PolicySource = 'built-in';
  const warnings: string[] = [];
  for (const layer of layers) {
    for (const [name, def] of Object.entries(layer.content.policies ?? {})) {
      definitions.set(name, { def, source: layer.source });
    }
    if (layer.content.active !== undefined) {
      active = layer.content.active;
      activeSource = layer.source;
    }
  }
  const budget = mergeBudgets(layers);

  const resolved = new Map<string, ResolvedPolicy>();
  const resolving = new Set<string>();
  const build = (name: string): ResolvedPolicy | undefined => {
    const cached = resolved.get(name);
    if (cached) return cached;
    const entry = definitions.get(name);
    if (!entry) return undefined;
    if (resolving.has(name)) {
      warnings.push(`policy "${name}": "extends" forms a cycle (${[...resolving, name].join(' → ')}); the cycle is cut here`);
      return undefined;
    }
    resolving.add(name);
    let parent: ResolvedPolicy | undefined;
    if (entry.def.extends !== undefined) {
      parent = build(entry.def.extends);
      if (!parent && definitions.has(entry.def.extends) === false) {
        warnings.push(`policy "${name}": extends unknown policy "${entry.def.extends}"; starting from defaults`);
      }
    }
    resolving.delete(name);
    const policy = applyDefinition(name, entry.source, entry.def, parent);
    resolved.set(name, policy);
    return policy;
  };
  const names = [...definitions.keys()];
  for (const name of names) build(name);

  if (!resolved.has(active)) {
    warnings.push(`"active": unknown policy "${active}"; using "${DEFAULT_POLICY}". Known: ${names.join(', ')}`);
    active = DEFAULT_POLICY;
    activeSource = 'built-in';
  }

  return {
    active,
    activeSource,
    names,
    budget,
    warnings,
    get: (name) => resolved.get(name),
    resolve(name) {
      const wanted = name ?? active;
      const policy = resolved.get(wanted);
      if (!policy) {
        throw new SwitchyardError('unknown_policy', `policy: ${unknownPolicyMessage(wanted, names)}`);
      }
      return policy;
    },
  };
}

function applyDefinition(name: string, source: PolicySource, def: PolicyDefinition, parent: ResolvedPolicy | undefined): ResolvedPolicy {
  const base: ResolvedPolicy = parent ?? {
    name,
    source,
    chain: [],
    priorities: DEFAULT_PRIORITIES,
    hints: [],
    allow: [],
    deny: [],
    require: {},
    localOnly: false,
    fallbacks: [],
    providers: {},
    rules: [],
  };
  const policy: ResolvedPolicy = {
    name,
    source,
    chain: [name, ...base.chain],
    priorities: mergePriorities(base.priorities, def.preferences),
    hints: def.preferences?.hints ? hintNames(def.preferences.hints) : base.hints,
    allow: def.allow ?? base.allow,
    deny: [...base.deny, ...(def.deny ?? [])],
    require: { ...base.require, ...def.require },
    localOnly: def.localOnly ?? base.localOnly,
    fallbacks: def.fallbacks ?? base.fallbacks,
    providers: { ...base.providers, ...def.providers },
    rules: [...(def.rules ?? []), ...base.rules],
  };
  const minSuccess = def.minSuccess ?? base.minSuccess;
  if (minSuccess !== undefined) policy.minSuccess = minSuccess;
  const pricePerPoint = def.pricePerPoint ?? base.pricePerPoint;
  if (pricePerPoint !== undefined) policy.pricePerPoint = pricePerPoint;
  if (def.description !== undefined) policy.description = def.description;
  const cap = def.maxCostPerRequest ?? base.maxCostPerRequest;
  if (cap !== undefined) policy.maxCostPerRequest = cap;
  return policy;
}

export function mergePriorities(base: Priorities, prefs: Preferences | undefined): Priorities {
  if (!prefs) return base;
  return {
    costPriority: prefs.costPriority ?? base.costPriority,
    speedPriority: prefs.speedPriority ?? base.speedPriority,
    intelligencePriority: prefs.intelligencePriority ?? base.intelligencePriority,
  };
}

export function hintNames(hints: NonNullable<Preferences['hints']>): string[] {
  return hints.map((h) => (typeof h === 'string' ? h : h.name)).filter((h) => h.trim() !== '');
}

/** The lowest limit wins: a workspace may lower the user's budget, never raise it. */
function mergeBudgets(layers: PolicyLayer[]): Budget {
  const budget: Budget = {};
  for (const layer of layers) {
    const b = layer.content.budget;
    if (!b) continue;
    if (b.daily !== undefined) budget.daily = budget.daily === undefined ? b.daily : Math.min(budget.daily, b.daily);
    if (b.monthly !== undefined) budget.monthly = budget.monthly === undefined ? b.monthly : Math.min(budget.monthly, b.monthly);
  }
  return budget;
}
