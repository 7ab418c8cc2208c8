import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isSwitchyardError } from '../../shared/errors.js';
import type { Attempt, InvokeRequest, InvokeResult } from '../invoke/types.js';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];

/** The provider of an endpoint id (`provider/name`). */
const providerOf = (endpoint: string) => endpoint.split('/')[0] ?? 'unknown';

export interface HeadroomRow {
  scope: string;
  period: 'daily' | 'monthly';
  /** USD left under the budget (never negative). */
  left: number;
}

export interface TelemetrySources {
  headroom: () => Promise<HeadroomRow[]>;
  breakersOpen: () => Array<{ provider: string; open: boolean }>;
  /** Median output tokens per second per endpoint (every instance's, on Redis). */
  throughput?: () => ReadonlyMap<string, number>;
  redisUp?: () => boolean;
}

/**
 * Prometheus metrics (one registry per runtime, so several runtimes in a process do not clash) and OpenTelemetry
 * spans after the GenAI semantic conventions. Spans go wherever the process's global tracer provider sends them:
 * none is registered by Switchyard itself, so tracing is off until one is (see the README's Team deployment).
 */
export class Telemetry {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'route' | 'status'>;
  private readonly calls: Counter<'model' | 'provider' | 'outcome'>;
  private readonly attempts: Counter<'model' | 'provider' | 'outcome'>;
  private readonly fallbacks: Counter<'model' | 'provider'>;
  private readonly errors: Counter<'kind' | 'provider'>;
  private readonly tokens: Counter<'model' | 'provider' | 'type'>;
  private readonly cost: Counter<'model' | 'provider'>;
  private readonly duration: Histogram<'model' | 'provider'>;
  private readonly ttft: Histogram<'model' | 'provider'>;
  readonly overhead: Histogram<'route'>;
  private readonly tracer: Tracer = trace.getTracer('switchyard');

