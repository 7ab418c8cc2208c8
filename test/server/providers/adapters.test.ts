/**
 * The behaviour every adapter shares, run against each wire format's fixture over real HTTP:
 * text, streaming, usage, tools, key placement, every fault → ProviderError kind → decision,
 * timeouts, cancellation and key hygiene.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSharedAgents } from '../../../server/providers/http.js';
import { decideOnError, type ToolDef } from '../../../server/providers/types.js';
import { startFixture, type Fault, type Fixture } from '../../fixtures/providers/index.js';
import {
  AUTH_HEADERS,
  FAST,
  KEY,
  SPECS,
  USER,
  collect,
  doneOf,
  providerError,
  providerFor,
  streamFailure,
  textOf,
} from './helpers.js';

const T = { timeout: 5000 };

const WEATHER: ToolDef = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['C', 'F'] } },
    required: ['city'],
    additionalProperties: false,
  },
};

afterAll(async () => {
  await closeSharedAgents();
});

describe.each(SPECS)('$api adapter', (spec) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await startFixture({ api: spec.api });
  });
  afterEach(async () => {
    await f.close();
  });

  const req = { model: spec.model, messages: USER, maxTokens: 64 };

  describe('answers', () => {
    it('complete() returns the text, finish reason, usage and model', T, async () => {
      f.setReply({ text: 'Hello there, friend.', usage: { inputTokens: 120, outputTokens: 7 }, model: 'm-2026' });
      const r = await providerFor(spec, f).complete(req);
      expect(r).toEqual({
        text: 'Hello there, friend.',
        finishReason: 'stop',
        usage: { inputTokens: 120, outputTokens: 7 },
        model: 'm-2026',
      });
    });

    it('stream() yields text deltas that add up, then one done with usage', T, async () => {
      f.setReply({ text: 'One two three four five.', usage: { inputTokens: 30, outputTokens: 6 } });
      const events = await collect(providerFor(spec, f).stream(req));
      expect(events.filter((e) => e.type === 'text').length).toBeGreaterThan(1);
      expect(textOf(events)).toBe('One two three four five.');
      expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
      expect(doneOf(events)).toMatchObject({
        text: 'One two three four five.',
        finishReason: 'stop',
        usage: { inputTokens: 30, outputTokens: 6 },
      });
    });

    it('reports cached input tokens, in complete() and stream()', T, async () => {
      f.setReply({ text: 'ok', usage: { inputTokens: 2000, outputTokens: 10, cachedInputTokens: 1536 } });
      const p = providerFor(spec, f);
      const want = { inputTokens: 2000, outputTokens: 10, cachedInputTokens: 1536 };
      expect((await p.complete(req)).usage).toEqual(want);
      expect(doneOf(await collect(p.stream(req))).usage).toEqual(want);
    });

    it('maps a length cut-off', T, async () => {
      f.setReply({ text: 'It was the best of', finishReason: 'length' });
      const p = providerFor(spec, f);
      expect((await p.complete(req)).finishReason).toBe('length');
      expect(doneOf(await collect(p.stream(req))).finishReason).toBe('length');
    });

    it('passes tools through and returns tool calls (complete)', T, async () => {
      f.setReply({
        text: '',
        toolCalls: [{ id: 'call_abc', name: 'get_weather', arguments: '{"city":"Paris","unit":"C"}' }],
        usage: { inputTokens: 50, outputTokens: 20 },
      });
      const r = await providerFor(spec, f).complete({ ...req, tools: [WEATHER] });
      expect(r.finishReason).toBe('tool_calls');
      expect(r.toolCalls).toHaveLength(1);
      expect(r.toolCalls?.[0]).toMatchObject({ name: 'get_weather' });
      expect(JSON.parse(r.toolCalls?.[0]?.arguments ?? '')).toEqual({ city: 'Paris', unit: 'C' });
      expect(JSON.stringify(f.requests[0]?.body)).toContain('get_weather');
      expect(JSON.stringify(f.requests[0]?.body)).toContain('"enum":["C","F"]');
    });

    it('assembles streamed tool calls (two of them, arguments in fragments)', T, async () => {
      f.setReply({
        text: 'Checking.',
        toolCalls: [
          { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_2', name: 'get_weather', arguments: '{"city":"Tokyo","unit":"F"}' },
        ],
      });
      const events = await collect(providerFor(spec, f).stream({ ...req, tools: [WEATHER] }));
      const calls = events.flatMap((e) => (e.type === 'tool_call' ? [e.call] : []));
      expect(calls.map((c) => JSON.parse(c.arguments) as unknown)).toEqual([{ city: 'Paris' }, { city: 'Tokyo', unit: 'F' }]);
      expect(calls.every((c) => c.name === 'get_weather' && c.id)).toBe(true);
      expect(new Set(calls.map((c) => c.id)).size).toBe(2);
      const done = doneOf(events);
      expect(done.finishReason).toBe('tool_calls');
      expect(done.text).toBe('Checking.');
      expect(done.toolCalls).toEqual(calls);
    });

    it('reuses pooled keep-alive connections for consecutive requests', T, async () => {
      const p = providerFor(spec, f);
      for (let i = 0; i < 3; i++) {
        await p.complete(req);
        await collect(p.stream(req));
      }
      expect(f.requests).toHaveLength(6);
      // undici may open a second socket while the first is being released, never one per request.
      expect(new Set(f.requests.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
    });
  });

  describe('the API key', () => {
    it('is sent in its header only: not in the URL, the body or any other header', T, async () => {
      const p = providerFor(spec, f);
      await p.complete(req);
      await collect(p.stream(req));
      for (const r of f.requests) {
        expect(r.headers[spec.keyHeader]).toBe(spec.keyValue);
        for (const h of AUTH_HEADERS.filter((h) => h !== spec.keyHeader)) expect(r.headers[h]).toBeUndefined();
        expect(r.path).not.toContain(KEY);
        expect(r.rawBody).not.toContain(KEY);
        const elsewhere = Object.entries(r.headers).filter(([k, v]) => k !== spec.keyHeader && String(v).includes(KEY));
        expect(elsewhere).toEqual([]);
      }
    });

    it('never appears in an error, even when the upstream echoes it', T, async () => {
      f.setFault({ type: 'authError' });
      const p = providerFor(spec, f);
      const e1 = await providerError(() => p.complete(req));
      const { error: e2 } = await streamFailure(p.stream(req));
      for (const e of [e1, e2]) {
        expect(e.kind).toBe('auth');
        expect(decideOnError(e)).toEqual({ action: 'skip-provider' });
        expect(e.message).toContain('[redacted]');
        expect(e.message).not.toContain(KEY);
        expect(String(e.stack)).not.toContain(KEY);
        expect(JSON.stringify(e)).not.toContain(KEY);
        expect(e.message.startsWith(`${spec.id}: `)).toBe(true);
      }
    });
  });

  describe('faults', () => {
    type Case = [name: string, fault: Fault, kind: string, action: string, status?: number];
    const cases: Case[] = [
      ['HTTP 500', { type: 'status500' }, 'server', 'fallback', 500],
      ['429 without Retry-After', { type: 'status429' }, 'rate_limit', 'fallback', 429],
      ['429 with a long Retry-After', { type: 'status429', retryAfter: '60' }, 'rate_limit', 'fallback', 429],
      ['auth error', { type: 'authError' }, 'auth', 'skip-provider'],
      ['context too long', { type: 'contextLength' }, 'context_length', 'larger-context', 400],
      ['overloaded', { type: 'overloaded' }, 'overloaded', 'fallback', spec.overloadedStatus],
      ['malformed JSON', { type: 'malformedJson' }, 'malformed', 'fallback'],
      ['wrong content type', { type: 'wrongContentType' }, 'malformed', 'fallback'],
      ['connection reset', { type: 'reset' }, 'network', 'fallback'],
    ];

    it.each(cases)('%s → %s / %s (complete and stream)', T, async (_name, fault, kind, action, status) => {
      f.setFault(fault);
      const p = providerFor(spec, f, FAST);
      const e1 = await providerError(() => p.complete(req));
      const { events, error: e2 } = await streamFailure(p.stream(req));
      expect(events).toEqual([]);
      for (const e of [e1, e2]) {
        expect(e.kind).toBe(kind);
        expect(e.provider).toBe(spec.id);
        expect(e.contentStarted).toBe(false);
        expect(decideOnError(e).action).toBe(action);
        if (status !== undefined) expect(e.status).toBe(status);
        expect(e.message).not.toContain(KEY);
      }
    });

    it('429 with a short Retry-After → retry after it', T, async () => {
      f.setFault({ type: 'status429', retryAfter: '2' });
      const e = await providerError(() => providerFor(spec, f).complete(req));
      expect(e.retryAfterMs).toBe(2000);
      expect(decideOnError(e)).toEqual({ action: 'retry', delayMs: 2000 });
    });

    it('a first byte slower than the headers timeout → timeout, fast', T, async () => {
      f.setFault({ type: 'slowFirstByte', ms: 3000 });
      const p = providerFor(spec, f, FAST);
      // undici's headers/body timers tick at ~0.5 s, so a 300 ms timeout fires within about a second.
      let start = Date.now();
      const e1 = await providerError(() => p.complete(req));
      expect(Date.now() - start).toBeLessThan(1600);
      start = Date.now();
      const { error: e2 } = await streamFailure(p.stream(req));
      expect(Date.now() - start).toBeLessThan(1600);
      for (const e of [e1, e2]) {
        expect(e.kind).toBe('timeout');
        expect(decideOnError(e)).toEqual({ action: 'fallback' });
      }
    });

    it('a slow first byte within the timeout is fine', T, async () => {
      f.setFault({ type: 'slowFirstByte', ms: 100 });
      const p = providerFor(spec, f, { headersMs: 1500, completeMs: 1500, bodyMs: 1500 });
      expect((await p.complete(req)).text).toBe('Hello from the fixture.');
      expect(textOf(await collect(p.stream(req)))).toBe('Hello from the fixture.');
    });

    it('complete() waits completeMs for a non-streamed answer, stream() only headersMs', T, async () => {
      f.setFault({ type: 'slowFirstByte', ms: 1200 });
      const p = providerFor(spec, f, { headersMs: 300, completeMs: 3000, bodyMs: 300 });
      expect((await p.complete(req)).text).toBe('Hello from the fixture.');
      const { error } = await streamFailure(p.stream(req));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain('no response within 300 ms');
    });

    it('a stream that stalls after content → timeout, content started → stop', T, async () => {
      f.setReply({ text: 'one two three four five six seven' });
      f.setFault({ type: 'stallMidStream', afterChunks: spec.contentAfter + 1 });
      const start = Date.now();
      const { events, error } = await streamFailure(providerFor(spec, f, FAST).stream(req));
      expect(Date.now() - start).toBeLessThan(2000);
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(error.kind).toBe('timeout');
      expect(error.contentStarted).toBe(true);
      expect(decideOnError(error)).toEqual({ action: 'stop' });
    });

    it('a stream that stalls before any content → timeout → fallback', T, async () => {
      f.setFault({ type: 'stallMidStream', afterChunks: 0 });
      const { events, error } = await streamFailure(providerFor(spec, f, FAST).stream(req));
      expect(events).toEqual([]);
      expect(error.kind).toBe('timeout');
      expect(error.contentStarted).toBe(false);
      expect(decideOnError(error)).toEqual({ action: 'fallback' });
    });

    it('a JSON body that stalls halfway → timeout', T, async () => {
      f.setFault({ type: 'stallMidStream', afterChunks: 1 });
      const e = await providerError(() => providerFor(spec, f, FAST).complete(req));
      expect(e.kind).toBe('timeout');
    });

    it('a connection reset mid-stream after content → network, stop', T, async () => {
      f.setReply({ text: 'one two three four five six seven' });
      f.setFault({ type: 'resetMidStream', afterChunks: spec.contentAfter + 1 });
      const { events, error } = await streamFailure(providerFor(spec, f, FAST).stream(req));
      expect(textOf(events).length).toBeGreaterThan(0);
      expect(error.kind).toBe('network');
      expect(error.contentStarted).toBe(true);
      expect(decideOnError(error)).toEqual({ action: 'stop' });
    });

    it('a connection reset in the middle of a JSON body → network, fallback', T, async () => {
      f.setFault({ type: 'resetMidStream', afterChunks: 1 });
      const e = await providerError(() => providerFor(spec, f, FAST).complete(req));
      expect(e.kind).toBe('network');
      expect(decideOnError(e)).toEqual({ action: 'fallback' });
    });

    it('a stream that ends cleanly before its documented end → network (not a silent success)', T, async () => {
      f.setReply({ text: 'one two three four five six seven' });
      f.queueFaults({ type: 'truncateStream', afterChunks: spec.contentAfter + 1 }, { type: 'truncateStream', afterChunks: 0 });
      const p = providerFor(spec, f, FAST);
      const late = await streamFailure(p.stream(req));
      expect(textOf(late.events).length).toBeGreaterThan(0);
      expect(late.error.kind).toBe('network');
      expect(decideOnError(late.error)).toEqual({ action: 'stop' });
      const early = await streamFailure(p.stream(req));
      expect(early.events).toEqual([]);
      expect(early.error.kind).toBe('network');
      expect(decideOnError(early.error)).toEqual({ action: 'fallback' });
    });

    it("the provider's in-stream error event → overloaded; stop after content, fallback before", T, async () => {
      f.setReply({ text: 'one two three four five six seven' });
      f.queueFaults({ type: 'streamError', afterChunks: spec.contentAfter + 1 }, { type: 'streamError', afterChunks: 0 });
      const p = providerFor(spec, f, FAST);
      const late = await streamFailure(p.stream(req));
      expect(late.error.kind).toBe('overloaded');
      expect(late.error.contentStarted).toBe(true);
      expect(decideOnError(late.error)).toEqual({ action: 'stop' });
      const early = await streamFailure(p.stream(req));
      expect(early.error.kind).toBe('overloaded');
      expect(early.error.contentStarted).toBe(false);
      expect(decideOnError(early.error)).toEqual({ action: 'fallback' });
    });

    it('content filter → content_filter (error or filtered answer, per provider)', T, async () => {
      f.setFault({ type: 'contentFilter' });
      const p = providerFor(spec, f);
      if (spec.filterIsError) {
        const e = await providerError(() => p.complete(req));
        expect(e.kind).toBe('content_filter');
        expect(decideOnError(e)).toEqual({ action: 'stop' });
      } else {
        expect((await p.complete(req)).finishReason).toBe('content_filter');
        expect(doneOf(await collect(p.stream(req))).finishReason).toBe('content_filter');
      }
    });

    it('a fault queue fails the Nth request differently, then recovers', T, async () => {
      f.queueFaults({ type: 'status500' }, { type: 'status429', retryAfter: '1' }, null, { type: 'overloaded' });
      const p = providerFor(spec, f, FAST);
      expect((await providerError(() => p.complete(req))).kind).toBe('server');
      expect((await providerError(() => p.complete(req))).kind).toBe('rate_limit');
      expect((await p.complete(req)).text).toBe('Hello from the fixture.');
      expect((await providerError(() => p.complete(req))).kind).toBe('overloaded');
      expect((await p.complete(req)).text).toBe('Hello from the fixture.');
    });

    it('a refused connection → network → fallback', T, async () => {
      const url = f.url;
      await f.close();
      const p = providerFor({ ...spec, baseUrl: () => (spec.api === 'openai' ? `${url}/v1` : url) }, f, FAST);
      const e = await providerError(() => p.complete(req));
      expect(e.kind).toBe('network');
      expect(decideOnError(e)).toEqual({ action: 'fallback' });
      f = await startFixture({ api: spec.api }); // for afterEach
    });
  });

  describe('cancellation', () => {
    it('aborting complete() rejects with cancelled and closes the upstream request', T, async () => {
      f.setFault({ type: 'slowFirstByte', ms: 4000 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const start = Date.now();
      const e = await providerError(() => providerFor(spec, f).complete(req, ac.signal));
      expect(Date.now() - start).toBeLessThan(1500);
      expect(e.kind).toBe('cancelled');
      expect(decideOnError(e)).toEqual({ action: 'stop' });
      await expect.poll(() => f.requests[0]?.closedEarly, { timeout: 1000 }).toBe(true);
    });

    it('aborting a stream mid-way throws cancelled and closes the upstream request', T, async () => {
      f.setReply({ text: 'one two three four five six seven eight', chunkDelayMs: 200 });
      const ac = new AbortController();
      const events: string[] = [];
      const e = await providerError(async () => {
        for await (const ev of providerFor(spec, f).stream(req, ac.signal)) {
          events.push(ev.type);
          if (ev.type === 'text') ac.abort();
        }
      });
      expect(events).toEqual(['text']);
      expect(e.kind).toBe('cancelled');
      expect(e.contentStarted).toBe(true);
      await expect.poll(() => f.requests[0]?.closedEarly, { timeout: 1000 }).toBe(true);
    });

    it('leaving the stream loop early closes the upstream request', T, async () => {
      f.setReply({ text: 'one two three four five six seven eight', chunkDelayMs: 200 });
      for await (const ev of providerFor(spec, f).stream(req)) {
        if (ev.type === 'text') break;
      }
      await expect.poll(() => f.requests[0]?.closedEarly, { timeout: 1000 }).toBe(true);
    });

    it('an already-aborted signal never reaches the provider', T, async () => {
      const ac = new AbortController();
      ac.abort();
      const e = await providerError(() => providerFor(spec, f).complete(req, ac.signal));
      expect(e.kind).toBe('cancelled');
      expect(f.requests).toHaveLength(0);
    });
  });
});
