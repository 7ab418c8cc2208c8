/** What each adapter does with the generation parameters it cannot map: refuses them by name, before sending. */
import { describe, expect, it } from 'vitest';
import { toRequestBody as anthropicBody } from '../../../server/providers/anthropic.js';
import { toRequestBody as geminiBody } from '../../../server/providers/gemini.js';
import { toRequestBody as openaiBody } from '../../../server/providers/openai-compatible.js';
import { ProviderError, type CompletionRequest } from '../../../server/providers/types.js';

const base: CompletionRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 't', parameters: { type: 'object' } }] };
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ProviderError ? { kind: e.kind, param: e.param } : e;
  }
  return undefined;
};

describe('unsupported parameters', () => {
  it('Anthropic: seed, penalties, logit_bias, n > 1, store, OpenAI-only extras; thinking with a forced tool', () => {
    expect(refusal(() => anthropicBody({ ...base, seed: 1 }, false))).toEqual({ kind: 'unsupported', param: 'seed' });
    expect(refusal(() => anthropicBody({ ...base, logitBias: { 1: 1 } }, false))).toEqual({ kind: 'unsupported', param: 'logit_bias' });
    expect(refusal(() => anthropicBody({ ...base, n: 2 }, false))).toEqual({ kind: 'unsupported', param: 'n' });
    expect(refusal(() => anthropicBody({ ...base, openaiExtra: { prediction: { type: 'content', content: 'x' } } }, false))).toEqual({ kind: 'unsupported', param: 'prediction' });
    expect(refusal(() => anthropicBody({ ...base, toolChoice: 'required', reasoningEffort: 'high' }, false))).toEqual({ kind: 'unsupported', param: 'tool_choice' });
    expect(refusal(() => anthropicBody({ ...base, n: 1, store: false, openaiExtra: { logprobs: false } }, false))).toBeUndefined();
  });

  it('Gemini: logit_bias, user, parallel_tool_calls false; OpenAI-compatible forwards them all', () => {
    expect(refusal(() => geminiBody({ ...base, logitBias: { 1: 1 } }))).toEqual({ kind: 'unsupported', param: 'logit_bias' });
    expect(refusal(() => geminiBody({ ...base, user: 'u' }))).toEqual({ kind: 'unsupported', param: 'user' });
    expect(refusal(() => geminiBody({ ...base, parallelToolCalls: false }))).toEqual({ kind: 'unsupported', param: 'parallel_tool_calls' });
    expect(openaiBody({ ...base, logitBias: { 1: 1 }, user: 'u', parallelToolCalls: false, seed: 2, openaiExtra: { verbosity: 'low' } }, false)).toMatchObject({ logit_bias: { 1: 1 }, user: 'u', parallel_tool_calls: false, seed: 2, verbosity: 'low' });
  });

  it('no max_tokens from the client: none for OpenAI and Gemini, the model’s limit for Anthropic', () => {
    expect(openaiBody({ ...base, outputLimit: 9000 }, false)).not.toHaveProperty('max_tokens');
    expect(geminiBody({ ...base, outputLimit: 9000 })).not.toHaveProperty('generationConfig');
    expect(anthropicBody({ ...base, outputLimit: 9000 }, false)).toMatchObject({ max_tokens: 9000 });
  });
});
