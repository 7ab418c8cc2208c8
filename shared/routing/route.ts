import type { Catalog } from '../catalog/catalog.js';
import { CAPABILITIES, type Capability, type Endpoint, type Model } from '../catalog/model.js';
import { requireModel } from '../catalog/require-model.js';
import { SwitchyardError } from '../errors.js';
import { formatUsd, significant } from '../format.js';
import type { CostEstimate } from '../pricing/estimate.js';
import type { TokenCount } from '../pricing/token-count.js';
import { hintNames, mergePriorities, type PolicySet, type Priorities, type ResolvedPolicy } from '../policy/resolve.js';
import type { PolicyRule, RequireCaps } from '../policy/schema.js';
import { applyFilters, staticCandidates, type Candidate, type EndpointFilter } from './candidates.js';
import { analyzeRequest, type RequestAnalysis } from './analyze.js';
import type { Task } from './detect-task.js';
import { hasImages } from './messages.js';
import { fitsContext, requestCost, type RequestCost } from './request-cost.js';
import { defaultPredictor } from './predict/predictor.js';
import type { PromptProfile } from './predict/types.js';
import { utility } from './predict/utility.js';
import { heuristicSpeed, observedSpeed } from './speed.js';
import type { RouteChoice, RouteContext, RouteDecision, RouteRequest } from './types.js';

const ALTERNATIVES = 5;
/** Distinct models after the chosen one in the fallback chain (plus one more endpoint of the chosen model). */
const FALLBACK_MODELS = 3;

/** One candidate model, priced and predicted at the endpoint that would serve it. */
interface Scored {
  model: Model;
  /** Usable endpoints, best first: `endpoints[0]` serves the request. */
  endpoints: Endpoint[];
  /** This request's expected cost at each usable endpoint. */
  costs: Map<string, number>;
  cost: number;
  costLow: number;
  costHigh: number;
  inputCost: number;
  outputCost: number;
  outputTokens: RequestCost['output'];
  success: number;
  latencyMs: number;
  utility: number;
}

/**
 * Route one request: what is asked (task, size, difficulty, output forecast), the policy's rules, the hard filters,
 * then one plain pass over the surviving models — each priced at the endpoint that would serve it and scored by its
 * predicted success against cost and speed — and the decision with alternatives, fallbacks and why.
 * Pure and deterministic: the same request, catalog, policies and context give the same decision.
 */
