import type { Catalog } from '../catalog/catalog.js';
import type { Endpoint, Model } from '../catalog/model.js';
import { requireModel } from '../catalog/require-model.js';
import type { CostEstimate } from '../pricing/estimate.js';
import type { ResolvedPolicy } from '../policy/resolve.js';
import { compareText } from '../format.js';
import { analyzeRequest } from './analyze.js';
import { applyFilters, staticCandidates, type Candidate } from './candidates.js';
import type { ReasoningRequest } from './thinking.js';
import type { OutputForecast } from './forecast.js';
import type { RequestInput } from './messages.js';
import { fitsContext, requestCost } from './request-cost.js';
import type { RouteContext } from './types.js';

export interface RequestEstimate extends CostEstimate {
  provider: string;
  /** The endpoint priced: the model's cheapest usable one. */
  endpoint: string;
  costRange: [number, number];
}

export interface RequestEstimates {
  /** Cheapest first (ties by model id). */
  estimates: RequestEstimate[];
  /** Models left out because no endpoint's context window holds the input and the forecast answer. */
  tooSmall: string[];
  /** Models left out because the request asks for thinking (`reasoning`) and no endpoint of theirs can think. */
  cannotThink: string[];
  forecast: OutputForecast;
}

/** No policy: estimates price every model that can be called (or previewed), whatever the workspace's rules. */
const ANY_MODEL: ResolvedPolicy = { name: 'estimate', source: 'built-in', chain: ['estimate'], priorities: { costPriority: 1, speedPriority: 0, intelligencePriority: 0 }, hints: [], allow: [], deny: [], require: {}, localOnly: false, fallbacks: [], providers: {}, rules: [] };

/**
 * What a request would cost on each model, at the model's cheapest usable endpoint, with the output forecast from the
 * request (or the caller's `outputTokens`); models whose context cannot hold the input and the answer are left out.
 */
export function estimateRequest(input: RequestInput, catalog: Catalog, options: { models?: string[]; field?: string; outputTokens?: number; reasoning?: ReasoningRequest; ctx?: RouteContext } = {}): RequestEstimates {
  const ctx = options.ctx ?? {};
  const analysis = analyzeRequest(input, { ...(options.outputTokens !== undefined ? { outputTokens: options.outputTokens } : {}), ...(ctx.predictor ? { predictor: ctx.predictor } : {}), ...(options.reasoning ? { reasoning: options.reasoning } : {}) });
  const start = options.models ? requested(catalog, options.models, options.field ?? 'models') : staticCandidates(catalog, { policy: ANY_MODEL, caps: [], ...(ctx.providers ? { providers: ctx.providers } : {}), ...(ctx.today ? { today: ctx.today } : {}) }).candidates;
  // a request that asks for thinking can only be served by endpoints that think
  const able = analysis.thinking?.mode === 'on' ? applyFilters(start, [{ reason: 'lacks reasoning', keep: (e) => e.capabilities.includes('reasoning') }]).candidates : start;
  const { candidates } = applyFilters(able, [{ reason: 'context', keep: (e, m) => fitsContext(e, m, analysis.tokensFor(m), analysis.forecast) }]);
  const kept = new Set(candidates.map((c) => c.model.id));
  const thinking = new Set(able.map((c) => c.model.id));
  const estimates = candidates.map((c) => cheapest(c, analysis));
  estimates.sort((a, b) => a.totalCost - b.totalCost || compareText(a.model, b.model));
  return {
    estimates,
    tooSmall: able.filter((c) => !kept.has(c.model.id)).map((c) => c.model.id),
    cannotThink: start.filter((c) => !thinking.has(c.model.id)).map((c) => c.model.id),
    forecast: analysis.forecast,
  };
}

function cheapest(c: Candidate, analysis: ReturnType<typeof analyzeRequest>): RequestEstimate {
  const input = analysis.tokensFor(c.model);
  const priced = c.endpoints
    .map((endpoint) => ({ endpoint, cost: requestCost(endpoint, c.model, input, analysis.forecast) }))
    .sort((a, b) => a.cost.cost - b.cost.cost || compareText(a.endpoint.id, b.endpoint.id));
  const { endpoint, cost } = priced[0]!;
  const estimate: RequestEstimate = {
    model: c.model.id,
    provider: endpoint.provider,
    endpoint: endpoint.id,
    inputTokens: input.tokens,
    outputTokens: cost.output.tokens,
    inputCost: cost.inputCost,
    outputCost: cost.outputCost,
    totalCost: cost.cost,
    costRange: [cost.low, cost.high],
    exact: input.exact,
  };
  if (input.note) estimate.note = input.note;
  return estimate;
}

/** The models asked for, once each; an endpoint id prices that endpoint only. */
function requested(catalog: Catalog, ids: string[], field: string): Candidate[] {
  const byModel = new Map<string, { model: Model; endpoints: Set<Endpoint> | 'all' }>();
  ids.forEach((id, n) => {
    const { model, endpoint } = requireModel(catalog, id, `${field}[${n}]`);
    const entry = byModel.get(model.id) ?? { model, endpoints: new Set<Endpoint>() };
    if (!endpoint) entry.endpoints = 'all';
    else if (entry.endpoints !== 'all') entry.endpoints.add(endpoint);
    byModel.set(model.id, entry);
  });
  return [...byModel.values()].map(({ model, endpoints }) => ({ model, endpoints: endpoints === 'all' ? model.endpoints : [...endpoints] }));
}
