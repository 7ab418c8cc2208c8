import type { Endpoint } from '../../shared/catalog/model.js';
import { SwitchyardError } from '../../shared/errors.js';
import { DEFAULT_CALL_TIMEOUTS, type Budget, type CallTimeouts } from '../../shared/policy/schema.js';
import { costOf } from '../../shared/pricing/cost.js';
import { countO200kTokens, RequestTokenCounter } from '../../shared/pricing/token-count.js';
import { tokenizable } from '../../shared/pricing/tokenizable.js';
import { tokenizerFamily } from '../../shared/pricing/tokenizer-family.js';
import type { ChatMessage } from '../../shared/routing/messages.js';
import type { ProviderDirectory } from '../config/provider-directory.js';
import type { Ledger, PendingCall } from '../ledger/ledger.js';
import { DEFAULT_TIMEOUTS, scrub } from '../providers/http.js';
import { createProvider } from '../providers/registry.js';
import { decideOnError, ProviderError, type CompletionRequest, type CompletionResult, type GenerationParams, type Provider, type StreamEvent, type Timeouts, type Usage } from '../providers/types.js';
import { THINKING_BUDGETS } from '../providers/anthropic.js';
import { GEMINI_THINKING_BUDGETS } from '../providers/gemini.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { LatencyStats } from './latency-stats.js';
import type { Attempt, InvokeRequest, InvokeResult } from './types.js';

/** Output tokens reserved against budgets when the caller sets no maxTokens (none is sent upstream then), before any thinking budget. */
export const DEFAULT_MAX_TOKENS = 4096;
/** Same-model retries for a short Retry-After before moving on. */
const MAX_RETRIES = 2;

export interface InvokerDeps {
  directory: () => ProviderDirectory;
  ledger: Pick<Ledger, 'file' | 'reserve' | 'record'>;
  budget: () => Budget;
  breakers: CircuitBreakers;
  latency: LatencyStats;
  /** Low-level per-request timeouts for the adapters (tests); by default they follow `limits`. */
  timeouts?: Timeouts;
  /** The user config's `timeouts`: per-attempt first byte and idle, and the deadline of a whole call. */
  limits?: () => CallTimeouts | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls the chain of models in order until one answers: retries short rate limits, falls back on failures,
 * skips providers whose key is refused, moves to larger windows on context errors, and keeps every call
 * inside the budgets (reserved before, settled after) and in the ledger.
 */
export class Invoker {
  private readonly adapters = new Map<string, Provider>();

  constructor(private readonly deps: InvokerDeps) {}

