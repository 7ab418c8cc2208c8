import type { Catalog } from '../catalog/catalog.js';
import type { Model } from '../catalog/model.js';
import { estimateOne } from '../pricing/estimate.js';
import { RequestTokenCounter } from '../pricing/token-count.js';
import { tokenizable } from '../pricing/tokenizable.js';
import { hintNames, mergePriorities, type PolicySet, type ResolvedPolicy } from '../policy/resolve.js';
import type { PolicyRule, RequireCaps } from '../policy/schema.js';
import { acquireScratch, catalogIndex, FAMILIES, releaseScratch, survivorMask, type CatalogIndex, type QualityColumn, type Scratch, type StaticSurvivors } from './catalog-index.js';
import { detectTask, type Task } from './detect-task.js';
import { explainFilters, formatCount, passesRequestFilters, requiredCapabilities, scanCandidates, setContextRemoved, staticFilters, type FilterInput } from './filters.js';
import { hasImages } from './messages.js';
import { exactCost, exactStats, fusedRank, partsOf, rankPool, weightsOf, type Costing, type Pool, type Ranked, type Ranking, type Signals, type Stats } from './score.js';
import { observedSpeed } from './speed.js';
import { TASK_QUALITY } from './task-quality.js';
import type { RouteContext, RouteDecision, RouteRequest } from './types.js';
import { significant } from '../format.js';
import { requireModel } from '../catalog/require-model.js';

export const DEFAULT_OUTPUT_TOKENS = 500;
const ALTERNATIVES = 5;
const FALLBACKS = 3;
/** How much of the ranking to compute exactly at first: the choice, the alternatives and room for fallbacks. */
const TOP_K = 16;

const fmt = (n: number) => n.toFixed(2);
const usd = (n: number) => `$${significant(n, 3)}`;

/**
 * Route one request: detect the task, apply the policy's rules and hard filters, score what is left and
 * explain the choice. Pure and deterministic: the same request, catalog, policies and context give the same decision.
 *
 * How it is fast (the decision is exactly the reference implementation's, which
 * `test/shared/routing/route-equivalence.test.ts` holds it to, over the real catalog):
 * - the catalog is read through its routing index (catalog-index.ts): typed arrays built once per catalog, and the
 *   survivors of the request-independent filters cached per policy, capabilities, date and provider status;
 * - token counts are made once per tokenizer family, costs are plain arithmetic on the index's prices;
 * - only the top of the ranking is scored exactly: an approximate score with a proven error bound picks the few
 *   models that can be in the top K (score.ts); for the usual request the context filter and that scoring are one
 *   pass over the survivors (`fusedRank`), otherwise two (`scanCandidates`, then `rankPool`);
 * - objects and strings are made only for the models that appear in the decision.
 */
