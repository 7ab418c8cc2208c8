import type { Catalog } from '../catalog/catalog.js';
import { CAPABILITIES, type Capability, type Endpoint, type Model } from '../catalog/model.js';
import { requireModel } from '../catalog/require-model.js';
import { SwitchyardError } from '../errors.js';
import { formatUsd, significant } from '../format.js';
import type { CostEstimate } from '../pricing/estimate.js';
import type { TokenCount } from '../pricing/token-count.js';
import { hintNames, mergePriorities, type PolicySet, type Priorities, type ResolvedPolicy } from '../policy/resolve.js';
import type { PolicyRule, RequireCaps } from '../policy/schema.js';
import { costOf } from '../pricing/cost.js';
import { boundCells, candidateBounds, contextFailures, limitFailures, priceCeiling, ratingsFor } from './bounds.js';
import { staticCandidates, type EndpointFacts, type PreparedCandidate } from './candidates.js';
import { modelOutputTokens } from './forecast.js';
import { TopK } from './top-k.js';
import { analyzeRequest, type RequestAnalysis } from './analyze.js';
import type { Task } from './detect-task.js';
import { hasImages } from './messages.js';
import { expectedCost, requestCost, type RequestCost } from './request-cost.js';
import { defaultPredictor } from './predict/index.js';
import type { PromptProfile, SuccessPredictor } from './predict/types.js';
import type { ThinkingAsk } from './thinking.js';
import { UNTRAINED_CATEGORY } from './predict/predictor.js';
import { describeTradeOff, utility, utilityOfLogLatency, type TradeOffPriorities } from './predict/utility.js';
import { latencyOf, log10LatencyWork } from './speed.js';
import type { RouteChoice, RouteContext, RouteDecision, RouteRequest } from './types.js';

