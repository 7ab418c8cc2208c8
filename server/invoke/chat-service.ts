import type { Catalog } from '../../shared/catalog/catalog.js';
import type { Endpoint } from '../../shared/catalog/model.js';
import { SwitchyardError } from '../../shared/errors.js';
import { countO200kTokens } from '../../shared/pricing/token-count.js';
import { messagesOf } from '../../shared/routing/messages.js';
import { route } from '../../shared/routing/route.js';
import { reasoningRequest } from '../../shared/routing/thinking.js';
import { currentRequestContext } from '../http/request-context.js';
import type { RouteDecision, RouteRequest } from '../../shared/routing/types.js';
import type { GenerationParams, ProviderMessage, ToolDef } from '../providers/types.js';
import type { Runtime } from '../runtime.js';
import type { Attempt, InvokeResult } from './types.js';
import { requireModel } from '../../shared/catalog/require-model.js';

export interface ChatRequest extends RouteRequest {
  /** Pin a model (id or alias); fallbacks still apply unless `fallbacks` is false. */
  model?: string;
  fallbacks?: boolean;
  maxTokens?: number;
  temperature?: number;
  /** Tools the model may call (passed through to the provider; routing then requires tool support). */
  tools?: ToolDef[];
  /** Ask for a JSON object (routing then requires JSON support). */
  json?: boolean;
  /**
   * Everything else a client sent (tool choice, sampling, stop, seed, JSON schema, reasoning…), mapped by each
   * provider's adapter; a model that cannot honour one is skipped. A JSON schema makes routing require JSON support.
   */
  params?: GenerationParams;
}

export interface ChatOutcome extends Omit<InvokeResult, 'attempts'> {
  attempts: Attempt[];
  /** The routing decision the call started from (absent when a model was pinned without fallbacks). */
  decision?: RouteDecision;
  policy: string;
  via: string;
}

/** Asks the MCP client's own model, for when no provider is configured (MCP sampling). */
export type SamplingDelegate = (decision: RouteDecision, messages: ProviderMessage[], maxTokens: number, signal?: AbortSignal) => Promise<{ model: string; text: string; stopReason?: string }>;

export interface ChatIo {
  onText?: (text: string, model: string) => void;
  /** A line for people at each retry and fallback (MCP progress, CLI stderr, an SSE comment). */
  onProgress?: (message: string) => void;
  /** Streamed refusal pieces (only with onText, which makes the call streamed). */
  onRefusal?: (text: string, model: string) => void;
  signal?: AbortSignal;
  via: string;
  sampling?: SamplingDelegate;
}

const NO_PROVIDER_HELP =
  'No model provider is configured. Set an API key in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY, …) or add a provider under "providers" in your user config (~/.config/switchyard/config.json).';