export function route(request: RouteRequest, catalog: Catalog, policies: PolicySet, ctx: RouteContext = {}): RouteDecision {
  const policy = policies.resolve(request.policy);
  const explanation: string[] = [];
  const warnings = [...(ctx.warnings ?? []), ...policies.warnings];
  const outputTokens = request.outputTokens ?? DEFAULT_OUTPUT_TOKENS;

  const counter = new RequestTokenCounter(tokenizable(request.input));
  const inputTokens = counter.count('o200k').tokens;
  const detection = detectTask(request.input, { inputTokens });
  explanation.push(`task: ${detection.task} (confidence ${fmt(detection.confidence)})${detection.reasons.length ? ` — ${detection.reasons.join('; ')}` : ''}`);
  explanation.push(`size: about ${formatCount(inputTokens)} input tokens + ${formatCount(outputTokens)} output tokens`);

  const matched = matchingRules(policy, detection.task, inputTokens, request.tags ?? []);
  let priorities = policy.priorities;
  let ruleRequire: RequireCaps = {};
  let pinned: { model: Model; rule: string } | undefined;
  for (const { rule, label } of matched) {
    if (rule.preferences) priorities = mergePriorities(priorities, rule.preferences);
    if (rule.require) ruleRequire = { ...ruleRequire, ...rule.require };
    if (rule.use !== undefined && !pinned) {
      const model = catalog.get(rule.use);
      if (model) pinned = { model, rule: label };
      else warnings.push(`${label}: "use" names unknown model "${rule.use}"; rule ignored`);
    }
    explanation.push(`${label} matched${rule.preferences ? ': adjusts priorities' : ''}${rule.require ? ': adds requirements' : ''}${rule.use ? `: use ${rule.use}` : ''}`);
  }
  if (request.preferences) priorities = mergePriorities(priorities, request.preferences);
  explanation.push(
    `policy "${policy.name}" (${policy.source}${policy.chain.length > 1 ? `, extends ${policy.chain.slice(1).join(' → ')}` : ''}): priorities cost ${fmt(priorities.costPriority)}, speed ${fmt(priorities.speedPriority)}, quality ${fmt(priorities.intelligencePriority)}`,
  );

  const taskNeeds: RequireCaps = detection.task === 'vision' || hasImages(request.input) ? { vision: true } : {};
  const caps = requiredCapabilities(policy.require, ruleRequire, request.require, taskNeeds);

  const index = catalogIndex(catalog);
  const start = startingModels(request, catalog, index);
  const category = TASK_QUALITY[detection.task];
  const quality = index.quality(category);
  const costing: Costing = {
    index,
    tokens: new Float64Array(FAMILIES.length).fill(-1),
    outputTokens,
    plainOutput: typeof outputTokens === 'number' && outputTokens >= 0 && outputTokens < Number.POSITIVE_INFINITY,
  };
  const scratch = acquireScratch(index);
  const patched = patchObservedSpeeds(index, scratch, ctx.observedLatencyMs);
  try {
    const input: FilterInput = { policy, caps, outputTokens, ctx, counter, costing, quality, start, explanation };
    const filtering = staticFilters(index, scratch, input);
    const startOrder = start ? new Map(Array.from(start, (i, position) => [i, position])) : undefined;
    const signals: Signals = { ids: index.ids, startOrder, speed: scratch.speed, quality, weights: weightsOf(priorities), costing };
    const hints = [...hintNames(request.preferences?.hints ?? []), ...policy.hints];

    // The usual request (whole catalog, no price cap, budget or hint) is filtered and ranked in one pass; anything
    // else, or anything that pass cannot settle, takes two: the candidates, then their ranking.
    const survivors = filtering.survivors;
    const fused =
      survivors && policy.maxCostPerRequest === undefined && ctx.budgetLeft === undefined && hints.length === 0 && !quality.irregular && !patched.irregular
        ? fusedRank(signals, { survivors, category, k: TOP_K, work: scratch })
        : undefined;
    let scanned: Pool | undefined;
    const candidatePool = (): Pool => {
      if (!scanned) {
        scanned = scanCandidates(index, scratch, input, filtering);
        if (patched.irregular) scanned.irregular = true;
      }
      return scanned;
    };
    if (fused) setContextRemoved(filtering, fused.removedByContext);
    else candidatePool();
    explainFilters(filtering, input);
    const candidateCount = fused ? fused.count : candidatePool().len;
    const isCandidate = fused
      ? (i: number) => survivorMask(index, survivors as StaticSurvivors)[i] === 1 && passesRequestFilters(index, input, i)
      : (i: number) => positionOf(candidatePool(), i) >= 0;

    let pool: Pool | undefined = fused ? undefined : candidatePool();
    for (const hint of hints) {
      const hits = hintPool(index, scratch, candidatePool(), hint.toLowerCase(), quality);
      if (hits) {
        explanation.push(`hint "${hint}": ${hits.len} candidate${hits.len === 1 ? '' : 's'} match; choosing among them`);
        pool = hits;
        break;
      }
      explanation.push(`hint "${hint}": no candidate matches; next hint`);
    }
    const poolSize = pool ? pool.len : candidateCount;
    const inPool = pool ? (i: number) => positionOf(pool as Pool, i) >= 0 : isCandidate;
    const poolProviders = (): Set<number> => {
      const out = new Set<number>();
      const p = pool ?? candidatePool();
      for (let k = 0; k < p.len; k++) out.add(index.provider[p.idx[k]!]!);
      return out;
    };

    let ranking = fused ? fused.ranking : rankPool(signals, pool as Pool, TOP_K, scratch);
    let chosen = ranking.ranked[0] as Ranked;
    let chosenStats: Stats = ranking.stats;
    if (pinned) {
      const i = index.byId.get(pinned.model.id) as number;
      if (inPool(i)) {
        const cost = exactCost(costing, i);
        chosen = { i, cost, score: partsOf(signals, ranking.stats, i, cost).score };
        explanation.push(`${pinned.rule} pins ${pinned.model.id}`);
      } else if (isCandidate(i)) {
        // Pinned, but outside the hinted pool: scored against all candidates.
        chosenStats = exactStats(signals, candidatePool());
        const cost = exactCost(costing, i);
        chosen = { i, cost, score: partsOf(signals, chosenStats, i, cost).score };
        explanation.push(`${pinned.rule} pins ${pinned.model.id}`);
      } else {
        warnings.push(`${pinned.rule} wants ${pinned.model.id}, but it does not pass the filters for this request; routed by score instead`);
      }
    }

    const chosenModel = index.models[chosen.i] as Model;
    const estimate = estimateOne(chosenModel, counter, outputTokens);
    const parts = partsOf(signals, chosenStats, chosen.i, chosen.cost);
    const q = parts.rated ? `${category} ${fmt(parts.quality)}` : `unrated (assumed ${fmt(parts.quality)})`;
    explanation.push(
      `chosen ${chosenModel.id}: score ${fmt(chosen.score)} of ${poolSize} scored (cost ${fmt(parts.cost)}, speed ${fmt(parts.speed)}, quality ${q}); estimate ${usd(estimate.totalCost)}${estimate.exact ? '' : ' (token count estimated)'}`,
    );
    // `ranked` holds at least TOP_K entries (or the whole pool): enough for the choice and five alternatives.
    const alternatives = ranking.ranked.filter((c) => c.i !== chosen.i).slice(0, ALTERNATIVES);
    const runnerUp = alternatives[0];
    if (runnerUp) explanation.push(`runner-up ${index.ids[runnerUp.i]}: score ${fmt(runnerUp.score)}, estimate ${usd(runnerUp.cost)}`);

    let fallbacks = fallbackChain(chosen.i, policy, catalog, index, isCandidate, poolProviders, ranking, warnings);
    for (let k = TOP_K * 4; fallbacks === undefined; k *= 4) {
      // The fallbacks need more of the ranking than was computed (the top models share few providers): widen it.
      pool ??= candidatePool();
      ranking = rankPool(signals, pool, k, scratch);
      fallbacks = fallbackChain(chosen.i, policy, catalog, index, isCandidate, poolProviders, ranking, warnings);
    }
    if (fallbacks.length > 0) explanation.push(`fallbacks: ${fallbacks.join(' → ')}`);

    return {
      model: chosenModel.id,
      provider: chosenModel.provider,
      task: detection.task,
      taskConfidence: detection.confidence,
      estimatedCost: estimate.totalCost,
      estimate,
      policy: policy.name,
      score: chosen.score,
      alternatives: alternatives.map((c) => ({ model: index.ids[c.i] as string, score: round(c.score), estimatedCost: c.cost })),
      fallbacks,
      explanation,
      warnings,
      candidates: candidateCount,
    };
  } finally {
    for (const i of patched.indexes) scratch.speed[i] = index.speed[i]!;
    releaseScratch(scratch);
  }
}

