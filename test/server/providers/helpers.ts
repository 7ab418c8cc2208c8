import { createProvider } from '../../../server/providers/registry.js';
import {
  ProviderError,
  type ApiKind,
  type CompletionResult,
  type Provider,
  type StreamEvent,
  type Timeouts,
} from '../../../server/providers/types.js';
import type { Fixture } from '../../fixtures/providers/index.js';

export const KEY = 'sk-test-PLANTED-123';

/** Short timeouts, so stalls end fast. */
export const FAST: Timeouts = { connectMs: 1000, headersMs: 300, completeMs: 300, bodyMs: 300 };

export interface ApiSpec {
  api: ApiKind;
  /** A provider id using this wire format. */
  id: string;
  model: string;
  baseUrl(f: Fixture): string;
  /** The header that must carry the key, and how. */
  keyHeader: string;
  keyValue: string;
  /** Streamed events after which text has been sent (for mid-stream faults "after content"). */
  contentAfter: number;
  /** Status of the overloaded fault. */
  overloadedStatus: number;
  /** Whether this provider blocks content with an error (else with a filtered 200 answer). */
  filterIsError: boolean;
}

export const SPECS: ApiSpec[] = [
  {
    api: 'openai',
    id: 'openai',
    model: 'gpt-4o-mini',
    baseUrl: (f) => `${f.url}/v1`,
    keyHeader: 'authorization',
    keyValue: `Bearer ${KEY}`,
    contentAfter: 2,
    overloadedStatus: 503,
    filterIsError: true,
  },
  {
    api: 'anthropic',
    id: 'anthropic',
    model: 'claude-sonnet-4-5',
    baseUrl: (f) => f.url,
    keyHeader: 'x-api-key',
    keyValue: KEY,
    contentAfter: 4,
    overloadedStatus: 529,
    filterIsError: false,
  },
  {
    api: 'gemini',
    id: 'gemini',
    model: 'gemini-2.5-flash',
    baseUrl: (f) => f.url,
    keyHeader: 'x-goog-api-key',
    keyValue: KEY,
    contentAfter: 1,
    overloadedStatus: 503,
    filterIsError: false,
  },
];

export const AUTH_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key'];

export function providerFor(spec: ApiSpec, f: Fixture, timeouts?: Timeouts, apiKey: string | undefined = KEY): Provider {
  return createProvider({
    id: spec.id,
    api: spec.api,
    baseUrl: spec.baseUrl(f),
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(timeouts ? { timeouts } : {}),
  });
}

export async function collect(it: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const ev of it) out.push(ev);
  return out;
}

export function textOf(events: StreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

export function doneOf(events: StreamEvent[]): CompletionResult {
  const last = events[events.length - 1];
  if (last?.type !== 'done') throw new Error('the stream did not end with a done event');
  return last.result;
}

/** Runs `fn`, expecting a ProviderError; returns it. */
export async function providerError(fn: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ProviderError) return e;
    throw new Error(`expected a ProviderError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected a ProviderError, but the call succeeded');
}

/** Consumes a stream expecting it to fail; returns the events before the failure and the error. */
export async function streamFailure(it: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: ProviderError }> {
  const events: StreamEvent[] = [];
  const error = await providerError(async () => {
    for await (const ev of it) events.push(ev);
  });
  return { events, error };
}

export const USER = [{ role: 'user' as const, content: 'Say hello.' }];