/** Route (or take the pinned model), then call it with fallbacks, budgets and the ledger. One code path for MCP, CLI and HTTP. */
export async function runChat(runtime: Runtime, request: ChatRequest, io: ChatIo): Promise<ChatOutcome> {
  const catalog = runtime.catalog();
  const policies = runtime.policies();
  const policyName = policies.resolve(request.policy).name;
  // the HTTP edge parses x-switchyard-tags into the request context; rules with `when.tag` match on them
  const tags = request.tags ?? currentRequestContext()?.tags;
  // the client's thinking controls, forwarded to the provider, also decide who can serve and what it costs
  const reasoning = reasoningRequest(request.params?.reasoningEffort, request.params?.thinkingBudget);
  const routeRequest: RouteRequest = {
    ...request,
    ...(tags?.length ? { tags } : {}),
    ...(reasoning ? { reasoning } : {}),
    require: { ...request.require, ...(request.tools?.length ? { tools: true } : {}), ...(request.json || request.params?.jsonSchema ? { json: true } : {}) },
  };
  const messages = messagesOf(request.input) as ProviderMessage[];
  const directory = runtime.providers();
  await runtime.ready();

  if (!directory.anyConfigured) {
    if (!io.sampling) throw new SwitchyardError('no_provider', NO_PROVIDER_HELP);
    const decision = route(routeRequest, catalog, policies, runtime.routeContext());
    const maxTokens = request.maxTokens ?? 1024;
    const answer = await io.sampling(decision, messages, maxTokens, io.signal);
    const usage = { inputTokens: decision.estimate.inputTokens, outputTokens: countO200kTokens(answer.text) };
    runtime.ledger.recordInBackground({ workspace: runtime.workspace, policy: policyName, model: answer.model || 'client', provider: 'mcp-sampling', ...usage, cost: 0, outcome: 'ok', attempts: 1, via: 'sampling' });
    io.onText?.(answer.text, answer.model || 'client');
    return {
      model: answer.model || 'client',
      endpoint: `mcp-sampling/${answer.model || 'client'}`,
      text: answer.text,
      finishReason: answer.stopReason === 'maxTokens' ? 'length' : 'stop',
      usage,
      cost: 0,
      usageEstimated: true,
      attempts: [{ model: answer.model || 'client', outcome: 'ok', ms: 0 }],
      decision,
      policy: policyName,
      via: 'sampling',
    };
  }

  let chain: Endpoint[];
  let decision: RouteDecision | undefined;
  if (request.model !== undefined) {
    // The pinned model on its best usable endpoint (and its other endpoints), then — unless told not to — the
    // routed models as fallbacks. A pinned model is never replaced silently: if no endpoint of it can be called, say so.
    const { model, endpoint } = requireModel(catalog, request.model, 'model');
    const servers = endpoint ? [endpoint] : model.endpoints;
    if (!servers.some((e) => directory.isAvailable(e.provider))) {
      const providers = [...new Set(servers.map((e) => e.provider))];
      throw new SwitchyardError('no_provider', `${endpoint?.id ?? model.id} is served by ${providers.join(', ')}, which cannot be called: ${providers.map((p) => directory.keyHint(p)).join('; ')}. Or pin another model, or name none and let the policy choose.`);
    }
    // Routing found nothing for this request (or nothing that can write its max_tokens).
    const noCandidates = (error: unknown) => error instanceof SwitchyardError && (error.code === 'no_candidates' || error.details?.param === 'max_tokens');
    chain = [];
    try {
      decision = route({ ...routeRequest, models: [request.model] }, catalog, policies, runtime.routeContext());
      chain = endpointsOf(catalog, [decision.endpoint, ...decision.fallbacks.filter((f) => f.model === model.id).map((f) => f.endpoint)]);
    } catch (error) {
      // The pinned model cannot serve this request (its output limit, its context): the fallbacks may.
      if (!noCandidates(error) || request.fallbacks === false) throw error;
    }
    if (request.fallbacks !== false) {
      try {
        const routed = route(routeRequest, catalog, policies, runtime.routeContext());
        decision ??= routed;
        const more = [routed.endpoint, ...routed.fallbacks.map((f) => f.endpoint)];
        for (const e of endpointsOf(catalog, more)) if (e.model !== model.id && chain.length < 4) chain.push(e);
      } catch (error) {
        if (!noCandidates(error) || chain.length === 0) throw error;
      }
    }
  } else {
    decision = route(routeRequest, catalog, policies, runtime.routeContext());
    chain = endpointsOf(catalog, [decision.endpoint, ...(request.fallbacks === false ? [] : decision.fallbacks.map((f) => f.endpoint))]);
  }

  const invocation = runtime.invoker.invoke({
    chain,
    messages,
    workspace: runtime.workspace,
    policy: policyName,
    via: io.via,
    ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.tools?.length ? { tools: request.tools } : {}),
    ...(request.json ? { json: true } : {}),
    ...(request.params ? { params: request.params } : {}),
    ...(io.onText ? { onText: io.onText } : {}),
    ...(io.onProgress ? { onProgress: io.onProgress } : {}),
    ...(io.onRefusal ? { onRefusal: io.onRefusal } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
  });
  let result: InvokeResult;
  try {
    result = await invocation;
  } finally {
    runtime.spendChanged();
  }
  return { ...result, ...(decision ? { decision } : {}), policy: policyName, via: io.via };
}

function endpointsOf(catalog: Catalog, ids: string[]): Endpoint[] {
  return ids.map((id) => catalog.endpoint(id)).filter((e): e is Endpoint => e !== undefined);
}