const ALTERNATIVES = 5;
/** A model without any rating (user models without evidence) is taken as an unremarkable one. */
const RATING_FALLBACK = 1200;
/** How much of the ranking is kept: the choice, its alternatives and room for fallbacks. */
const RANKED = 12;
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
  const analysis = analyzeRequest(request.input, { ...(request.outputTokens !== undefined ? { outputTokens: request.outputTokens } : {}), ...(ctx.predictor ? { predictor: ctx.predictor } : {}), ...(request.reasoning ? { reasoning: request.reasoning } : {}) });
  const { inputTokens, detection, profile, forecast, tokensFor, thinking } = analysis;
  explanation.push(`task: ${detection.task} (confidence ${fmt(detection.confidence)})${detection.reasons.length ? ` — ${detection.reasons.join('; ')}` : ''}`);
  explanation.push(
    `size: about ${count(inputTokens)} input tokens; output ~${count(forecast.tokens)} tokens (${count(forecast.low)}–${count(forecast.high)}; ${forecast.basis})${forecast.reasoning.tokens > 0 ? `, plus ~${count(forecast.reasoning.tokens)} hidden reasoning tokens ${forecast.everyModelThinks ? 'on every candidate' : 'on reasoning models'}` : ''}${thinking ? ` (${thinkingText(thinking)})` : ''}`,
  );

  if (ctx.predictor?.source) explanation.push(`prediction: ${ctx.predictor.source}`);

  // 2. The policy and its rules.
  const rules = applyRules(policy, detection.task, inputTokens, request.tags ?? [], catalog, explanation, warnings);
  const priorities = request.preferences ? mergePriorities(rules.priorities, request.preferences) : rules.priorities;
  explanation.push(
    `policy "${policy.name}" (${policy.source}${policy.chain.length > 1 ? `, extends ${policy.chain.slice(1).join(' → ')}` : ''}): priorities cost ${fmt(priorities.costPriority)}, speed ${fmt(priorities.speedPriority)}, quality ${fmt(priorities.intelligencePriority)}${policy.minSuccess !== undefined ? `, quality target ${fmt(policy.minSuccess)}` : ''}${policy.pricePerPoint !== undefined ? `, ${formatUsd(policy.pricePerPoint)} per point of success` : ''}`,
  );

  // 3. Hard filters: the cached request-independent ones, then this request's size, price cap and budget.
  const needsVision = detection.task === 'vision' || hasImages(request.input);
  const caps = requiredCapabilities(policy.require, rules.require, request.require, needsVision ? { vision: true } : {}, thinking?.mode === 'on' ? { reasoning: true } : {});
  const fixed = staticCandidates(catalog, { policy, caps, ...(ctx.providers ? { providers: ctx.providers } : {}), ...(ctx.today ? { today: ctx.today } : {}) });
  const checks = requestChecks(request, catalog, policy, ctx);
  const removed = new Array<number>(checks.length).fill(0);
  const order = endpointOrder(policy, ctx);
  const namesEndpoints = request.models?.some((id) => catalog.lookup(id)?.endpoint !== undefined) ?? false;
  const predictor = ctx.predictor ?? defaultPredictor;
  const minSuccess = rules.targets.minSuccess ?? policy.minSuccess;
  const pricePerPoint = rules.targets.pricePerPoint ?? policy.pricePerPoint;
  const tradeOff = { ...priorities, ...(minSuccess !== undefined ? { minSuccess } : {}), ...(pricePerPoint !== undefined ? { pricePerPoint } : {}) };
  const better = (a: Priced, b: Priced) => b.utility - a.utility || a.cost - b.cost || compare(a.c.model.id, b.c.model.id);
  const hints = [...hintNames(request.preferences?.hints ?? []), ...policy.hints];
  const top = new TopK<Priced>(RANKED, better);

  // 3–5 in one pass: price each candidate at the endpoint that would serve it, predict its success and rank it. With a
  // plan, candidates whose utility bound is below the K-th best so far are skipped (they are counted by the plan).
  const plan = pricingPlan(request, catalog, policy, rules, hints, fixed, analysis, predictor, tradeOff, ctx);
  const priced: Priced[] = [];
  let cheapestOverBudget: Priced | undefined;
  let candidates = plan ? fixed.candidates.length - plan.failing.context - plan.failing.outputLimit : 0;
  if (plan) {
    // with a plan the request names no models: the context check is the first, max_tokens' the second
    removed[0]! += plan.failing.context;
    if (plan.failing.outputLimit > 0) removed[1]! += plan.failing.outputLimit;
  }
  // a bound below the K-th best (less a rounding margin) cannot enter the ranking
  let threshold = Number.NEGATIVE_INFINITY;
  const consider = (i: number, success: number | undefined) => {
    const c = fixed.candidates[i]!;
    const p = price(c, analysis, checks, order, namesEndpoints, ctx);
    if (p.failed !== undefined) {
      if (plan) return;
      removed[p.failed]!++;
      if (checks[p.failed]?.budget && (!cheapestOverBudget || p.cost < cheapestOverBudget.cost)) cheapestOverBudget = p;
      return;
    }
    if (!plan) candidates++;
    p.success = success ?? predictor.success(profile, c.model);
    const ratings = c.model.quality.ratings;
    p.utility = utility({ success: p.success, costUsd: p.cost, latencyMs: p.latencyMs, rating: ratings[profile.category] ?? ratings.overall ?? RATING_FALLBACK }, tradeOff);
    priced.push(p);
    if (hints.length === 0) {
      top.add(p);
      if (top.items.length === RANKED) {
        const kth = top.items[RANKED - 1]!.utility;
        threshold = kth - 1e-9 * (1 + Math.abs(kth));
      }
    }
  };
  if (plan) for (let i = plan.next(threshold); i >= 0; i = plan.next(threshold)) consider(i, plan.success());
  else for (let i = 0; i < fixed.candidates.length; i++) consider(i, undefined);
  const filterReport = [...fixed.removed, ...checks.map((check, i) => ({ reason: check.reason, models: removed[i]! })).filter((r) => r.models > 0)];
  const total = fixed.candidates.length + fixed.removed.reduce((n, r) => n + r.models, 0);
  explanation.push(`filters: ${count(total)} models → ${count(candidates)} candidates${filterReport.length ? ` (${filterReport.map((r) => `${r.reason} −${count(r.models)}`).join(', ')})` : ''}`);
  if (candidates === 0) {
    if (ctx.budget && cheapestOverBudget) throw overBudget(ctx.budget, cheapestOverBudget);
    if (thinking?.mode === 'on' && request.models?.length && !request.models.some((id) => canThink(catalog, id))) {
      throw new SwitchyardError('no_candidates', `${request.models.join(', ')}: cannot think, and the request asks every model to (${thinking.label}). Name a model that can think, or leave the thinking controls out. ${explanation.at(-1)}`, { param: thinking.budget !== undefined ? 'thinking' : 'reasoning_effort', explanation });
    }
    const outputLimited = checks.findIndex((c) => c.outputLimit);
    if (outputLimited >= 0 && removed[outputLimited]! > 0) {
      throw new SwitchyardError('invalid_argument', `max_tokens ${count(request.maxTokens ?? 0)}: no model that passes the other filters under policy "${policy.name}" can write that many tokens. ${explanation.at(-1)}`, { param: 'max_tokens', explanation });
    }
    throw new SwitchyardError('no_candidates', `No model passes the filters for this request under policy "${policy.name}". ${explanation.at(-1)}`, { explanation });
  }

  // Hints narrow the pool (MCP semantics: substrings of model names, first matching hint wins).
  let pool = priced;
  for (const hint of hints) {
    const needle = hint.toLowerCase();
    const hits = priced.filter((p) => matchesHint(p.c.model, needle));
    if (hits.length > 0) {
      explanation.push(`hint "${hint}": ${hits.length} candidate${hits.length === 1 ? '' : 's'} match; choosing among them`);
      pool = hits;
      break;
    }
    explanation.push(`hint "${hint}": no candidate matches; next hint`);
  }

  // The best few by the policy's trade-off; a rule's pinned model leads when it passed the filters.
  const rest = new TopK<Priced>(RANKED, better);
  if (hints.length > 0) {
    for (const p of pool) top.add(p);
    if (pool !== priced) for (const p of priced) rest.add(p);
  }
  let lead = top.items[0] as Priced;
  if (rules.pinned) {
    const pin = priced.find((p) => p.c.model.id === rules.pinned!.model.id);
    if (pin) {
      lead = pin;
      explanation.push(`${rules.pinned.label} pins ${pin.c.model.id}`);
    } else warnings.push(`${rules.pinned.label} wants ${rules.pinned.model.id}, but it does not pass the filters for this request; routed by score instead`);
  }
  const chosen = detail(lead, analysis, checks, order, ctx);
  // Only the chosen model needs its details (every usable endpoint, the cost range); the others are listed at the
  // endpoint that would serve them.
  const others = mergeRanked(top.items, rest.items, better).filter((p) => p !== lead);
  const endpoint = chosen.endpoints[0] as Endpoint;
  const callable = ctx.providers ? ctx.providers.anyConfigured && ctx.providers.isAvailable(endpoint.provider) : true;
  const needs = callable ? undefined : (ctx.providers?.keyHint?.(endpoint.provider) ?? `configure provider "${endpoint.provider}"`);

  explanation.push(
    `chosen ${chosen.model.id} at ${endpoint.provider}: predicted success ${fmt(chosen.success)}, estimate ${usd(chosen.cost)} (${usd(chosen.costLow)}–${usd(chosen.costHigh)}), ${qualityText(chosen.model, profile)}`,
  );
  const named = (x: Priced) => ({ id: x.c.model.id, success: x.success, costUsd: x.cost });
  explanation.push(describeTradeOff(profile.difficulty, named(lead), [lead, ...others].map(named), policy.name));
  if (profile.unlikeTraining !== undefined) {
    const why = profile.unlikeTraining === UNTRAINED_CATEGORY
      ? `the predictor was trained on no ${profile.category} prompt`
      : `it is unlike every ${profile.category} prompt the predictor was trained on (${profile.unlikeTraining} outside their range)`;
    explanation.push(`difficulty from the task and the prompt's wording only: ${why}`);
  }
  explanation.push(endpointReason(chosen, policy, needs));

  const fallbacks = fallbackChain(chosen, others, policy, catalog, (id) => {
    const p = priced.find((x) => x.c.model.id === id);
    return p && detail(p, analysis, checks, order, ctx);
  }, warnings);
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
    alternatives: others.slice(0, ALTERNATIVES).map(choiceOf),
    fallbacks,
    explanation,
    warnings,
    candidates,
  };
}