  async invoke(req: InvokeRequest): Promise<InvokeResult> {
    const directory = this.deps.directory();
    const limits = { ...DEFAULT_CALL_TIMEOUTS, ...this.deps.limits?.() };
    const attempts: Attempt[] = [];
    const available: Endpoint[] = [];
    for (const model of req.chain) {
      if (directory.isAvailable(model.provider)) available.push(model);
      else attempts.push({ model: model.id, outcome: 'skipped', kind: 'no_key', error: `provider ${model.provider} is not available: ${directory.keyHint(model.provider)}`, ms: 0 });
    }
    if (available.length === 0) {
      const hints = [...new Set(req.chain.map((m) => `${m.provider}: ${directory.keyHint(m.provider)}`))];
      throw new SwitchyardError('no_provider', `no provider can serve ${req.chain.map((m) => m.id).join(', ')}. ${hints.join('; ')}.`, { attempts });
    }

    const counter = new RequestTokenCounter(tokenizable({ messages: req.messages as ChatMessage[] }));
    const inputTokens = (m: Endpoint) => counter.count(tokenizerFamily(m)).tokens;
    // Output reserved against budgets: the client's limit (thinking counts within it), else a typical answer's plus
    // the thinking budget asked for (no limit is then sent upstream, or the model's own).
    const maxTokens = (m: Endpoint) => req.maxTokens ?? Math.min(DEFAULT_MAX_TOKENS + this.thinkingReserve(req.params, m), m.maxOutputTokens || Number.POSITIVE_INFINITY);
    const first = available[0] as Endpoint;
    const choices = req.params?.n ?? 1; // n > 1: each choice may write that much
    // Write-ahead: the call is in the ledger (as a reservation of its worst case) before anything goes upstream.
    const { plan, reservation } = await this.reserve(
      available,
      (m) => costOf(m, { inputTokens: inputTokens(m), outputTokens: maxTokens(m) * choices }).totalCost,
      { workspace: req.workspace, policy: req.policy, model: first.model, endpoint: first.id, provider: first.provider, via: req.via },
    );

    // One deadline for the whole call, across attempts, retries and fallbacks; the client's cancel ends it too.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), limits.totalMs);
    const onCancel = () => deadline.abort();
    req.signal?.addEventListener('abort', onCancel, { once: true });
    const signal = deadline.signal;
    const overDeadline = () => signal.aborted && !req.signal?.aborted;

    /** Settles the reservation; resolves once the record is durable (an answer is returned only after that). */
    const settle = async (model: Endpoint, usage: Usage, cost: number, outcome: 'ok' | 'error' | 'cancelled') => {
      const call = {
        workspace: req.workspace,
        policy: req.policy,
        model: model.model,
        endpoint: model.id,
        provider: model.provider,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cost,
        outcome,
        attempts: attempts.filter((a) => a.outcome !== 'skipped').length,
        via: req.via,
        ...(usage.cachedInputTokens !== undefined ? { cachedInputTokens: usage.cachedInputTokens } : {}),
        ...(usage.reasoningTokens !== undefined ? { reasoningTokens: usage.reasoningTokens } : {}),
      };
      try {
        await this.deps.ledger.record(call, reservation);
      } catch (error) {
        process.stderr.write(`switchyard: could not write the spend ledger ${this.deps.ledger.file}: ${String(error)}\n`);
      }
    };
    const noUsage: Usage = { inputTokens: 0, outputTokens: 0 };
    const skipProviders = new Set<string>();
    const unreachable = new Set<string>();
    let minContext = 0;
    const retries = new Map<string, number>();
    let last: Endpoint = plan[0] as Endpoint;
    const listAttempts = () => attempts.map((a) => `${a.model}: ${a.error ?? a.outcome}`).join('; ');
    const deadlineError = () =>
      new SwitchyardError('provider_failed', `no answer within the call's deadline of ${limits.totalMs} ms (timeouts.totalMs in the user config); attempts: ${listAttempts() || 'none'}`, { attempts, deadlineMs: limits.totalMs });

    try {
      for (let i = 0; i < plan.length; ) {
        const model = plan[i] as Endpoint;
        last = model;
        if (overDeadline()) {
          await settle(model, noUsage, 0, 'error');
          throw deadlineError();
        }
        if (req.maxTokens !== undefined && model.maxOutputTokens > 0 && req.maxTokens > model.maxOutputTokens) {
          attempts.push({ model: model.id, outcome: 'skipped', kind: 'unsupported', param: 'max_tokens', error: `max_tokens ${req.maxTokens} is more than ${model.id} can write (${model.maxOutputTokens})`, ms: 0 });
          i++;
          continue;
        }
        const host = this.hostOf(model.provider);
        const skip = skipProviders.has(model.provider)
          ? `provider ${model.provider} refused the key earlier in this call`
          : host !== undefined && unreachable.has(host)
            ? `${host} was unreachable earlier in this call`
            : model.contextWindow <= minContext
              ? `context window ${model.contextWindow} is not larger than the one that overflowed`
              : this.deps.breakers.isOpen(model.provider)
                ? `provider ${model.provider} is cooling down after repeated failures (${Math.ceil(this.deps.breakers.remainingMs(model.provider) / 1000)} s left)`
                : undefined;
        if (skip) {
          const why: Pick<Attempt, 'kind' | 'retryAfterMs'> = skipProviders.has(model.provider)
            ? { kind: 'auth' }
            : host !== undefined && unreachable.has(host)
              ? { kind: 'network' }
              : model.contextWindow <= minContext
                ? { kind: 'context_length' }
                : { kind: 'circuit_open', retryAfterMs: this.deps.breakers.remainingMs(model.provider) };
          attempts.push({ model: model.id, outcome: 'skipped', error: skip, ms: 0, ...why });
          i++;
          continue;
        }
        const started = performance.now();
        let streamed = '';
        try {
          const provider = this.adapter(model.provider, limits);
          const request: CompletionRequest = { ...withoutHonouredThinkingOff(req.params, model), model: model.name, messages: req.messages };
          if (req.maxTokens !== undefined) request.maxTokens = req.maxTokens;
          if (model.maxOutputTokens > 0) request.outputLimit = model.maxOutputTokens;
          if (req.temperature !== undefined) request.temperature = req.temperature;
          if (req.tools) request.tools = req.tools;
          if (req.json) request.json = true;
          const result = req.onText
            ? await consumeStream(
                provider.stream(request, signal),
                (t) => {
                  streamed += t;
                  req.onText?.(t, model.id);
                },
                (t) => req.onRefusal?.(t, model.id),
              )
            : await provider.complete(request, signal);
          const ms = Math.round(performance.now() - started);
          this.deps.breakers.success(model.provider);
          this.deps.latency.add(model.id, ms);
          attempts.push({ model: model.id, outcome: 'ok', ms });
          const usageEstimated = result.usage === undefined;
          const usage = result.usage ?? { inputTokens: inputTokens(model), outputTokens: countO200kTokens(result.text) };
          const cost = costOf(model, usage).totalCost;
          await settle(model, usage, cost, 'ok');
          const out: InvokeResult = { model: model.model, endpoint: model.id, text: result.text, finishReason: result.finishReason, usage, cost, usageEstimated, attempts };
          if (result.toolCalls?.length) out.toolCalls = result.toolCalls;
          if (result.refusal) out.refusal = result.refusal;
          if (result.reasoning) out.reasoning = result.reasoning;
          if (result.reasoningBlocks?.length) out.reasoningBlocks = result.reasoningBlocks;
          if (result.moreChoices?.length) out.moreChoices = result.moreChoices;
          return out;
        } catch (error) {
          const ms = Math.round(performance.now() - started);
          const status = error instanceof ProviderError ? error.status : undefined;
          const why = error instanceof ProviderError ? { kind: error.kind, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}), ...(error.param ? { param: error.param } : {}) } : {};
          if (overDeadline()) {
            attempts.push({ model: model.id, outcome: 'failed', kind: 'timeout', ms, error: `stopped at the call's deadline (${limits.totalMs} ms)` });
            await settle(model, partialUsage(streamed, inputTokens(model)), partialCost(model, streamed, inputTokens(model)), 'error');
            throw deadlineError();
          }
          const message = this.describe(error);
          if (req.signal?.aborted || (error instanceof ProviderError && error.kind === 'cancelled')) {
            attempts.push({ model: model.id, outcome: 'cancelled', ms, ...(status ? { status } : {}), error: 'cancelled by the client' });
            await settle(model, partialUsage(streamed, inputTokens(model)), partialCost(model, streamed, inputTokens(model)), 'cancelled');
            throw new SwitchyardError('cancelled', `cancelled while ${model.id} was answering; ${streamed.length} characters had arrived`, { attempts });
          }
          const decision = decideOnError(error);
          const attempt: Attempt = { model: model.id, outcome: 'fallback', ms, error: message, ...(status ? { status } : {}), ...why };
          if (decision.action === 'retry' && (retries.get(model.id) ?? 0) < MAX_RETRIES) {
            retries.set(model.id, (retries.get(model.id) ?? 0) + 1);
            attempts.push({ ...attempt, outcome: 'retry' });
            req.onProgress?.(`${model.id}: ${message}; retrying in ${decision.delayMs ?? 0} ms`);
            await (this.deps.sleep ?? sleep)(decision.delayMs ?? 0, signal).catch((e: unknown) => {
              if (!overDeadline()) throw e;
            });
            continue;
          }
          if (decision.action === 'stop') {
            attempts.push({ ...attempt, outcome: 'failed' });
            await settle(model, partialUsage(streamed, inputTokens(model)), partialCost(model, streamed, inputTokens(model)), 'error');
            throw new SwitchyardError('provider_failed', `${model.id} failed and the error is not one a fallback can fix: ${message}`, { attempts });
          }
          if (decision.action === 'skip-provider') skipProviders.add(model.provider);
          else if (decision.action === 'larger-context') minContext = Math.max(minContext, model.contextWindow);
          else if (!(error instanceof ProviderError && error.kind === 'unsupported')) this.deps.breakers.failure(model.provider);
          // A host that could not be reached (refused, connect timeout, DNS) is not tried again in this call.
          if (error instanceof ProviderError && error.unreachable && host !== undefined) unreachable.add(host);
          attempts.push(attempt.kind === 'unsupported' ? { ...attempt, outcome: 'skipped' } : attempt);
          const next = plan[i + 1];
          req.onProgress?.(`${model.id} failed (${message})${next ? `; falling back to ${next.id}` : ''}`);
          i++;
        }
      }
      await settle(last, noUsage, 0, 'error');
      throw new SwitchyardError('provider_failed', `every model in the chain failed (${listAttempts()})`, { attempts });
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCancel);
    }
  }

  /** The host a provider is reached at (for "unreachable once per call"), or undefined when unknown. */
  private hostOf(providerId: string): string | undefined {
    const baseUrl = this.deps.directory().get(providerId)?.baseUrl;
    if (!baseUrl) return undefined;
    try {
      return new URL(baseUrl).host;
    } catch {
      return undefined;
    }
  }

  /** Reserve the worst case of the chain; models whose worst case does not fit what is left are dropped. */
  private async reserve(chain: Endpoint[], worstCase: (m: Endpoint) => number, call: PendingCall): Promise<{ plan: Endpoint[]; reservation?: string }> {
    const budget = this.deps.budget();
    const max = (models: Endpoint[]) => Math.max(...models.map(worstCase));
    try {
      return { plan: chain, reservation: await this.deps.ledger.reserve(max(chain), budget, undefined, call) };
    } catch (error) {
      const details = error instanceof SwitchyardError ? error.details : undefined;
      if (!details || typeof details.limit !== 'number' || typeof details.spent !== 'number') throw error;
      const left = details.limit - details.spent;
      const fitting = chain.filter((m) => worstCase(m) <= left);
      if (fitting.length === 0) throw error;
      return { plan: fitting, reservation: await this.deps.ledger.reserve(max(fitting), budget, undefined, call) };
    }
  }

  /** The hidden reasoning a request's thinking controls let an endpoint spend, as its adapter asks for it. */
  private thinkingReserve(params: GenerationParams | undefined, m: Endpoint): number {
    if (params?.thinkingBudget !== undefined) return Math.max(0, params.thinkingBudget);
    const effort = params?.reasoningEffort;
    if (effort === undefined) return 0;
    return (this.deps.directory().get(m.provider)?.api === 'gemini' ? GEMINI_THINKING_BUDGETS : THINKING_BUDGETS)[effort];
  }

  private adapter(providerId: string, limits: Required<CallTimeouts>): Provider {
    const entry = this.deps.directory().get(providerId);
    if (!entry) throw new SwitchyardError('no_provider', `provider ${providerId} is not configured`);
    // First byte bounds the wait for headers (streamed) and for the whole answer (non-streamed); idle bounds the
    // silence between body chunks. Explicit low-level timeouts (tests) win.
    const timeouts: Timeouts = this.deps.timeouts ?? {
      connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, limits.firstByteMs),
      headersMs: limits.firstByteMs,
      completeMs: limits.firstByteMs,
      bodyMs: limits.idleMs,
    };
    const key = `${entry.id}|${entry.api}|${entry.baseUrl}|${entry.apiKey ?? ''}|${JSON.stringify(timeouts)}`;
    let provider = this.adapters.get(key);
    if (!provider) {
      provider = createProvider({ id: entry.id, api: entry.api, baseUrl: entry.baseUrl, ...(entry.apiKey ? { apiKey: entry.apiKey } : {}), timeouts });
      this.adapters.set(key, provider);
    }
    return provider;
  }

  /** An error for people: provider errors are already scrubbed; anything else is scrubbed of every key here. */
  private describe(error: unknown): string {
    // A refused request that carried no key was not a rejected key: the key variable is unset.
    if (error instanceof ProviderError && error.kind === 'auth') {
      const entry = this.deps.directory().get(error.provider);
      if (entry && entry.apiKey === undefined && entry.keyEnv.length > 0) {
        return `${error.provider}: no API key was sent (${entry.keyEnv.join(' or ')} ${entry.keyEnv.length > 1 ? 'are' : 'is'} not set), and the provider refused the request${error.status ? ` (HTTP ${error.status})` : ''}; set ${entry.keyEnv[0]}`;
      }
    }
    const text = error instanceof Error ? error.message : String(error);
    const keys = this.deps.directory().all().flatMap((e) => (e.apiKey ? [e.apiKey] : []));
    return scrub(text, keys);
  }
}

