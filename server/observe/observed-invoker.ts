import { currentRequestContext } from '../http/request-context.js';
import { Invoker, type InvokerDeps } from '../invoke/invoker.js';
import type { Attempt, InvokeRequest, InvokeResult } from '../invoke/types.js';
import { isSwitchyardError } from '../../shared/errors.js';
import type { Telemetry } from './telemetry.js';

/** The invoker, counted and traced, and timed for the HTTP edge's `x-switchyard-overhead-ms`. */
export class ObservedInvoker extends Invoker {
  constructor(
    deps: InvokerDeps,
    private readonly telemetry: Telemetry,
    /** Output tokens per second of each answering attempt, per endpoint. */
    private readonly throughput?: { add(endpoint: string, tokensPerSecond: number): void },
  ) {
    super(deps);
  }

  override async invoke(req: InvokeRequest): Promise<InvokeResult> {
    const ctx = currentRequestContext();
    if (ctx) ctx.invokeStartedAt = performance.now();
    let attempts: readonly Attempt[] = [];
    try {
      const result = await this.telemetry.observe(req, (r) => super.invoke(r));
      attempts = result.attempts;
      const answered = result.attempts.at(-1);
      if (this.throughput && answered?.outcome === 'ok' && answered.ms > 0 && result.usage.outputTokens > 0 && !result.usageEstimated) {
        this.throughput.add(result.model, Math.round((result.usage.outputTokens / answered.ms) * 1000 * 10) / 10);
      }
      return result;
    } catch (error) {
      if (isSwitchyardError(error) && Array.isArray(error.details?.attempts)) attempts = error.details.attempts as Attempt[];
      throw error;
    } finally {
      if (ctx) ctx.upstreamMs = (ctx.upstreamMs ?? 0) + attempts.reduce((sum, a) => sum + a.ms, 0);
    }
  }
}