interface PricingPlan {
  /** The next candidate whose utility bound reaches `threshold`, or −1 when no other one can (thresholds only rise). */
  next(threshold: number): number;
  /** The predicted success of the candidate `next` returned. */
  success(): number;
  /** Candidates that fail the context check and the client's max_tokens, the only checks any can fail here. */
  failing: { context: number; outputLimit: number };
}

/**
 * Bounds that let the pass skip candidates which cannot enter the ranking (see `bounds.ts`), or undefined — price
 * every candidate — when another per-request check could remove a model or a skipped one could matter: named models
 * or endpoints, rate limits, hints, a pinned model, a predictor without `successes` and `successCeilings`, or a price
 * cap or budget some candidate might exceed. Models the decision may name anyway (policy fallbacks) and those whose
 * latency was observed (the bound reads the heuristic speed) are always visited.
 *
 * The candidates are bounded a cell of like models at a time (`boundCells`), the cells with the highest bounds
 * first; a cell whose bound reaches the K-th best so far has each member bounded, and members whose own bound
 * reaches it are priced. Once a cell's bound is below the K-th best, so are all later cells'.
 */
function pricingPlan(request: RouteRequest, catalog: Catalog, policy: ResolvedPolicy, rules: RuleOutcome, hints: string[], fixed: ReturnType<typeof staticCandidates>, analysis: RequestAnalysis, predictor: SuccessPredictor, tradeOff: TradeOffPriorities, ctx: RouteContext): PricingPlan | undefined {
  if (request.models?.length || rules.pinned || hints.length > 0 || (ctx.rateLimited?.size ?? 0) > 0 || !predictor.successes || !predictor.successCeilings) return undefined;
  const b = candidateBounds(fixed);
  const wanted = [false, true].map((reasoning) => modelOutputTokens(analysis.forecast, reasoning, Number.POSITIVE_INFINITY).tokens);
  const cap = Math.min(policy.maxCostPerRequest ?? Number.POSITIVE_INFINITY, ctx.budget ? Math.max(0, ctx.budget.limit - ctx.budget.spent) : Number.POSITIVE_INFINITY);
  const failing = { context: 0, outputLimit: 0 };
  const maxTokens = request.maxTokens;
  for (const g of b.groups) {
    // A tokenizer not counted yet (cl100k) is only run when its upper bound could fail a context window.
    const out = wanted[g.reasoning ? 1 : 0]!;
    const { most } = analysis.counter.tokenRange(g.family);
    if (priceCeiling(g, most, out) * (1 + 1e-9) > cap) return undefined;
    const exact = () => analysis.counter.count(g.family).tokens;
    if (maxTokens === undefined) {
      if (most + out > g.contexts[0]!) failing.context += contextFailures(g, exact(), out);
    } else {
      // when every window holds the largest input the text can be, only the output limits can fail
      const f = limitFailures(g, most + out <= g.smallestWindow ? 0 : exact(), out, maxTokens);
      failing.context += f.context;
      failing.outputLimit += f.outputLimit;
    }
  }
  const { profile } = analysis;
  const input = b.families.map((f) => analysis.counter.tokenRange(f).least);
  const leastInput = Math.min(...input);
  const ratings = ratingsFor(b, profile.category, RATING_FALLBACK);
  const utilityOf = utilityOfLogLatency(tradeOff);
  const work = wanted.map(log10LatencyWork);
  /** A utility bound from the lowest prices, latency scale and output limit and the highest success and rating. */
  const boundOf = (reasoning: number, inputTokens: number, inputPerMTok: number, outputPerMTok: number, maxOutputTokens: number, log10LatencyScale: number, success: number, rating: number) => {
    const out = Math.min(wanted[reasoning]!, maxOutputTokens);
    const costUsd = (inputTokens * inputPerMTok + out * outputPerMTok) / 1e6;
    return utilityOf(success, costUsd, log10LatencyScale + (out === wanted[reasoning] ? work[reasoning]! : log10LatencyWork(out)), rating);
  };

  const cells = boundCells(b, profile.category, RATING_FALLBACK);
  const ceilings = predictor.successCeilings(profile, b.models, cells.members);
  const cellBound = new Float64Array(cells.members.length);
  for (let k = 0; k < cellBound.length; k++) {
    cellBound[k] = boundOf(cells.reasoning[k]!, leastInput, cells.inputPerMTok[k]!, cells.outputPerMTok[k]!, cells.maxOutputTokens[k]!, cells.log10LatencyScale[k]!, ceilings[k]!, cells.rating[k]!);
  }
  const always = new Set<number>();
  for (const id of [...policy.fallbacks, ...(ctx.observedLatencyMs?.keys() ?? [])]) {
    const i = b.indexOf.get(catalog.lookup(id)?.model.id ?? id);
    if (i !== undefined) always.add(i);
  }
  if (always.size > 0) {
    for (let k = 0; k < cellBound.length; k++) if (cells.members[k]!.some((i) => always.has(i))) cellBound[k] = Number.POSITIVE_INFINITY;
  }

  // Best first: the highest bound among the members of the cells opened so far is priced next, unless an unopened
  // cell's bound is higher; then that cell is opened. A few cells are opened, so both are found by a scan.
  const opened = new Uint8Array(cellBound.length);
  const pending: { i: number; bound: number; success: number }[] = [];
  /** The unopened cell with the highest bound (−1: none left); undefined once opened, until it is looked for again. */
  let cell: number | undefined;
  let success = 0;
  return {
    failing,
    success: () => success,
    next(threshold) {
      for (;;) {
        let top = -1;
        for (let k = 0; k < pending.length; k++) if (top < 0 || pending[k]!.bound > pending[top]!.bound) top = k;
        if (cell === undefined) {
          cell = -1;
          for (let k = 0; k < cellBound.length; k++) if (!opened[k] && (cell < 0 || cellBound[k]! > cellBound[cell]!)) cell = k;
        }
        const topBound = top < 0 ? Number.NEGATIVE_INFINITY : pending[top]!.bound;
        if (cell < 0 || topBound >= cellBound[cell]!) {
          if (top < 0 || topBound < threshold) return -1;
          const next = pending[top]!;
          pending[top] = pending[pending.length - 1]!;
          pending.pop();
          success = next.success;
          return next.i;
        }
        if (cellBound[cell]! < threshold) return -1;
        opened[cell] = 1;
        const members = cells.members[cell]!;
        cell = undefined;
        const memberSuccess = predictor.successes!(profile, b.models, members);
        for (let k = 0; k < members.length; k++) {
          const i = members[k]!;
          const bound = always.has(i) ? Number.POSITIVE_INFINITY : boundOf(b.reasoning[i]!, input[b.family[i]!]!, b.inputPerMTok[i]!, b.outputPerMTok[i]!, b.maxOutputTokens[i]!, b.log10LatencyScale[i]!, memberSuccess[k]!, ratings[i]!);
          if (bound >= threshold) pending.push({ i, bound, success: memberSuccess[k]! });
        }
      }
    },
  };
}

