import { describe, expect, it } from 'vitest';
import { isCurrentPreview } from '../../extension/sidebar/protocol.js';
import { sidebarHtml } from '../../extension/sidebar/html.js';
import { formatPerRequest, formatPerThousand } from '../../extension/money.js';
import { decisionSummary, failureAction } from '../../extension/view-model.js';
import type { RouteDecision } from '../../shared/routing/types.js';

describe('preview answers', () => {
  it('are shown after the view was hidden and shown: the new page numbers from 0, the host may answer under an old id', () => {
    // The old page had sent request 57; the new page has sent none (0), then 1, 2.
    expect(isCurrentPreview(57, 0)).toBe(true);
    expect(isCurrentPreview(0, 0)).toBe(true);
    expect(isCurrentPreview(1, 1)).toBe(true);
    expect(isCurrentPreview(2, 2)).toBe(true);
    // Only an answer to an older request than the latest sent is stale.
    expect(isCurrentPreview(1, 2)).toBe(false);
  });
});

describe('the sidebar page', () => {
  it('announces only the preview result, not the whole page', () => {
    const html = sidebarHtml({ cspSource: 'vscode-resource:', nonce: 'abc', scriptUri: 'x.js', styleUri: 'x.css' });
    expect(html).not.toContain('aria-live');
  });
});

describe('money for comparison', () => {
  it('shows per-request estimates per 1,000 requests, never tiny decimals', () => {
    expect([0.000051, 0.0012, 0.25, 0, 0.000000004].map(formatPerThousand)).toEqual(['$0.05/1k', '$1.20/1k', '$250/1k', '$0/1k', '<$0.01/1k']);
    expect(formatPerRequest(0.000051)).toBe('$0.000051 per request ($0.05 per 1,000)');
  });
});

const decision = {
  model: 'fixture/echo-small',
  provider: 'fixture',
  endpoint: 'fixture/echo-small',
  callable: true,
  task: 'coding',
  estimatedCost: 0.00021,
  costRange: [0.0001, 0.0004],
  success: 0.82,
  policy: 'cheapest',
  candidates: 2,
  explanation: ['task coding (confidence 0.90)', 'chosen fixture/echo-small: score 0.91, the cheapest of 2 candidates that pass', 'endpoint fixture/echo-small: cheapest'],
  alternatives: [],
  fallbacks: [],
} as unknown as RouteDecision;

describe('Route Selection', () => {
  it('answers in three lines: the model with its provider, the cost, the reason', () => {
    expect(decisionSummary(decision)).toEqual({
      title: 'fixture/echo-small via fixture',
      cost: '$0.00021 estimated ($0.0001–$0.0004), $0.21/1k requests',
      reason: "The cheapest policy's pick for a coding task among 2 candidates, 82% predicted success.",
    });
    expect(decisionSummary({ ...decision, callable: false, needs: 'set OPENAI_API_KEY' }).cost).toMatch(/not callable yet: set OPENAI_API_KEY$/);
  });

  it('turns a failed run into one message with the action that fixes it', () => {
    expect(failureAction('no_provider', 'openai/gpt-4o is served by openai, which cannot be called: set OPENAI_API_KEY. Or pin another model')).toEqual({
      message: 'openai/gpt-4o is served by openai, which cannot be called: set OPENAI_API_KEY. Or pin another model',
      action: 'Set API Key',
      provider: 'openai',
    });
    expect(failureAction('budget_exceeded', 'daily budget $1.00 reached').action).toBe('Open Policy File');
    expect(failureAction('unknown_policy', 'unknown policy "x"').action).toBe('Select Policy');
    expect(failureAction(undefined, 'Switchyard does not call models in Restricted Mode').action).toBe('Manage Workspace Trust');
    expect(failureAction('provider_failed', 'upstream 500\nattempt 2: upstream 500').message).toBe('upstream 500');
  });
});
