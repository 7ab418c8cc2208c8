import type { Catalog } from '../../../../shared/catalog/catalog.js';
import type { Model } from '../../../../shared/catalog/model.js';
import { SwitchyardError } from '../../../../shared/errors.js';
import { estimateOne } from './estimate.js';
import { RequestTokenCounter } from '../../../../shared/pricing/token-count.js';
import { tokenizable } from '../../../../shared/pricing/tokenizable.js';
import { hintNames, mergePriorities, type PolicySet, type ResolvedPolicy } from '../../../../shared/policy/resolve.js';
import type { PolicyRule, RequireCaps } from '../../../../shared/policy/schema.js';
import { detectTask, type Task } from '../../../../shared/routing/detect-task.js';
import { hardFilters, requiredCapabilities, type Candidate } from './filters.js';
import { hasImages } from '../../../../shared/routing/messages.js';
import { compareScored, scoreCandidates, type ScoredCandidate } from './score.js';
import { TASK_QUALITY } from '../../../../shared/routing/task-quality.js';
import type { RouteContext, RouteDecision, RouteRequest } from '../../../../shared/routing/types.js';
import { significant } from '../../../../shared/format.js';

export const DEFAULT_OUTPUT_TOKENS = 500;
const ALTERNATIVES = 5;
const FALLBACKS = 3;

const fmt = (n: number) => n.toFixed(2);
const usd = (n: number) => `$${significant(n, 3)}`;