/** A candidate priced for this request at the endpoint that would serve it (an index into `c.endpoints`). */
interface Priced {
  c: PreparedCandidate;
  best: number;
  cost: number;
  latencyMs: number;
  success: number;
  utility: number;
  /** The check that removed the model (its last endpoint), when it was removed. */
  failed?: number;
}

/** A per-request check on one endpoint; the index of the first one an endpoint fails is recorded. */
interface RequestCheck {
  reason: string;
  /** The budget check: a model it removes may be named in the refusal. */
  budget?: boolean;
  /** The client's max_tokens check: when it removes the last models, the request is what cannot be served. */
  outputLimit?: boolean;
  fails(facts: EndpointFacts, endpoint: Endpoint, model: Model, inputTokens: number, outputTokens: number, cost: number): boolean;
}

function requestChecks(request: RouteRequest, catalog: Catalog, policy: ResolvedPolicy, ctx: RouteContext): RequestCheck[] {
  const checks: RequestCheck[] = [];
  if (request.models?.length) {
    const allowed = restrictTo(catalog, request.models);
    checks.push({ reason: "not among the request's models", fails: (_f, e, m) => !allowed(e, m) });
  }
  checks.push({ reason: 'context window too small for the input and the answer', fails: (f, _e, _m, input, out) => input + out > f.contextWindow });
  const wanted = request.maxTokens;
  if (wanted !== undefined) checks.push({ reason: `output limit below max_tokens ${count(wanted)}`, outputLimit: true, fails: (f) => f.maxOutputTokens < wanted });
  const cap = policy.maxCostPerRequest;
  if (cap !== undefined) checks.push({ reason: 'over the policy’s maxCostPerRequest', fails: (_f, _e, _m, _i, _o, cost) => cost > cap });
  const limited = ctx.rateLimited;
  if (limited && limited.size > 0) checks.push({ reason: 'rate limit used up until its reset', fails: (_f, e) => limited.has(e.id) });
  if (ctx.budget) {
    const left = Math.max(0, ctx.budget.limit - ctx.budget.spent);
    checks.push({ reason: `over the ${ctx.budget.period} budget left`, budget: true, fails: (_f, _e, _m, _i, _o, cost) => cost > left });
  }
  return checks;
}