export function route(request: RouteRequest, catalog: Catalog, policies: PolicySet, ctx: RouteContext = {}): RouteDecision {
  const policy = policies.resolve(request.policy);
  const warnings = [...(ctx.warnings ?? []), ...policies.warnings];
  const explanation: string[] = [];

  // 1. What is asked.
  const analysis = analyzeRequest(request.input, { ...(request.outputTokens !== undefined ? { outputTokens: request.outputTokens } : {}), ...(ctx.predictor ? { predictor: ctx.predictor } : {}) });
  const { inputTokens, detection, profile, forecast, tokensFor } = analysis;
  explanation.push(`task: ${detection.task} (confidence ${fmt(detection.confidence)})${detection.reasons.length ? ` — ${detection.reasons.join('; ')}` : ''}`);
  explanation.push(
    `size: about ${count(inputTokens)} input tokens; output ~${count(forecast.tokens)} tokens (${count(forecast.low)}–${count(forecast.high)}; ${forecast.basis})${forecast.reasoning.tokens > 0 ? `, plus ~${count(forecast.reasoning.tokens)} hidden reasoning tokens on reasoning models` : ''}`,
  );

  // 2. The policy and its rules.
  const rules = applyRules(policy, detection.task, inputTokens, request.tags ?? [], catalog, explanation, warnings);
  const priorities = request.preferences ? mergePriorities(rules.priorities, request.preferences) : rules.priorities;
  explanation.push(
    `policy "${policy.name}" (${policy.source}${policy.chain.length > 1 ? `, extends ${policy.chain.slice(1).join(' → ')}` : ''}): priorities cost ${fmt(priorities.costPriority)}, speed ${fmt(priorities.speedPriority)}, quality ${fmt(priorities.intelligencePriority)}${policy.minSuccess !== undefined ? `, quality target ${fmt(policy.minSuccess)}` : ''}${policy.pricePerPoint !== undefined ? `, ${formatUsd(policy.pricePerPoint)} per point of success` : ''}`,
  );

  // 3. Hard filters: the cached request-independent ones, then those that need this request's size and price.
  const needsVision = detection.task === 'vision' || hasImages(request.input);
  const caps = requiredCapabilities(policy.require, rules.require, request.require, needsVision ? { vision: true } : {});
  const fixed = staticCandidates(catalog, { policy, caps, ...(ctx.providers ? { providers: ctx.providers } : {}), ...(ctx.today ? { today: ctx.today } : {}) });
  const requestFilters: EndpointFilter[] = [];
  if (request.models?.length) requestFilters.push({ reason: "not among the request's models", keep: restrictTo(catalog, request.models) });
  requestFilters.push({
    reason: 'context window too small for the input and the answer',
    keep: (e, m) => fitsContext(e, m, tokensFor(m), forecast),
  });
  if (request.maxTokens !== undefined) {
    const wanted = request.maxTokens;
    requestFilters.push({ reason: `output limit below max_tokens ${count(wanted)}`, keep: (e) => e.maxOutputTokens >= wanted });
  }
  const sized = applyFilters(fixed.candidates, requestFilters, [...fixed.removed]);

  let scored = sized.candidates.map((c) => score(c, analysis, priorities, policy, ctx));
  scored = dropByCost(scored, 'over the policy’s maxCostPerRequest', policy.maxCostPerRequest, sized.removed);
  const budgetLeft = ctx.budget ? Math.max(0, ctx.budget.limit - ctx.budget.spent) : undefined;
  const beforeBudget = scored;
  scored = dropByCost(scored, `over the ${ctx.budget?.period ?? ''} budget left`, budgetLeft, sized.removed);
  const total = sized.candidates.length + sized.removed.reduce((n, r) => n + r.models, 0);
  explanation.push(`filters: ${count(total)} models → ${count(scored.length)} candidates${sized.removed.length ? ` (${sized.removed.map((r) => `${r.reason} −${count(r.models)}`).join(', ')})` : ''}`);

  if (scored.length === 0) {
    if (ctx.budget && beforeBudget.length > 0) throw overBudget(ctx.budget, beforeBudget);
    throw new SwitchyardError('no_candidates', `No model passes the filters for this request under policy "${policy.name}". ${explanation.at(-1)}`, { explanation });
  }

  // 4. Hints narrow the pool (MCP semantics: substrings of model names, first matching hint wins).
  let pool = scored;
  for (const hint of [...hintNames(request.preferences?.hints ?? []), ...policy.hints]) {
    const needle = hint.toLowerCase();
    const hits = scored.filter((s) => matchesHint(s.model, needle));
    if (hits.length > 0) {
      explanation.push(`hint "${hint}": ${hits.length} candidate${hits.length === 1 ? '' : 's'} match; choosing among them`);
      pool = hits;
      break;
    }
    explanation.push(`hint "${hint}": no candidate matches; next hint`);
  }

  // 5. Rank, and let a rule's pinned model take the lead when it passed the filters.
  const ranked = rank(pool, policy.minSuccess);
  let chosen = ranked[0] as Scored;
  if (rules.pinned) {
    const pin = scored.find((s) => s.model.id === rules.pinned!.model.id);
    if (pin) {
      chosen = pin;
      explanation.push(`${rules.pinned.label} pins ${pin.model.id}`);
    } else warnings.push(`${rules.pinned.label} wants ${rules.pinned.model.id}, but it does not pass the filters for this request; routed by score instead`);
  }
  const others = rank(scored, policy.minSuccess).filter((s) => s !== chosen);
  const endpoint = chosen.endpoints[0] as Endpoint;
  const callable = ctx.providers ? ctx.providers.anyConfigured && ctx.providers.isAvailable(endpoint.provider) : true;
  const needs = callable ? undefined : (ctx.providers?.keyHint?.(endpoint.provider) ?? `configure provider "${endpoint.provider}"`);

  explanation.push(
    `chosen ${chosen.model.id} at ${endpoint.provider}: predicted success ${fmt(chosen.success)}, estimate ${usd(chosen.cost)} (${usd(chosen.costLow)}–${usd(chosen.costHigh)}), ${qualityText(chosen.model, profile)}`,
  );
  const tradeOff = describeTradeOff(chosen, others, profile, policy.name);
  if (tradeOff) explanation.push(tradeOff);
  explanation.push(endpointReason(chosen, policy, needs));

  const fallbacks = fallbackChain(chosen, others, policy, catalog, scored, warnings);
  if (fallbacks.length > 0) explanation.push(`fallbacks: ${fallbacks.map((f) => f.endpoint).join(' → ')}`);

  const ratings = chosen.model.quality.ratings;
  return {
    model: chosen.model.id,
    provider: endpoint.provider,
    endpoint: endpoint.id,
    callable,
    ...(needs ? { needs } : {}),
    task: detection.task,
    taskConfidence: detection.confidence,
    estimatedCost: chosen.cost,
    costRange: [chosen.costLow, chosen.costHigh],
    outputTokens: chosen.outputTokens.tokens,
    outputForecast: { tokens: chosen.outputTokens.tokens, low: chosen.outputTokens.low, high: chosen.outputTokens.high, reasoningTokens: chosen.outputTokens.reasoning, basis: forecast.basis },
    estimate: estimateOf(chosen, tokensFor(chosen.model)),
    quality: {
      rating: ratings[profile.category] ?? ratings.overall ?? 0,
      category: ratings[profile.category] !== undefined ? profile.category : 'overall',
      source: chosen.model.quality.source,
      basis: chosen.model.quality.basis,
    },
    success: round(chosen.success),
    difficulty: round(profile.difficulty),
    policy: policy.name,
    score: round(chosen.utility),
    alternatives: others.slice(0, ALTERNATIVES).map((s) => choice(s, s.endpoints[0] as Endpoint)),
    fallbacks,
    explanation,
    warnings,
    candidates: scored.length,
  };
}

