/**
 * Google Gemini (`POST {baseUrl}/v1beta/models/{model}:generateContent`, and
 * `:streamGenerateContent?alt=sse`). The key goes in the `x-goog-api-key` header, never in the URL.
 */
import type { SseEvent } from './sse.js';
import {
  Upstream,
  asArray,
  completionResult,
  isObject,
  num,
  parseJsonObject,
  str,
  type Json,
  type StreamDecoder,
} from './http.js';
import {
  contentText,
  type CompletionRequest,
  type CompletionResult,
  type FinishReason,
  type Provider,
  type ProviderConfig,
  type ProviderMessage,
  type StreamEvent,
  type ToolCall,
  type Usage,
  refuseParams,
  unsupportedParam,
} from './types.js';

/**
 * Sent as the `thoughtSignature` of a replayed function call that has none (a history from another
 * model, or from before signatures), as Google documents for Gemini 3's signature validation.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

export function createGeminiProvider(config: ProviderConfig): Provider {
  const upstream = new Upstream(config);
  const headers: Record<string, string> = { ...config.headers };
  if (config.apiKey) headers['x-goog-api-key'] = config.apiKey;
  const modelPath = (model: string): string => `/v1beta/models/${encodeURIComponent(model.replace(/^models\//, ''))}`;
  return {
    id: config.id,
    async complete(req, signal) {
      const path = `${modelPath(req.model)}:generateContent`;
      const json = await upstream.postJson({ path, headers, body: toRequestBody(req, config.id), signal });
      return parseResponse(upstream, json);
    },
    stream(req, signal) {
      const path = `${modelPath(req.model)}:streamGenerateContent?alt=sse`;
      return upstream.stream(
        { path, headers, body: toRequestBody(req, config.id), signal },
        new GeminiStreamDecoder(upstream),
        (json) => parseResponse(upstream, json),
      );
    },
  };
}

type Part = Json;

function contentParts(content: ProviderMessage['content']): Part[] {
  if (typeof content === 'string') return content ? [{ text: content }] : [];
  const parts: Part[] = [];
  for (const p of content) {
    if (p.type === 'text') {
      if (p.text) parts.push({ text: p.text });
    } else if (p.data !== undefined) {
      parts.push({ inlineData: { mimeType: p.mimeType ?? 'image/png', data: p.data } });
    } else if (p.url !== undefined) {
      parts.push({ fileData: { mimeType: p.mimeType ?? 'image/png', fileUri: p.url } });
    }
  }
  return parts;
}

function callParts(calls: readonly ToolCall[]): Part[] {
  const anySigned = calls.some((c) => c.signature);
  return calls.map((c, i) => {
    const part: Part = { functionCall: { name: c.name, args: parseJsonObject(c.arguments) ?? {} } };
    const signature = c.signature ?? (!anySigned && i === 0 ? SKIP_SIGNATURE : undefined);
    if (signature) part.thoughtSignature = signature;
    return part;
  });
}

export function toRequestBody(req: CompletionRequest, provider = 'gemini'): Json {
  const system: string[] = [];
  const contents: Array<{ role: 'user' | 'model'; parts: Part[] }> = [];
  // Function responses are matched by name; find the name of each call id in earlier turns.
  const callNames = new Map<string, string>();
  const append = (role: 'user' | 'model', parts: Part[]): void => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    // Consecutive turns of one role (e.g. the responses to parallel calls) become one content.
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const m of req.messages) {
    switch (m.role) {
      case 'system':
        system.push(contentText(m.content));
        break;
      case 'user':
        append('user', contentParts(m.content));
        break;
      case 'assistant':
        for (const c of m.toolCalls ?? []) callNames.set(c.id, c.name);
        append('model', [...contentParts(m.content), ...callParts(m.toolCalls ?? [])]);
        break;
      case 'tool': {
        const text = contentText(m.content);
        const name = callNames.get(m.toolCallId ?? '') ?? m.toolCallId ?? 'tool';
        append('user', [{ functionResponse: { name, response: parseJsonObject(text) ?? { result: text } } }]);
        break;
      }
    }
  }
  const body: Json = { contents };
  const systemText = system.filter(Boolean).join('\n\n');
  if (systemText) body.systemInstruction = { parts: [{ text: systemText }] };
  if (req.tools?.length) {
    body.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.name,
          ...(t.description !== undefined ? { description: t.description } : {}),
          // Full JSON Schema (the older `parameters` takes only an OpenAPI subset).
          parametersJsonSchema: t.parameters,
        })),
      },
    ];
  }
  refuseParams(provider, req, ['logitBias', 'n', 'store', 'metadata', 'user'], 'the Gemini API');
  if (req.parallelToolCalls === false && req.tools?.length) throw unsupportedParam(provider, 'parallel_tool_calls', 'Gemini cannot be limited to one function call per turn');
  if (req.toolChoice !== undefined && req.tools?.length) {
    const choice = req.toolChoice;
    body.toolConfig = {
      functionCallingConfig:
        choice === 'auto' ? { mode: 'AUTO' } : choice === 'none' ? { mode: 'NONE' } : choice === 'required' ? { mode: 'ANY' } : { mode: 'ANY', allowedFunctionNames: [choice.name] },
    };
  }
  const generationConfig: Json = {};
  if (req.maxTokens !== undefined) generationConfig.maxOutputTokens = req.maxTokens;
  if (req.temperature !== undefined) generationConfig.temperature = req.temperature;
  if (req.topP !== undefined) generationConfig.topP = req.topP;
  if (req.topK !== undefined) generationConfig.topK = req.topK;
  if (req.stop?.length) generationConfig.stopSequences = req.stop;
  if (req.seed !== undefined) generationConfig.seed = req.seed;
  if (req.presencePenalty !== undefined) generationConfig.presencePenalty = req.presencePenalty;
  if (req.frequencyPenalty !== undefined) generationConfig.frequencyPenalty = req.frequencyPenalty;
  if (req.jsonSchema) {
    generationConfig.responseMimeType = 'application/json';
    generationConfig.responseJsonSchema = req.jsonSchema.schema;
  } else if (req.json) generationConfig.responseMimeType = 'application/json';
  const budget = req.thinkingBudget ?? (req.reasoningEffort ? GEMINI_THINKING_BUDGETS[req.reasoningEffort] : undefined);
  if (budget !== undefined) generationConfig.thinkingConfig = { thinkingBudget: budget };
  if (Object.keys(generationConfig).length) body.generationConfig = generationConfig;
  return body;
}

/** Thinking budgets for OpenAI's reasoning efforts (0 turns thinking off where the model allows it). */
export const GEMINI_THINKING_BUDGETS: Readonly<Record<NonNullable<CompletionRequest['reasoningEffort']>, number>> = Object.freeze({
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24_576,
  xhigh: 32_768,
});