/**
 * Which endpoint of a model serves this request, and at what cost: one pass over the endpoints that can win (the
 * dominated ones cannot), or over all of them when the request names endpoints.
 */
function price(c: PreparedCandidate, analysis: RequestAnalysis, checks: RequestCheck[], order: EndpointOrder, allEndpoints: boolean, ctx: RouteContext): Priced {
  const input = analysis.counter.count(c.family);
  const wanted = modelOutputTokens(analysis.forecast, c.model.reasoning, Number.POSITIVE_INFINITY);
  let best: PricedEndpoint | undefined;
  let bestIndex = -1;
  let failed = -1;
  let failedCost = Number.POSITIVE_INFINITY;
  const n = allEndpoints ? c.endpoints.length : c.contenders.length;
  for (let k = 0; k < n; k++) {
    const i = allEndpoints ? k : c.contenders[k]!;
    const endpoint = c.endpoints[i]!;
    const f = c.facts[i]!;
    const out = Math.min(wanted.tokens, f.maxOutputTokens);
    const reasoning = Math.min(wanted.reasoning, out);
    // The same arithmetic as costOf for untiered prices (no cache in a forecast), without its objects.
    const cost = f.tiered
      ? costOf(endpoint, { inputTokens: input.tokens, outputTokens: out, reasoningTokens: reasoning }).totalCost
      : (input.tokens * f.inputPerMTok + (out - reasoning) * f.outputPerMTok + reasoning * f.reasoningPerMTok) / 1e6;
    let fails = -1;
    for (let j = 0; j < checks.length && fails < 0; j++) if (checks[j]!.fails(f, endpoint, c.model, input.tokens, out, cost)) fails = j;
    if (fails >= 0) {
      if (fails > failed || (fails === failed && cost < failedCost)) {
        failed = fails;
        failedCost = cost;
      }
      continue;
    }
    // Latency only orders endpoints when the policy sorts by it; otherwise it is worked out for the winner alone.
    const candidate = { endpoint, cost, latencyMs: order.byLatency ? latencyOf(endpoint, c.model, f.speed, out, ctx.observedLatencyMs) : 0 };
    if (!best || order(candidate, best, c.model) < 0) {
      best = candidate;
      bestIndex = i;
    }
  }
  if (!best) return { c, best: -1, cost: failedCost, latencyMs: 0, success: 0, utility: 0, failed };
  const winner = c.facts[bestIndex]!;
  const latencyMs = order.byLatency ? best.latencyMs : latencyOf(best.endpoint, c.model, winner.speed, Math.min(wanted.tokens, winner.maxOutputTokens), ctx.observedLatencyMs);
  return { c, best: bestIndex, cost: best.cost, latencyMs, success: 0, utility: 0 };
}