/** The request's `models`, as catalog indexes without duplicates; undefined for the whole catalog. */
function startingModels(request: RouteRequest, catalog: Catalog, index: CatalogIndex): Int32Array | undefined {
  if (!request.models || request.models.length === 0) return undefined;
  const seen = new Set<number>();
  request.models.forEach((id, n) => {
    seen.add(index.byId.get(requireModel(catalog, id, `models[${n}]`).id) as number);
  });
  return Int32Array.from(seen);
}

/** Observed median latencies replace the heuristic speed of their models for this decision. */
function patchObservedSpeeds(index: CatalogIndex, scratch: Scratch, observed: ReadonlyMap<string, number> | undefined): { indexes: number[]; irregular: boolean } {
  const indexes: number[] = [];
  let irregular = false;
  if (observed && observed.size > 0) {
    for (const [id, ms] of observed) {
      const i = index.byId.get(id);
      if (i === undefined || ms === undefined) continue;
      const speed = observedSpeed(ms);
      if (!Number.isFinite(speed)) irregular = true;
      scratch.speed[i] = speed;
      indexes.push(i);
    }
  }
  return { indexes, irregular };
}

/** The candidates whose id contains `needle` (in `scratch.hintIdx`), with their bounds; undefined when none does. */
function hintPool(index: CatalogIndex, scratch: Scratch, c: Pool, needle: string, quality: QualityColumn): Pool | undefined {
  const mask = index.hintMask(needle);
  const { lo, hi } = quality;
  const idx = scratch.hintIdx;
  const proxy = scratch.hintProxy;
  let len = 0;
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let argMin = 0;
  let argMax = 0;
  let minQ = Number.POSITIVE_INFINITY;
  let maxQ = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < c.len; p++) {
    const i = c.idx[p]!;
    if (mask[i] !== 1) continue;
    const u = c.proxy[p]!;
    idx[len] = i;
    proxy[len] = u;
    if (u < minU) {
      minU = u;
      argMin = len;
    }
    if (u > maxU) {
      maxU = u;
      argMax = len;
    }
    const ql = lo[i]!;
    if (ql < minQ) minQ = ql;
    const qh = hi[i]!;
    if (qh > maxQ) maxQ = qh;
    len++;
  }
  if (len === 0) return undefined;
  return { idx, proxy, len, argMin, argMax, minU, maxU, minQ, maxQ, irregular: c.irregular };
}