  constructor(sources: TelemetrySources) {
    const registers = [this.registry];
    this.httpRequests = new Counter({ name: 'switchyard_http_requests_total', help: 'HTTP requests answered, by route and status.', labelNames: ['route', 'status'], registers });
    this.calls = new Counter({ name: 'switchyard_requests_total', help: 'Model calls, by the model (endpoint) that answered last and the outcome.', labelNames: ['model', 'provider', 'outcome'], registers });
    this.attempts = new Counter({ name: 'switchyard_attempts_total', help: 'Upstream attempts, by endpoint and outcome (ok, retry, fallback, skipped, failed, cancelled).', labelNames: ['model', 'provider', 'outcome'], registers });
    this.fallbacks = new Counter({ name: 'switchyard_fallbacks_total', help: 'Attempts that failed and moved on to the next endpoint.', labelNames: ['model', 'provider'], registers });
    this.errors = new Counter({ name: 'switchyard_errors_total', help: 'Failed or skipped attempts, by error kind.', labelNames: ['kind', 'provider'], registers });
    this.tokens = new Counter({ name: 'switchyard_tokens_total', help: 'Tokens, by endpoint and type (input, output).', labelNames: ['model', 'provider', 'type'], registers });
    this.cost = new Counter({ name: 'switchyard_cost_usd_total', help: 'USD spent, by endpoint.', labelNames: ['model', 'provider'], registers });
    this.duration = new Histogram({ name: 'switchyard_request_duration_seconds', help: 'Model call latency (all attempts), by the endpoint that answered.', labelNames: ['model', 'provider'], buckets: LATENCY_BUCKETS, registers });
    this.ttft = new Histogram({ name: 'switchyard_time_to_first_token_seconds', help: 'Streamed calls: time to the first text.', labelNames: ['model', 'provider'], buckets: LATENCY_BUCKETS, registers });
    this.overhead = new Histogram({ name: 'switchyard_overhead_seconds', help: 'Time Switchyard added to an HTTP request (not waiting on upstreams).', labelNames: ['route'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers });
    new Gauge({
      name: 'switchyard_budget_headroom_usd',
      help: 'USD left under each budget (scope: total, key:<name>, tag:<tag>).',
      labelNames: ['scope', 'period'],
      registers,
      async collect() {
        this.reset();
        for (const row of await sources.headroom().catch(() => [])) this.set({ scope: row.scope, period: row.period }, row.left);
      },
    });
    new Gauge({
      name: 'switchyard_breaker_open',
      help: '1 while a provider’s circuit breaker is open (shared by every instance on Redis).',
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const b of sources.breakersOpen()) this.set({ provider: b.provider }, b.open ? 1 : 0);
      },
    });
    if (sources.throughput) {
      const medians = sources.throughput;
      new Gauge({
        name: 'switchyard_observed_output_tokens_per_second',
        help: 'Median output tokens per second of recent answers, per endpoint (shared by every instance on Redis).',
        labelNames: ['model', 'provider'],
        registers,
        collect() {
          this.reset();
          for (const [endpoint, tps] of medians()) this.set({ model: endpoint, provider: providerOf(endpoint) }, tps);
        },
      });
    }
    if (sources.redisUp) {
      const up = sources.redisUp;
      new Gauge({
        name: 'switchyard_shared_state_up',
        help: '1 while the shared state on Redis is reachable, 0 while this instance runs on local state.',
        registers,
        collect() {
          this.set(up() ? 1 : 0);
        },
      });
    }
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Runs a model call inside a span, counting it when it ends. */
  async observe(req: InvokeRequest, call: (req: InvokeRequest) => Promise<InvokeResult>): Promise<InvokeResult> {
    const first = req.chain[0];
    const started = performance.now();
    const startWall = Date.now();
    let firstText: number | undefined;
    const observed: InvokeRequest = req.onText
      ? {
          ...req,
          onText: (text, model) => {
            firstText ??= performance.now();
            req.onText?.(text, model);
          },
        }
      : req;
    return this.tracer.startActiveSpan(
      `chat ${first?.id ?? 'switchyard'}`,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          'gen_ai.operation.name': 'chat',
          ...(first ? { 'gen_ai.request.model': first.id } : {}),
          ...(req.maxTokens !== undefined ? { 'gen_ai.request.max_tokens': req.maxTokens } : {}),
          ...(req.temperature !== undefined ? { 'gen_ai.request.temperature': req.temperature } : {}),
          'switchyard.policy': req.policy,
          'switchyard.via': req.via,
          'switchyard.chain': req.chain.map((m) => m.id),
        },
      },
      async (span) => {
        try {
          const result = await call(observed);
          const seconds = (performance.now() - started) / 1000;
          const labels = { model: result.model, provider: providerOf(result.model) };
          this.calls.inc({ ...labels, outcome: 'ok' });
          this.duration.observe(labels, seconds);
          if (firstText !== undefined) this.ttft.observe(labels, (firstText - started) / 1000);
          this.tokens.inc({ ...labels, type: 'input' }, result.usage.inputTokens);
          this.tokens.inc({ ...labels, type: 'output' }, result.usage.outputTokens);
          this.cost.inc(labels, result.cost);
          this.countAttempts(result.attempts, span, startWall);
          span.setAttributes({
            'gen_ai.response.model': result.model,
            'gen_ai.provider.name': labels.provider,
            'gen_ai.usage.input_tokens': result.usage.inputTokens,
            'gen_ai.usage.output_tokens': result.usage.outputTokens,
            'gen_ai.response.finish_reasons': [result.finishReason],
            'switchyard.cost_usd': result.cost,
            'switchyard.attempts': result.attempts.length,
          });
          return result;
        } catch (error) {
          const attempts = isSwitchyardError(error) && Array.isArray(error.details?.attempts) ? (error.details.attempts as Attempt[]) : [];
          const last = attempts.at(-1)?.model ?? first?.id ?? 'unknown';
          const outcome = isSwitchyardError(error) ? error.code : 'error';
          this.calls.inc({ model: last, provider: providerOf(last), outcome });
          this.countAttempts(attempts, span, startWall);
          span.setAttribute('error.type', outcome);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message.slice(0, 300) : String(error) });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /**
   * Counts the attempts and gives each one a span under the call's. The invoker reports each attempt's duration,
   * not its start: the spans are laid end to end from the call's end backwards.
   */
  private countAttempts(attempts: readonly Attempt[], parent: Span, startWall: number): void {
    let end = Date.now();
    const spans: Array<() => void> = [];
    for (const a of [...attempts].reverse()) {
      const provider = providerOf(a.model);
      this.attempts.inc({ model: a.model, provider, outcome: a.outcome });
      if (a.outcome === 'fallback') this.fallbacks.inc({ model: a.model, provider });
      if (a.outcome !== 'ok' && a.kind) this.errors.inc({ kind: a.kind, provider });
      if (a.outcome === 'skipped') continue;
      const attemptEnd = end;
      const attemptStart = Math.max(startWall, end - a.ms);
      end = attemptStart;
      spans.push(() => {
        const ctx = trace.setSpan(context.active(), parent);
        const span = this.tracer.startSpan(
          `chat ${a.model.slice(provider.length + 1) || a.model}`,
          {
            kind: SpanKind.CLIENT,
            startTime: attemptStart,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': provider,
              'gen_ai.request.model': a.model,
              'switchyard.attempt.outcome': a.outcome,
              ...(a.status !== undefined ? { 'http.response.status_code': a.status } : {}),
              ...(a.kind ? { 'error.type': a.kind } : {}),
            },
          },
          ctx,
        );
        if (a.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, ...(a.error ? { message: a.error.slice(0, 300) } : {}) });
        span.end(attemptEnd);
      });
    }
    for (const start of spans.reverse()) start();
  }
}