/** Everything the decision shows of a ranked model: all its endpoints that pass the checks, in order, with costs and ranges. */
function detail(p: Priced, analysis: RequestAnalysis, checks: RequestCheck[], order: EndpointOrder, ctx: RouteContext): Scored {
  const input = analysis.counter.count(p.c.family);
  // Only the serving endpoint needs the cost range; the others are ordered by their expected cost.
  const others = p.c.endpoints.flatMap((endpoint, i) => {
    if (i === p.best) return [];
    const cost = expectedCost(endpoint, p.c.model, input, analysis.forecast);
    const f = p.c.facts[i]!;
    if (checks.some((check) => check.fails(f, endpoint, p.c.model, input.tokens, cost.output.tokens, cost.cost))) return [];
    return [{ endpoint, cost: cost.cost, latencyMs: latencyOf(endpoint, p.c.model, f.speed, cost.output.tokens, ctx.observedLatencyMs) }];
  });
  others.sort((a, b) => order(a, b, p.c.model) || compare(a.endpoint.id, b.endpoint.id));
  const endpoint = p.c.endpoints[p.best]!;
  const best = requestCost(endpoint, p.c.model, input, analysis.forecast);
  const sorted = [{ endpoint, cost: best.cost }, ...others];
  return {
    model: p.c.model,
    endpoints: sorted.map((r) => r.endpoint),
    costs: new Map(sorted.map((r) => [r.endpoint.id, r.cost])),
    cost: best.cost,
    costLow: best.low,
    costHigh: best.high,
    inputCost: best.inputCost,
    outputCost: best.outputCost,
    outputTokens: best.output,
    success: p.success,
    latencyMs: p.latencyMs,
    utility: p.utility,
  };
}