/** Price and predict one model at each of its endpoints; the best endpoint comes first. */
function score(c: Candidate, analysis: RequestAnalysis, priorities: Priorities, policy: ResolvedPolicy, ctx: RouteContext): Scored {
  const input = analysis.tokensFor(c.model);
  const priced = c.endpoints.map((endpoint) => {
    const cost = requestCost(endpoint, c.model, input, analysis.forecast);
    return { endpoint, ...cost, latencyMs: latencyOf(endpoint, c.model, cost.output.tokens, ctx.observedLatencyMs) };
  });
  const order = endpointOrder(policy, c.model, ctx);
  priced.sort((a, b) => order(a, b) || compare(a.endpoint.id, b.endpoint.id));
  const best = priced[0]!;
  const success = (ctx.predictor ?? defaultPredictor).success(analysis.profile, c.model);
  const tradeOff = { ...priorities, ...(policy.pricePerPoint !== undefined ? { pricePerPoint: policy.pricePerPoint } : {}) };
  return {
    model: c.model,
    endpoints: priced.map((p) => p.endpoint),
    costs: new Map(priced.map((p) => [p.endpoint.id, p.cost])),
    cost: best.cost,
    costLow: best.low,
    costHigh: best.high,
    inputCost: best.inputCost,
    outputCost: best.outputCost,
    outputTokens: best.output,
    success,
    latencyMs: best.latencyMs,
    utility: utility({ success, costUsd: best.cost, latencyMs: best.latencyMs }, tradeOff),
  };
}

