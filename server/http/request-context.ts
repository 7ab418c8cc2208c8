import { AsyncLocalStorage } from 'node:async_hooks';
import type { Budget } from '../../shared/policy/schema.js';

/**
 * What the HTTP edge knows about one request and the layers below need without threading it through every
 * gateway's request mapping: who sent it (the named bearer token, with its budget), its tags, and timings for
 * `x-switchyard-overhead-ms`.
 */
export interface RequestContext {
  /** The named token that authorized the request. */
  principal?: { name: string; budget?: Budget };
  /** From `x-switchyard-tags`. */
  tags: string[];
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** performance.now() when the model call began (after parsing and routing). */
  invokeStartedAt?: number;
  /** Time spent waiting on upstreams, once the model call has finished. */
  upstreamMs?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, body: () => T): T {
  return storage.run(context, body);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const TAG = /^[\w.:-]{1,64}$/;

/** `x-switchyard-tags: a, b` → ['a', 'b']; a malformed tag is an error naming it. */
export function parseTags(value: string | string[] | undefined): { tags: string[] } | { error: string } {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  const tags = [...new Set(text.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
  const bad = tags.find((t) => !TAG.test(t));
  if (bad !== undefined) return { error: `x-switchyard-tags: "${bad.slice(0, 80)}" is not a tag (letters, digits and . _ : -, at most 64)` };
  if (tags.length > 16) return { error: `x-switchyard-tags: ${tags.length} tags; at most 16` };
  return { tags };
}

/** Milliseconds Switchyard added to the request so far: time not spent waiting on an upstream. */
export function overheadMs(context: RequestContext, now = performance.now()): number {
  if (context.upstreamMs !== undefined) return Math.max(0, now - context.startedAt - context.upstreamMs);
  // Streamed answers send their headers while the upstream is still answering: what came before the call.
  if (context.invokeStartedAt !== undefined) return Math.max(0, context.invokeStartedAt - context.startedAt);
  return Math.max(0, now - context.startedAt);
}