interface PricedEndpoint {
  endpoint: Endpoint;
  cost: number;
  latencyMs: number;
}

type EndpointOrder = ((a: PricedEndpoint, b: PricedEndpoint, model: Model) => number) & { byLatency: boolean };

/**
 * How endpoints of one model are ordered: the policy's provider order first; then, when nothing is callable yet,
 * the maker's own API (the key a user is most likely to add); then by price (default), latency or throughput.
 */
function endpointOrder(policy: ResolvedPolicy, ctx: RouteContext): EndpointOrder {
  const order = policy.providers.order ?? [];
  const rankOf = (p: string) => {
    const i = order.indexOf(p);
    return i < 0 ? order.length : i;
  };
  const preview = ctx.providers !== undefined && !ctx.providers.anyConfigured;
  const sort = policy.providers.sort ?? 'price';
  const compareEndpoints = (a: PricedEndpoint, b: PricedEndpoint, model: Model) =>
    (order.length > 0 ? rankOf(a.endpoint.provider) - rankOf(b.endpoint.provider) : 0) ||
    (preview ? Number(a.endpoint.id !== model.id) - Number(b.endpoint.id !== model.id) : 0) ||
    (sort === 'price' ? a.cost - b.cost || a.latencyMs - b.latencyMs : a.latencyMs - b.latencyMs || a.cost - b.cost);
  return Object.assign(compareEndpoints, { byLatency: sort !== 'price' });
}

/** The hinted pool's ranking, then the other candidates' (for alternatives and fallbacks), without repeats. */
function mergeRanked(first: Priced[], second: Priced[], better: (a: Priced, b: Priced) => number): Priced[] {
  const seen = new Set(first);
  return [...first, ...second.filter((p) => !seen.has(p)).sort(better)];
}

/** The chosen model on its next endpoint, the policy's fallbacks, then the next distinct models; never one endpoint twice. */
function fallbackChain(chosen: Scored, others: Priced[], policy: ResolvedPolicy, catalog: Catalog, candidate: (modelId: string) => Scored | undefined, warnings: string[]): RouteChoice[] {
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
    const scored = candidate(found.model.id);
    const endpoint = scored && (found.endpoint ? scored.endpoints.find((e) => e.id === found.endpoint!.id) : scored.endpoints[0]);
    if (!scored || !endpoint) {
      warnings.push(`policy "${policy.name}": fallback ${found.endpoint?.id ?? found.model.id} does not pass this request's filters; skipped`);
      continue;
    }
    chain.push(choice(scored, endpoint));
    models.add(scored.model.id);
  }
  for (const p of others) {
    if (models.size > FALLBACK_MODELS) break;
    if (models.has(p.c.model.id)) continue;
    chain.push(choiceOf(p));
    models.add(p.c.model.id);
  }
  return chain;
}