/** `promptTokenCount` includes cached tokens; thoughts are billed as output but counted apart. */
export function parseUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const thoughts = num(u.thoughtsTokenCount) ?? 0;
  const usage: Usage = {
    inputTokens: (num(u.promptTokenCount) ?? 0) + (num(u.toolUsePromptTokenCount) ?? 0),
    outputTokens: (num(u.candidatesTokenCount) ?? 0) + thoughts,
  };
  const cached = num(u.cachedContentTokenCount);
  if (cached) usage.cachedInputTokens = cached;
  if (thoughts) usage.reasoningTokens = thoughts;
  return usage;
}

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

function mapFinish(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === undefined || reason === 'STOP') return hasToolCalls ? 'tool_calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (FILTERED.has(reason)) return 'content_filter';
  if (reason === 'MALFORMED_FUNCTION_CALL') return 'error';
  return 'other';
}

/** What one GenerateContentResponse (a whole answer, or one streamed chunk) contributes. */
interface Chunk {
  text: string;
  reasoning?: string;
  calls: ToolCall[];
  finish?: string;
  blocked: boolean;
  usage?: Usage;
  model?: string;
}

function readChunk(upstream: Upstream, json: unknown, callsSoFar: number, raw: string): Chunk {
  if (!isObject(json)) throw upstream.error({ kind: 'malformed', message: 'the response is not a JSON object' });
  if (json.error !== undefined && json.error !== null) throw upstream.errorFromBody(0, json, raw);
  const chunk: Chunk = { text: '', calls: [], blocked: false };
  const candidate = asArray(json.candidates)[0];
  if (isObject(candidate)) {
    const content = isObject(candidate.content) ? candidate.content : {};
    for (const part of asArray(content.parts)) {
      if (!isObject(part)) continue;
      if (part.thought === true) {
        if (typeof part.text === 'string') chunk.reasoning = (chunk.reasoning ?? '') + part.text;
        continue;
      }
      if (typeof part.text === 'string') chunk.text += part.text;
      if (isObject(part.functionCall)) {
        const fc = part.functionCall;
        const call: ToolCall = {
          id: str(fc.id) ?? `call_${callsSoFar + chunk.calls.length}`,
          name: str(fc.name) ?? '',
          arguments: JSON.stringify(fc.args ?? {}),
        };
        const signature = str(part.thoughtSignature);
        if (signature) call.signature = signature;
        chunk.calls.push(call);
      }
    }
    const finish = str(candidate.finishReason);
    if (finish) chunk.finish = finish;
  }
  // A blocked prompt comes back with no candidates and a block reason.
  if (isObject(json.promptFeedback) && str(json.promptFeedback.blockReason)) chunk.blocked = true;
  const usage = parseUsage(json.usageMetadata);
  if (usage) chunk.usage = usage;
  const model = str(json.modelVersion);
  if (model) chunk.model = model;
  return chunk;
}

