import { describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../shared/catalog/catalog.js';
import { resolvePolicies } from '../../shared/policy/resolve.js';
import { contentSecurityPolicy, makeNonce, sidebarHtml } from '../../extension/sidebar/html.js';
import { hostMessageSchema } from '../../extension/sidebar/protocol.js';
import { formatMoney, policyViews, previewRows, spendView, statusBarText, statusBarTooltip } from '../../extension/view-model.js';
import type { SpendResult } from '../../extension/cli-process.js';

const SPEND: SpendResult = { ok: true, report: { today: 0.4213, month: 3.5, budgets: { daily: 5, monthly: 100 }, byModel: [{ model: 'openai/gpt-4o', calls: 3, cost: 0.4 }, { model: 'x/cheap', calls: 1, cost: 0.02 }], byDay: [{ day: '2026-12-01', calls: 4, cost: 0.42 }, { day: 'bogus', calls: 1, cost: 1 }] } };

describe('status bar', () => {
  it('shows the active policy and today’s spend in cents', () => {
    expect(statusBarText('balanced', SPEND)).toBe('⇄ balanced · $0.42');
    expect(statusBarText('cheapest', { ok: true, report: { ...SPEND.report, today: 0.004 } })).toBe('⇄ cheapest · <$0.01');
    expect(statusBarText('best', { ok: true, report: { ...SPEND.report, today: 0 } })).toBe('⇄ best · $0.00');
  });

  it('shows just the policy when spend is unavailable, and says why in the tooltip', () => {
    const down: SpendResult = { ok: false, reason: 'unknown command "spend"' };
    expect(statusBarText('balanced', down)).toBe('⇄ balanced');
    expect(statusBarText('balanced', undefined)).toBe('⇄ balanced');
    expect(statusBarTooltip('balanced', 'workspace', down, true)).toContain('Spend unavailable: unknown command "spend"');
    expect(statusBarTooltip('balanced', 'built-in', SPEND, false)).toMatch(/Today \$0\.42 of \$5\.00 daily budget[\s\S]*Restricted Mode/);
  });

  it('formats money for people', () => {
    expect([0, 0.001, 0.01, 1.234, 12].map(formatMoney)).toEqual(['$0.00', '<$0.01', '$0.01', '$1.23', '$12.00']);
  });
});

describe('sidebar data', () => {
  it('lists every policy with the active one marked', () => {
    const set = resolvePolicies([{ source: 'workspace', content: { active: 'team', policies: { team: { extends: 'cheapest', description: 'ours' } } } }]);
    const views = policyViews(set);
    expect(views.map((v) => v.name)).toEqual(['cheapest', 'balanced', 'best', 'fastest', 'local-only', 'team']);
    expect(views.filter((v) => v.active).map((v) => v.name)).toEqual(['team']);
    expect(views.find((v) => v.name === 'team')).toMatchObject({ source: 'workspace', description: 'ours', priorities: { costPriority: 1 } });
  });

  it('spendView passes budgets through and turns failures into a reason', () => {
    expect(spendView(SPEND)).toEqual({ status: 'ok', today: 0.4213, month: 3.5, daily: 5, monthly: 100, byDay: [{ day: '2026-12-01', cost: 0.42 }], byModel: [{ model: 'openai/gpt-4o', cost: 0.4 }, { model: 'x/cheap', cost: 0.02 }] });
    expect(spendView({ ok: false, reason: 'x' })).toEqual({ status: 'unavailable', reason: 'x' });
    expect(spendView(undefined)).toEqual({ status: 'loading' });
  });

  it('previews what each policy routes a prompt to, as valid protocol rows', () => {
    const catalog = loadBundledCatalog();
    const set = resolvePolicies([{ source: 'workspace', content: { active: 'cheapest' } }]);
    const preview = previewRows('Write a TypeScript function that merges two sorted arrays', catalog, set, {});
    expect(preview.rows.map((r) => r.policy)).toEqual(set.names);
    expect(preview.rows.find((r) => r.active)?.policy).toBe('cheapest');
    const cheapest = preview.rows.find((r) => r.policy === 'cheapest');
    const best = preview.rows.find((r) => r.policy === 'best');
    expect(cheapest?.model).toBeTypeOf('string');
    expect(cheapest?.cost ?? Infinity).toBeLessThanOrEqual(best?.cost ?? 0);
    expect(cheapest?.alternatives.length).toBeGreaterThan(0);
    // No local provider is configured: local-only has no candidate, and says so instead of failing the preview.
    expect(preview.rows.find((r) => r.policy === 'local-only')?.error).toMatch(/no model passes the filters/i);
    expect(preview.rows.find((r) => r.policy === 'local-only')?.error).not.toMatch(/Trace:/);
    expect(preview.inputTokens).toBeGreaterThan(5);
    expect(hostMessageSchema.safeParse({ type: 'preview', requestId: 1, ...preview }).success).toBe(true);
  });
});

describe('sidebar page HTML', () => {
  it('has a strict CSP: nothing inline or remote, scripts only with the nonce', () => {
    const nonce = makeNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(makeNonce()).not.toBe(nonce);
    const csp = contentSecurityPolicy({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'nonce-${nonce}'`);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const html = sidebarHtml({ cspSource: 'vscode-resource:', nonce, scriptUri: 'vscode-resource:/dist/webview.js', styleUri: 'vscode-resource:/media/sidebar.css' });
    expect(html).toContain(`<script nonce="${nonce}" src="vscode-resource:/dist/webview.js"></script>`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]*>[^<]+<\/script>/);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });
});

describe('money', () => {
  it('shows estimates with two significant digits and never in exponent notation', async () => {
    const { formatEstimate } = await import('../../extension/money.js');
    expect([0, 5.22e-7, 0.0000154, 0.0123, 0.5, 1.234, 250].map(formatEstimate)).toEqual(['$0', '$0.00000052', '$0.000015', '$0.012', '$0.5', '$1.23', '$250.00']);
  });
});