interface PricedEndpoint {
  endpoint: Endpoint;
  cost: number;
  latencyMs: number;
}

/**
 * How endpoints of one model are ordered: the policy's provider order first; then, when nothing is callable yet,
 * the maker's own API (the key a user is most likely to add); then by price (default), latency or throughput.
 */
function endpointOrder(policy: ResolvedPolicy, model: Model, ctx: RouteContext): (a: PricedEndpoint, b: PricedEndpoint) => number {
  const order = policy.providers.order ?? [];
  const rankOf = (p: string) => {
    const i = order.indexOf(p);
    return i < 0 ? order.length : i;
  };
  const preview = ctx.providers !== undefined && !ctx.providers.anyConfigured;
  const firstParty = (e: Endpoint) => (preview && e.id === model.id ? 0 : 1);
  const sort = policy.providers.sort ?? 'price';
  return (a, b) =>
    rankOf(a.endpoint.provider) - rankOf(b.endpoint.provider) ||
    firstParty(a.endpoint) - firstParty(b.endpoint) ||
    (sort === 'price' ? a.cost - b.cost || a.latencyMs - b.latencyMs : a.latencyMs - b.latencyMs || a.cost - b.cost);
}

/** Expected wall time of the answer: a start-up latency from the speed signal plus the tokens it must write. */
function latencyOf(endpoint: Endpoint, model: Model, outputTokens: number, observed: ReadonlyMap<string, number> | undefined): number {
  const measured = observed?.get(endpoint.id) ?? observed?.get(model.id);
  const speed = measured !== undefined ? observedSpeed(measured) : heuristicSpeed(endpoint);
  // Speed 1 → ~300 ms and ~4 ms per token; speed 0 → ~3 s and ~40 ms per token.
  const scale = 10 ** (1 - speed);
  return 300 * scale + outputTokens * 4 * scale;
}

function dropByCost(scored: Scored[], reason: string, limit: number | undefined, removed: { reason: string; models: number }[]): Scored[] {
  if (limit === undefined) return scored;
  const kept = scored.filter((s) => s.cost <= limit);
  if (kept.length < scored.length) removed.push({ reason, models: scored.length - kept.length });
  return kept;
}

/** Highest utility first; with a quality target, the cheapest model meeting it first, then the likeliest of the rest. */
function rank(scored: Scored[], minSuccess: number | undefined): Scored[] {
  const byUtility = (a: Scored, b: Scored) => b.utility - a.utility || a.cost - b.cost || compare(a.model.id, b.model.id);
  if (minSuccess === undefined) return [...scored].sort(byUtility);
  const meets = (s: Scored) => (s.success >= minSuccess ? 0 : 1);
  return [...scored].sort((a, b) => meets(a) - meets(b) || (meets(a) === 0 ? a.cost - b.cost : b.success - a.success) || byUtility(a, b));
}

/** The chosen model on its next endpoint, the policy's fallbacks, then the next distinct models; never one endpoint twice. */
function fallbackChain(chosen: Scored, others: Scored[], policy: ResolvedPolicy, catalog: Catalog, scored: Scored[], warnings: string[]): RouteChoice[] {
  const chain: RouteChoice[] = [];
  const models = new Set<string>([chosen.model.id]);
  const second = chosen.endpoints[1];
  if (second) chain.push(choice(chosen, second));
  for (const id of policy.fallbacks) {
    const found = catalog.lookup(id);
    if (!found) {
      warnings.push(`policy "${policy.name}": fallback "${id}" is not in the catalog; skipped`);
      continue;
    }
    if (models.has(found.model.id)) continue;
    const candidate = scored.find((s) => s.model.id === found.model.id);
    const endpoint = candidate && (found.endpoint ? candidate.endpoints.find((e) => e.id === found.endpoint!.id) : candidate.endpoints[0]);
    if (!candidate || !endpoint) {
      warnings.push(`policy "${policy.name}": fallback ${found.endpoint?.id ?? found.model.id} does not pass this request's filters; skipped`);
      continue;
    }
    chain.push(choice(candidate, endpoint));
    models.add(candidate.model.id);
  }
  for (const s of others) {
    if (models.size > FALLBACK_MODELS) break;
    if (models.has(s.model.id)) continue;
    chain.push(choice(s, s.endpoints[0] as Endpoint));
    models.add(s.model.id);
  }
  return chain;
}