/** A ranked model at the endpoint that would serve it. */
function choiceOf(p: Priced): RouteChoice {
  const endpoint = p.c.endpoints[p.best]!;
  return { model: p.c.model.id, provider: endpoint.provider, endpoint: endpoint.id, estimatedCost: p.cost, success: round(p.success) };
}

function choice(s: Scored, endpoint: Endpoint): RouteChoice {
  return { model: s.model.id, provider: endpoint.provider, endpoint: endpoint.id, estimatedCost: s.costs.get(endpoint.id) ?? s.cost, success: round(s.success) };
}

function estimateOf(s: Scored, input: TokenCount): CostEstimate {
  const estimate: CostEstimate = { model: s.model.id, inputTokens: input.tokens, outputTokens: s.outputTokens.tokens, inputCost: s.inputCost, outputCost: s.outputCost, totalCost: s.cost, exact: input.exact };
  if (input.note) estimate.note = input.note;
  return estimate;
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

function overBudget(budget: NonNullable<RouteContext['budget']>, cheapest: Priced): SwitchyardError {
  const left = Math.max(0, budget.limit - budget.spent);
  return new SwitchyardError(
    'budget_exceeded',
    `${budget.period} budget ${formatUsd(budget.limit)} reached: ${formatUsd(budget.spent)} spent or reserved, ${formatUsd(left)} left, and this request needs at least ${formatUsd(cheapest.cost)} (${cheapest.c.model.id}, the cheapest model that can serve it). Nothing was sent. Raise budget.${budget.period} in your config, or wait.`,
    { budget: budget.limit, period: budget.period, spent: budget.spent, needed: cheapest.cost },
  );
}

interface RuleOutcome {
  priorities: Priorities;
  /** Success targets a matching rule sets (replacing the policy's). */
  targets: { minSuccess?: number; pricePerPoint?: number };
  require: RequireCaps;
  pinned?: { model: Model; label: string };
}

function applyRules(policy: ResolvedPolicy, task: Task, inputTokens: number, tags: string[], catalog: Catalog, explanation: string[], warnings: string[]): RuleOutcome {
  const out: RuleOutcome = { priorities: policy.priorities, targets: {}, require: {} };
  policy.rules.forEach((rule, index) => {
    if (!ruleMatches(rule.when, task, inputTokens, tags)) return;
    const label = `rule #${index + 1}${rule.description ? ` (${rule.description})` : ''} when ${describeWhen(rule.when)}`;
    if (rule.preferences) {
      out.priorities = mergePriorities(out.priorities, rule.preferences);
      if (rule.preferences.minSuccess !== undefined) out.targets.minSuccess = rule.preferences.minSuccess;
      if (rule.preferences.pricePerPoint !== undefined) out.targets.pricePerPoint = rule.preferences.pricePerPoint;
    }
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

/** A named model (or endpoint) has an endpoint that can think. */
function canThink(catalog: Catalog, id: string): boolean {
  const found = catalog.lookup(id);
  const endpoints = found?.endpoint ? [found.endpoint] : (found?.model.endpoints ?? []);
  return endpoints.some((e) => e.capabilities.includes('reasoning'));
}

function thinkingText(t: ThinkingAsk): string {
  if (t.mode === 'on') return `${t.label} asked: only models that can think, each predicted as thinking`;
  return `${t.label} asked: ${t.scale > 0 ? 'little' : 'no'} thinking on models that allow it, none predicted as thinking`;
}

function qualityText(model: Model, profile: PromptProfile): string {
  const r = model.quality.ratings;
  const rating = r[profile.category];
  const shown = rating !== undefined ? `${profile.category} ${Math.round(rating)}` : `overall ${Math.round(r.overall ?? 0)}`;
  return `quality ${shown} (${model.quality.source === 'arena' ? 'arena' : `estimated: ${model.quality.basis}`})`;
}

const fmt = (n: number) => n.toFixed(2);
const usd = (n: number) => `$${significant(n, 2)}`;
/** 12345 → `12,345` (a regex only from 1,000 up: Intl formatting costs more than the rest of a decision's text). */
const count = (n: number) => {
  const s = String(Math.round(n));
  return s.length <= 3 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
};
const round = (n: number) => Math.round(n * 1e4) / 1e4;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