async function consumeStream(events: AsyncIterable<StreamEvent>, onText: (t: string) => void, onRefusal: (t: string) => void): Promise<CompletionResult> {
  for await (const event of events) {
    if (event.type === 'text') onText(event.text);
    else if (event.type === 'refusal') onRefusal(event.text);
    else if (event.type === 'done') return event.result;
  }
  throw new ProviderError({ kind: 'malformed', provider: 'stream', message: 'the stream ended without a final event' });
}

/** What a cut-off answer cost: the prompt plus the text that arrived (providers bill both). */
function partialUsage(streamed: string, input: number): Usage {
  return streamed.length === 0 ? { inputTokens: 0, outputTokens: 0 } : { inputTokens: input, outputTokens: countO200kTokens(streamed) };
}

function partialCost(model: Endpoint, streamed: string, input: number): number {
  return streamed.length === 0 ? 0 : costOf(model, partialUsage(streamed, input)).totalCost;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ProviderError({ kind: 'cancelled', provider: 'switchyard', message: 'cancelled' }));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ProviderError({ kind: 'cancelled', provider: 'switchyard', message: 'cancelled' }));
    }, { once: true });
  });
}

/**
 * A request that turns thinking off (`reasoning_effort` none or minimal, a thinking budget of 0) is already honoured by
 * a model that cannot think: the control is not sent to it (OpenAI refuses `reasoning_effort` on such models with a
 * 400, which would end the call). Any other thinking control goes as sent; routing keeps those to models that think.
 */
function withoutHonouredThinkingOff(params: GenerationParams | undefined, endpoint: Endpoint): GenerationParams | undefined {
  if (!params || endpoint.capabilities.includes('reasoning')) return params;
  const { reasoningEffort, thinkingBudget, ...rest } = params;
  const off = (reasoningEffort === undefined || reasoningEffort === 'none' || reasoningEffort === 'minimal') && (thinkingBudget === undefined || thinkingBudget === 0);
  if (!off || (reasoningEffort === undefined && thinkingBudget === undefined)) return params;
  return rest;
}