/**
 * Route one request: detect the task, apply the policy's rules and hard filters, score what is left and
 * explain the choice. Pure and deterministic: the same request, catalog, policies and context give the same decision.
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
  explanation.push(`size: about ${inputTokens.toLocaleString('en-US')} input tokens + ${outputTokens.toLocaleString('en-US')} output tokens`);

  const matched = matchingRules(policy, detection.task, inputTokens, request.tags ?? []);
  let priorities = policy.priorities;
  let ruleRequire: RequireCaps = {};
  let pinned: { model: Model; rule: string } | undefined;
  for (const { rule, label } of matched) {
    if (rule.preferences) priorities = mergePriorities(priorities, rule.preferences);
    if (rule.require) ruleRequire = { ...ruleRequire, ...rule.require };
    if (rule.use !== undefined && !pinned) {
      const found = catalog.resolve(rule.use);
      if ('model' in found) pinned = { model: found.model, rule: label };
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

  let candidates: Candidate[] = startingModels(request, catalog).map((model) => ({ model, estimate: estimateOne(model, counter, outputTokens) }));
  const startCount = candidates.length;
  for (const filter of hardFilters(policy, caps, outputTokens, ctx)) {
    const kept = candidates.filter(filter.keep);
    const removed = candidates.length - kept.length;
    if (removed > 0) explanation.push(`filter ${filter.name}: excluded ${removed.toLocaleString('en-US')}, ${kept.length.toLocaleString('en-US')} left`);
    if (kept.length === 0) {
      throw new SwitchyardError(
        'no_candidates',
        `no model passes the filters: "${filter.name}" excluded the last ${removed} of ${startCount} candidates (policy "${policy.name}"). Relax the policy or the request. Trace: ${explanation.join(' | ')}`,
      );
    }
    candidates = kept;
  }

  const category = TASK_QUALITY[detection.task];
  const hints = [...hintNames(request.preferences?.hints ?? []), ...policy.hints];
  let pool = candidates;
  for (const hint of hints) {
    const needle = hint.toLowerCase();
    const hits = candidates.filter((c) => c.model.id.toLowerCase().includes(needle));
    if (hits.length > 0) {
      explanation.push(`hint "${hint}": ${hits.length} candidate${hits.length === 1 ? '' : 's'} match; choosing among them`);
      pool = hits;
      break;
    }
    explanation.push(`hint "${hint}": no candidate matches; next hint`);
  }

  const ranked = scoreCandidates(pool, priorities, category, ctx.observedLatencyMs).sort(compareScored);
  let chosen = ranked[0] as ScoredCandidate;
  if (pinned) {
    const pin = ranked.find((c) => c.model.id === pinned.model.id) ?? scoreCandidates(candidates, priorities, category, ctx.observedLatencyMs).find((c) => c.model.id === pinned.model.id);
    if (pin) {
      chosen = pin;
      explanation.push(`${pinned.rule} pins ${pin.model.id}`);
    } else {
      warnings.push(`${pinned.rule} wants ${pinned.model.id}, but it does not pass the filters for this request; routed by score instead`);
    }
  }

  const q = chosen.parts.rated ? `${category} ${fmt(chosen.parts.quality)}` : `unrated (assumed ${fmt(chosen.parts.quality)})`;
  explanation.push(
    `chosen ${chosen.model.id}: score ${fmt(chosen.score)} of ${ranked.length} scored (cost ${fmt(chosen.parts.cost)}, speed ${fmt(chosen.parts.speed)}, quality ${q}); estimate ${usd(chosen.estimate.totalCost)}${chosen.estimate.exact ? '' : ' (token count estimated)'}`,
  );
  const alternatives = ranked.filter((c) => c !== chosen).slice(0, ALTERNATIVES);
  const runnerUp = alternatives[0];
  if (runnerUp) explanation.push(`runner-up ${runnerUp.model.id}: score ${fmt(runnerUp.score)}, estimate ${usd(runnerUp.estimate.totalCost)}`);

  const fallbacks = fallbackChain(chosen, policy, catalog, candidates, ranked, warnings);
  if (fallbacks.length > 0) explanation.push(`fallbacks: ${fallbacks.join(' → ')}`);

  return {
    model: chosen.model.id,
    provider: chosen.model.provider,
    task: detection.task,
    taskConfidence: detection.confidence,
    estimatedCost: chosen.estimate.totalCost,
    estimate: chosen.estimate,
    policy: policy.name,
    score: chosen.score,
    alternatives: alternatives.map((c) => ({ model: c.model.id, score: round(c.score), estimatedCost: c.estimate.totalCost })),
    fallbacks,
    explanation,
    warnings,
    candidates: candidates.length,
  };
}

function startingModels(request: RouteRequest, catalog: Catalog): readonly Model[] {
  if (!request.models || request.models.length === 0) return catalog.all();
  const models = new Map<string, Model>();
  request.models.forEach((id, index) => {
    const found = catalog.resolve(id);
    if (!('model' in found)) {
      const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
      throw new SwitchyardError('unknown_model', `models[${index}]: unknown model "${id}".${hint}`);
    }
    models.set(found.model.id, found.model);
  });
  return [...models.values()];
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

/** Policy fallbacks first, then the best-scored candidates on other providers, then any other candidates. */
function fallbackChain(
  chosen: ScoredCandidate,
  policy: ResolvedPolicy,
  catalog: Catalog,
  candidates: Candidate[],
  ranked: ScoredCandidate[],
  warnings: string[],
): string[] {
  const chain: string[] = [];
  const eligible = new Set(candidates.map((c) => c.model.id));
  for (const id of policy.fallbacks) {
    const found = catalog.resolve(id);
    if (!('model' in found)) {
      warnings.push(`policy "${policy.name}": fallback "${id}" is not in the catalog; skipped`);
      continue;
    }
    if (found.model.id === chosen.model.id || chain.includes(found.model.id)) continue;
    if (!eligible.has(found.model.id)) {
      warnings.push(`policy "${policy.name}": fallback ${found.model.id} does not pass this request's filters; skipped`);
      continue;
    }
    chain.push(found.model.id);
  }
  const providers = new Set([chosen.model.provider, ...chain.map((id) => catalog.get(id)?.provider)]);
  for (const c of ranked) {
    if (chain.length >= FALLBACKS) break;
    if (c === chosen || chain.includes(c.model.id) || providers.has(c.model.provider)) continue;
    chain.push(c.model.id);
    providers.add(c.model.provider);
  }
  for (const c of ranked) {
    if (chain.length >= FALLBACKS) break;
    if (c !== chosen && !chain.includes(c.model.id)) chain.push(c.model.id);
  }
  return chain;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