function choice(s: Scored, endpoint: Endpoint): RouteChoice {
  return { model: s.model.id, provider: endpoint.provider, endpoint: endpoint.id, estimatedCost: s.costs.get(endpoint.id) ?? s.cost, success: round(s.success) };
}

function estimateOf(s: Scored, input: TokenCount): CostEstimate {
  const estimate: CostEstimate = { model: s.model.id, inputTokens: input.tokens, outputTokens: s.outputTokens.tokens, inputCost: s.inputCost, outputCost: s.outputCost, totalCost: s.cost, exact: input.exact };
  if (input.note) estimate.note = input.note;
  return estimate;
}

function describeTradeOff(chosen: Scored, others: Scored[], profile: PromptProfile, policy: string): string | undefined {
  const cheaper = others.filter((s) => s.cost < chosen.cost).sort((a, b) => b.utility - a.utility)[0];
  const stronger = others.filter((s) => s.success > chosen.success).sort((a, b) => b.utility - a.utility)[0];
  const level = profile.difficulty >= 0.67 ? 'hard' : profile.difficulty >= 0.34 ? 'moderate' : 'easy';
  const head = `predicted ${level} (difficulty ${fmt(profile.difficulty)})`;
  if (cheaper) {
    return `${head}: success ${fmt(cheaper.success)} on ${cheaper.model.id}, ${fmt(chosen.success)} on ${chosen.model.id} — worth ${usd(chosen.cost - cheaper.cost)} more under ${policy}`;
  }
  if (stronger) {
    return `${head}: success ${fmt(chosen.success)} on ${chosen.model.id}, ${fmt(stronger.success)} on ${stronger.model.id} — not worth ${usd(stronger.cost - chosen.cost)} more under ${policy}`;
  }
  return `${head}: success ${fmt(chosen.success)} on ${chosen.model.id}`;
}

function endpointReason(chosen: Scored, policy: ResolvedPolicy, needs: string | undefined): string {
  const endpoint = chosen.endpoints[0] as Endpoint;
  const n = chosen.endpoints.length;
  const how = policy.providers.order?.includes(endpoint.provider)
    ? 'first in the policy’s provider order'
    : n === 1
      ? 'its only usable endpoint'
      : `${policy.providers.sort === 'latency' || policy.providers.sort === 'throughput' ? 'fastest' : 'cheapest'} of ${n} usable endpoints`;
  return `endpoint ${endpoint.id}: ${how}${needs ? `; not callable yet — ${needs}` : ''}`;
}

function overBudget(budget: NonNullable<RouteContext['budget']>, candidates: Scored[]): SwitchyardError {
  const cheapest = candidates.reduce((a, b) => (b.cost < a.cost ? b : a));
  const left = Math.max(0, budget.limit - budget.spent);
  return new SwitchyardError(
    'budget_exceeded',
    `${budget.period} budget ${formatUsd(budget.limit)} reached: ${formatUsd(budget.spent)} spent or reserved, ${formatUsd(left)} left, and this request needs at least ${formatUsd(cheapest.cost)} (${cheapest.model.id}, the cheapest model that can serve it). Nothing was sent. Raise budget.${budget.period} in your config, or wait.`,
    { budget: budget.limit, period: budget.period, spent: budget.spent, needed: cheapest.cost },
  );
}

interface RuleOutcome {
  priorities: Priorities;
  require: RequireCaps;
  pinned?: { model: Model; label: string };
}