function toResult(text: string, calls: ToolCall[], finish: string | undefined, blocked: boolean, usage?: Usage, model?: string): CompletionResult {
  return completionResult(text, blocked ? 'content_filter' : mapFinish(finish, calls.length > 0), calls, usage, model);
}

export function parseResponse(upstream: Upstream, json: unknown): CompletionResult {
  const c = readChunk(upstream, json, 0, '');
  if (!c.blocked && !isObject(asArray((json as Json).candidates)[0])) {
    throw upstream.error({ kind: 'malformed', message: 'the response has no candidates' });
  }
  const result = toResult(c.text, c.calls, c.finish, c.blocked, c.usage, c.model);
  if (c.reasoning) result.reasoning = c.reasoning;
  return result;
}

/** Each SSE event is a GenerateContentResponse; the last one carries finishReason and full usage. */
class GeminiStreamDecoder implements StreamDecoder {
  private text = '';
  private reasoning = '';
  private readonly calls: ToolCall[] = [];
  private finish: string | undefined;
  private blocked = false;
  private usage: Usage | undefined;
  private model: string | undefined;

  constructor(private readonly upstream: Upstream) {}

  get complete(): boolean {
    return this.finish !== undefined || this.blocked;
  }

  push(ev: SseEvent): StreamEvent[] {
    const c = readChunk(this.upstream, this.upstream.parseJson(ev.data, 'a stream chunk'), this.calls.length, ev.data);
    const out: StreamEvent[] = [];
    if (c.reasoning) this.reasoning += c.reasoning;
    if (c.text) {
      this.text += c.text;
      out.push({ type: 'text', text: c.text });
    }
    for (const call of c.calls) {
      this.calls.push(call);
      out.push({ type: 'tool_call', call });
    }
    this.finish = c.finish ?? this.finish;
    this.blocked ||= c.blocked;
    this.usage = c.usage ?? this.usage;
    this.model = c.model ?? this.model;
    return out;
  }

  result(): CompletionResult {
    const result = toResult(this.text, this.calls, this.finish, this.blocked, this.usage, this.model);
    if (this.reasoning) result.reasoning = this.reasoning;
    return result;
  }
}