function positionOf(s: Pool, i: number): number {
  for (let p = 0; p < s.len; p++) if (s.idx[p] === i) return p;
  return -1;
}

function matchingRules(policy: ResolvedPolicy, task: Task, inputTokens: number, tags: string[]): { rule: PolicyRule; label: string }[] {
  const out: { rule: PolicyRule; label: string }[] = [];
  policy.rules.forEach((rule, index) => {
    const w = rule.when;
    if (w.task !== undefined && !(Array.isArray(w.task) ? w.task.includes(task) : w.task === task)) return;
    if (w.inputTokensOver !== undefined && !(inputTokens > w.inputTokensOver)) return;
    if (w.inputTokensUnder !== undefined && !(inputTokens < w.inputTokensUnder)) return;
    if (w.tag !== undefined && !tags.includes(w.tag)) return;
    out.push({ rule, label: `rule #${index + 1}${rule.description ? ` (${rule.description})` : ''} when ${describeWhen(w)}` });
  });
  return out;
}

function describeWhen(w: PolicyRule['when']): string {
  const parts: string[] = [];
  if (w.task !== undefined) parts.push(`task = ${Array.isArray(w.task) ? w.task.join('|') : w.task}`);
  if (w.inputTokensOver !== undefined) parts.push(`input > ${w.inputTokensOver} tokens`);
  if (w.inputTokensUnder !== undefined) parts.push(`input < ${w.inputTokensUnder} tokens`);
  if (w.tag !== undefined) parts.push(`tag = ${w.tag}`);
  return parts.join(' and ') || 'always';
}

/**
 * Policy fallbacks first, then the best-scored candidates on other providers, then any other candidates.
 * Undefined when the computed part of the ranking is too short to be sure (the caller widens it and asks again).
 */
function fallbackChain(
  chosen: number,
  policy: ResolvedPolicy,
  catalog: Catalog,
  index: CatalogIndex,
  isCandidate: (i: number) => boolean,
  poolProviders: () => Set<number>,
  ranking: Ranking,
  warnings: string[],
): string[] | undefined {
  const chain: string[] = [];
  const notes: string[] = [];
  const chosenId = index.ids[chosen] as string;
  const providers = new Set<number>([index.provider[chosen]!]);
  for (const id of policy.fallbacks) {
    const model = catalog.get(id);
    if (!model) {
      notes.push(`policy "${policy.name}": fallback "${id}" is not in the catalog; skipped`);
      continue;
    }
    if (model.id === chosenId || chain.includes(model.id)) continue;
    const i = index.byId.get(model.id) as number;
    if (!isCandidate(i)) {
      notes.push(`policy "${policy.name}": fallback ${model.id} does not pass this request's filters; skipped`);
      continue;
    }
    chain.push(model.id);
    providers.add(index.provider[i]!);
  }
  const ranked = ranking.ranked;
  for (const c of ranked) {
    if (chain.length >= FALLBACKS) break;
    const p = index.provider[c.i]!;
    const id = index.ids[c.i] as string;
    if (c.i === chosen || chain.includes(id) || providers.has(p)) continue;
    chain.push(id);
    providers.add(p);
  }
  if (chain.length < FALLBACKS && !ranking.complete) {
    // The rest of the ranking could still add a model on a provider not used yet — unless there is none left.
    for (const p of poolProviders()) if (!providers.has(p)) return undefined;
  }
  for (const c of ranked) {
    if (chain.length >= FALLBACKS) break;
    const id = index.ids[c.i] as string;
    if (c.i !== chosen && !chain.includes(id)) chain.push(id);
  }
  warnings.push(...notes);
  return chain;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