function applyRules(policy: ResolvedPolicy, task: Task, inputTokens: number, tags: string[], catalog: Catalog, explanation: string[], warnings: string[]): RuleOutcome {
  const out: RuleOutcome = { priorities: policy.priorities, require: {} };
  policy.rules.forEach((rule, index) => {
    if (!ruleMatches(rule.when, task, inputTokens, tags)) return;
    const label = `rule #${index + 1}${rule.description ? ` (${rule.description})` : ''} when ${describeWhen(rule.when)}`;
    if (rule.preferences) out.priorities = mergePriorities(out.priorities, rule.preferences);
    if (rule.require) out.require = { ...out.require, ...rule.require };
    if (rule.use !== undefined && !out.pinned) {
      const model = catalog.get(rule.use);
      if (model) out.pinned = { model, label };
      else warnings.push(`${label}: "use" names unknown model "${rule.use}"; rule ignored`);
    }
    explanation.push(`${label} matched${rule.preferences ? ': adjusts priorities' : ''}${rule.require ? ': adds requirements' : ''}${rule.use ? `: use ${rule.use}` : ''}`);
  });
  return out;
}

function ruleMatches(w: PolicyRule['when'], task: Task, inputTokens: number, tags: string[]): boolean {
  if (w.task !== undefined && !(Array.isArray(w.task) ? w.task.includes(task) : w.task === task)) return false;
  if (w.inputTokensOver !== undefined && !(inputTokens > w.inputTokensOver)) return false;
  if (w.inputTokensUnder !== undefined && !(inputTokens < w.inputTokensUnder)) return false;
  if (w.tag !== undefined && !tags.includes(w.tag)) return false;
  return true;
}

function describeWhen(w: PolicyRule['when']): string {
  const parts: string[] = [];
  if (w.task !== undefined) parts.push(`task = ${Array.isArray(w.task) ? w.task.join('|') : w.task}`);
  if (w.inputTokensOver !== undefined) parts.push(`input > ${w.inputTokensOver} tokens`);
  if (w.inputTokensUnder !== undefined) parts.push(`input < ${w.inputTokensUnder} tokens`);
  if (w.tag !== undefined) parts.push(`tag = ${w.tag}`);
  return parts.join(' and ') || 'always';
}

export function requiredCapabilities(...sets: (RequireCaps | undefined)[]): Capability[] {
  const needed = new Set<Capability>();
  for (const set of sets) for (const cap of CAPABILITIES) if (set?.[cap]) needed.add(cap);
  return [...needed];
}

/** The request's `models`: an id naming a model allows all its endpoints; one naming an endpoint allows that endpoint. */
function restrictTo(catalog: Catalog, ids: string[]): (endpoint: Endpoint, model: Model) => boolean {
  const whole = new Set<string>();
  const named = new Set<string>();
  ids.forEach((id, n) => {
    const { model, endpoint } = requireModel(catalog, id, `models[${n}]`);
    if (endpoint) named.add(endpoint.id);
    else whole.add(model.id);
  });
  return (e, m) => whole.has(m.id) || named.has(e.id);
}

function matchesHint(model: Model, needle: string): boolean {
  return model.id.toLowerCase().includes(needle) || model.aliases.some((a) => a.toLowerCase().includes(needle));
}

function qualityText(model: Model, profile: PromptProfile): string {
  const r = model.quality.ratings;
  const rating = r[profile.category];
  const shown = rating !== undefined ? `${profile.category} ${Math.round(rating)}` : `overall ${Math.round(r.overall ?? 0)}`;
  return `quality ${shown} (${model.quality.source === 'arena' ? 'arena' : `estimated: ${model.quality.basis}`})`;
}

const fmt = (n: number) => n.toFixed(2);
const usd = (n: number) => `$${significant(n, 2)}`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const round = (n: number) => Math.round(n * 1e4) / 1e4;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
