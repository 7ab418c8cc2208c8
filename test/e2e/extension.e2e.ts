/**
 * The packaged extension in a real VS Code (code-server in Chromium): install the .vsix, open a workspace with a
 * commented .switchyard.json, use the sidebar, route a selection, find the MCP server. Screenshots go to
 * test/e2e/artifacts/. Run with `npm run test:e2e` (it sets up code-server and builds the .vsix first).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIFixture, type Fixture } from '../fixtures/providers/index.js';
import { launchVSCode, type VSCodeSession } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; publisher: string };
const vsix = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

const POLICY = `// Team routing policy — this comment must survive every edit
{
  /* which policy requests use when they name none */
  "active": "balanced", // the sidebar changes this
  "policies": {
    // our own, tuned by hand
    "team": { "extends": "balanced", "preferences": { "costPriority": 0.4 } }
  },
  "budget": { "daily": 5 } // USD
}
`;
const PROMPT = 'Write a TypeScript function that merges two sorted arrays of numbers in linear time, with tests.';
const ANSWER = 'Here is a linear merge:\n\n```ts\nexport function merge(a: number[], b: number[]): number[] {\n  const out: number[] = [];\n  let i = 0, j = 0;\n  while (i < a.length && j < b.length) out.push(a[i]! <= b[j]! ? a[i++]! : b[j++]!);\n  return out.concat(a.slice(i), b.slice(j));\n}\n```\n';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openSidebar(page: Page, vscode: VSCodeSession): Promise<Frame> {
  // As a user would: the Switchyard icon in the activity bar.
  await page.locator('.part.activitybar [role="tab"][aria-label^="Switchyard"], .part.activitybar .action-item a[aria-label^="Switchyard"]').first().click();
  return vscode.findWebviewFrame(async (f) => (await f.locator('#section-preview').count()) > 0, { timeoutMs: 60_000 });
}

describe('Switchyard in VS Code', () => {
  let vscode: VSCodeSession;
  let page: Page;
  let workspace: string;
  let sidebar: Frame;
  let fixture: Fixture;
  let stateDir: string;
  let probeOut: string;
  const spendReport = () =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'spend', '--json', '--workspace', workspace], {
        env: { ...process.env, XDG_STATE_HOME: stateDir, SWITCHYARD_CONFIG: path.join(stateDir, 'config.json'), SWITCHYARD_OFFLINE: '1' },
        encoding: 'utf8',
      }),
    ) as { byModel: { model: string; calls: number; cost: number }[] };
  const policyFile = () => readFileSync(path.join(workspace, '.switchyard.json'), 'utf8');

  beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-ws-'));
    writeFileSync(path.join(workspace, '.switchyard.json'), POLICY);
    writeFileSync(path.join(workspace, 'prompt.md'), `${PROMPT}\n`);
    const state = mkdtempSync(path.join(tmpdir(), 'switchyard-e2e-state-'));
    await mkdir(path.join(root, 'test/e2e/artifacts'), { recursive: true });
    // A local OpenAI-compatible provider on 127.0.0.1, declared in a user config of its own: once a provider is
    // configured, Switchyard routes only to providers it can call, so every decision lands here and "Run" works.
    fixture = await startOpenAIFixture({ reply: { text: ANSWER, usage: { inputTokens: 30, outputTokens: 90 }, chunkDelayMs: 15 } });
    const model = (id: string, input: number, output: number) => ({ id, contextWindow: 32_000, pricing: { inputPerMTok: input, outputPerMTok: output }, capabilities: ['tools'] });
    writeFileSync(
      path.join(state, 'config.json'),
      JSON.stringify({ providers: { fixture: { api: 'openai', baseUrl: `${fixture.url}/v1`, local: false, models: [model('echo-small', 0.1, 0.4), model('echo-large', 3, 15)] } } }),
    );
    stateDir = state;
    probeOut = path.join(state, 'probe.json');
    const probeVsix = packProbe(state);
    vscode = await launchVSCode({
      name: 'extension',
      vsix: [vsix, probeVsix],
      workspace,
      // Its own ledger and user config: the test sees only what it sets up.
      env: { XDG_STATE_HOME: state, SWITCHYARD_CONFIG: path.join(state, 'config.json'), SWITCHYARD_PROBE_OUT: probeOut },
      startTimeoutMs: 180_000,
    });
    page = vscode.page;
  });

  afterAll(async () => {
    if (vscode) {
      await vscode.collectLogs('extension');
      await vscode.close();
    }
    if (workspace) await rm(workspace, { recursive: true, force: true });
    await fixture?.close();
  });

  it('shows the sidebar with the workspace’s policies, the active one marked', async () => {
    sidebar = await openSidebar(page, vscode);
    const radios = sidebar.locator('vscode-radio[name="policy"]');
    await until('the policies', async () => ((await radios.count()) >= 6 ? true : undefined));
    expect(await radios.evaluateAll((els) => els.map((e) => e.getAttribute('value')))).toEqual(['cheapest', 'balanced', 'best', 'fastest', 'local-only', 'team']);
    await until('balanced checked', async () => ((await sidebar.locator('vscode-radio[value="balanced"]').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked)) ? true : undefined));
    // The status bar: active policy (and today's spend, once the spend report is in).
    await page.locator('.statusbar-item', { hasText: '⇄ balanced' }).first().waitFor({ timeout: 30_000 });
    await page.mouse.move(800, 300); // no hover tooltip over the sidebar in the screenshot
    await vscode.screenshot('1-sidebar');
  });

  it('activates fast: VS Code’s own activation time for Switchyard (cold: a fresh install and profile)', async () => {
    await vscode.runCommand('Developer: Show Running Extensions');
    // It opens as a modal editor, which blocks every later click until it is closed: close it even when reading fails.
    let ms = 0;
    let isolated: { fastest: { loadMs: number; activateMs: number; totalMs: number } } | undefined;
    try {
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Switchyard — LLM model router' });
      const readRow = async () => {
        const t = (await row.first().innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
        return /\d+\s*ms/.test(t) ? t : undefined;
      };
      // On a loaded machine the command palette can swallow the command (seen once in CI): ask again, once.
      const text = await until('the activation time', readRow, 15_000).catch(async () => {
        if ((await page.locator('.runtime-extensions-editor').count()) === 0) await vscode.runCommand('Developer: Show Running Extensions');
        return until('the activation time (asked twice)', readRow, 30_000);
      });
      ms = Number(/(\d+)\s*ms/.exec(text)?.[1]);
      // The same figure for the built-in extensions in this window: on a busy machine they all grow together.
      const others = (await page.locator('.runtime-extensions-editor .monaco-list-row').allInnerTexts())
        .map((t) => t.replace(/\s+/g, ' '))
        .filter((t) => !t.includes('Switchyard'))
        .map((t) => ({ name: t.split(' ')[0] ?? '', ms: Number(/Activation: (\d+)ms/.exec(t)?.[1]) }))
        .filter((o) => Number.isFinite(o.ms));
      const median = [...others].sort((a, b) => a.ms - b.ms)[Math.floor(others.length / 2)]?.ms;
      // Switchyard's own cost, apart from the extension host's load: a fresh Node loads dist/extension.cjs and runs activate().
      type Run = { loadMs: number; activateMs: number; totalMs: number };
      const measured = JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts/measure-activation.mjs'), path.join(root, 'dist/extension.cjs'), '--runs', '5'], { encoding: 'utf8' })) as { fastest: Run; median: Run };
      const line = `[e2e] Switchyard activation, cold: VS Code (Developer: Show Running Extensions) ${ms} ms (median of the ${others.length} built-in extensions listed: ${median} ms); isolated (scripts/measure-activation.mjs, 5 fresh processes): fastest ${measured.fastest.totalMs} ms = ${measured.fastest.loadMs} ms loading code + ${measured.fastest.activateMs} ms activate(), median ${measured.median.totalMs} ms`;
      console.log(line);
      writeFileSync(path.join(root, 'test/e2e/artifacts/activation.txt'), `${line}\n${text}\n`);
      await vscode.screenshot('1b-running-extensions');
      isolated = measured;
    } finally {
      await page.keyboard.press('Escape');
      await page.locator('.monaco-modal-editor-block').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      if (await page.locator('.monaco-modal-editor-block').isVisible()) await page.locator('.monaco-modal-editor-block .codicon-close').first().click();
      await page.locator('.monaco-modal-editor-block').waitFor({ state: 'hidden', timeout: 10_000 });
    }
    expect(ms).toBeGreaterThan(0);
    expect(isolated?.fastest.totalMs).toBeLessThan(150);
  });

  it('picking "cheapest" writes "active": "cheapest" into the file, comments intact', async () => {
    await sidebar.locator('vscode-radio[value="cheapest"]').click();
    const text = await until('the file to change', () => (policyFile().includes('"active": "cheapest"') ? policyFile() : undefined));
    expect(text).toBe(POLICY.replace('"active": "balanced"', '"active": "cheapest"'));
    await page.locator('.statusbar-item', { hasText: '⇄ cheapest' }).first().waitFor({ timeout: 20_000 });
    await until('the sidebar to follow', async () => ((await sidebar.locator('vscode-radio[value="cheapest"]').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked)) ? true : undefined));
    // The heading reads "Priorities · cheapest", not "Prioritiescheapest".
    expect(await sidebar.locator('#section-priorities').getAttribute('description')).toMatch(/^\s·\scheapest$/);
    expect(await sidebar.locator('#policies').getAttribute('role')).toBe('radiogroup');
    expect(await sidebar.locator('vscode-radio[value="cheapest"]').getAttribute('role')).toBe('radio');
    expect(await sidebar.locator('vscode-radio[value="cheapest"]').getAttribute('aria-checked')).toBe('true');
    expect(await sidebar.locator('[aria-live]').evaluateAll((els) => els.map((e) => e.id))).toEqual(['preview-meta']);
    await vscode.screenshot('2-cheapest-selected');
  });

  it('follows a hand edit of the file', async () => {
    writeFileSync(path.join(workspace, '.switchyard.json'), policyFile().replace('"active": "cheapest"', '"active": "team"'));
    await until('the sidebar to show team', async () => ((await sidebar.locator('vscode-radio[value="team"]').evaluate((e) => (e as HTMLElement & { checked: boolean }).checked)) ? true : undefined));
    await page.locator('.statusbar-item', { hasText: '⇄ team' }).first().waitFor({ timeout: 20_000 });
    // The policy list works from the keyboard: arrow keys move the choice within the radio group.
    await sidebar.locator('vscode-radio[value="team"]').focus();
    await page.keyboard.press('ArrowUp');
    await until('local-only chosen by keyboard', () => (policyFile().includes('"active": "local-only"') ? true : undefined));
    await sidebar.locator('vscode-radio[value="cheapest"]').click();
    await until('cheapest again', () => (policyFile().includes('"active": "cheapest"') ? true : undefined));
    expect(policyFile()).toBe(POLICY.replace('"active": "balanced"', '"active": "cheapest"'));
  });

  it('a priority slider writes the value back into the file (keyboard), keeping comments', async () => {
    const slider = sidebar.locator('#priority-intelligencePriority');
    expect(await slider.inputValue()).toBe('0.15');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    const text = await until('the priority in the file', () => (/"intelligencePriority": 0\.2\b/.test(policyFile()) ? policyFile() : undefined));
    // "cheapest" is built in: it is copied into the file under its own name, with only that value changed.
    expect(text).toMatch(/"cheapest": \{[\s\S]*"costPriority": 1,[\s\S]*"speedPriority": 0\.05,[\s\S]*"intelligencePriority": 0\.2/);
    for (const comment of POLICY.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) expect(text).toContain(comment);
    await until('the sidebar to show the copy', async () => ((await sidebar.locator('vscode-radio[value="cheapest"] .source').innerText()) === 'workspace' ? true : undefined));
    await vscode.screenshot('3-priority-tuned');
  });

  it('previews where each policy routes a prompt, with cost and alternatives', async () => {
    await sidebar.locator('#prompt').click();
    await page.keyboard.type(PROMPT, { delay: 2 });
    const rows = sidebar.locator('#preview li');
    await until('preview rows', async () => ((await rows.count()) >= 6 ? true : undefined));
    const cheapest = (await sidebar.locator('#preview li[data-policy="cheapest"]').innerText()).replace(/\s+/g, ' ');
    // Costs per 1,000 requests, and alternatives named in full with their provider.
    expect(cheapest).toMatch(/^cheapest active (\$[\d.,]+|<\$0\.01)\/1k fixture\/echo-small via fixture · coding then fixture\/echo-large via fixture (\$[\d.,]+|<\$0\.01)\/1k$/);
    expect(cheapest).not.toMatch(/e-\d/);
    expect(await sidebar.locator('#preview li.active .policy').innerText()).toBe('cheapest');
    expect(await sidebar.locator('#preview-meta').innerText()).toMatch(/About \d+ input \+ \d+ output tokens/);
    await sidebar.locator('#section-preview').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await vscode.screenshot('4-preview');
  });

  it('keeps updating the preview after the sidebar is hidden and shown again', async () => {
    await vscode.runCommand('View: Toggle Primary Side Bar Visibility'); // hides it: the view's page is disposed
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });
    await vscode.runCommand('View: Toggle Primary Side Bar Visibility'); // shows it again: a new page
    await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 10_000 });
    const old = sidebar;
    sidebar = await vscode.findWebviewFrame(async (f) => f !== old && !f.isDetached() && (await f.locator('#section-preview').count()) > 0, { timeoutMs: 60_000 }).catch(async () => {
      await vscode.screenshot('4a-reshown-failed');
      return vscode.findWebviewFrame(async (f) => !f.isDetached() && (await f.locator('#section-preview').count()) > 0, { timeoutMs: 10_000 });
    });
    await until('the preview rows on the new page', async () => ((await sidebar.locator('#preview li').count()) > 0 ? true : undefined)).catch(async (error: unknown) => {
      await vscode.screenshot('4a-reshown-no-rows');
      throw new Error(`${String(error)}; the page shows: ${(await sidebar.locator('body').innerText()).slice(0, 600)}`);
    });
    const tokens = async () => Number(/About (\d[\d,]*) input/.exec(await sidebar.locator('#preview-meta').innerText())?.[1]?.replace(/,/g, '') ?? 0);
    const before = await until('the preview after re-showing', async () => ((await tokens()) > 0 ? tokens() : undefined));
    await sidebar.locator('#prompt').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Also explain the algorithm step by step in plain words for a beginner.', { delay: 2 });
    const after = await until('the preview to follow the new text', async () => {
      const n = await tokens();
      return n > before ? n : undefined;
    });
    expect(after).toBeGreaterThan(before);
  });

  it('another extension finds Switchyard’s models through vscode.lm and gets a streamed answer, recorded in the ledger', async () => {
    const callsBefore = spendReport().byModel.find((m) => m.model === 'fixture/echo-small')?.calls ?? 0;
    await page.locator('.part.editor').first().click();
    await vscode.runCommand('Switchyard Probe: Ask Switchyard');
    // VS Code may ask once whether the probe may use Switchyard's models.
    const result = await until('the probe’s result', async () => {
      if (existsSync(probeOut)) return JSON.parse(readFileSync(probeOut, 'utf8')) as { models: { id: string; name: string; vendor: string }[]; text: string; chunks: number; tokens?: number; error?: string };
      const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Allow/ });
      if (await allow.count()) await allow.first().click();
      return undefined;
    }, 90_000);
    expect(result.error).toBeUndefined();
    const ids = result.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['auto', 'policy:cheapest', 'policy:balanced', 'policy:best', 'policy:fastest', 'policy:local-only', 'policy:team']));
    expect(result.models.find((m) => m.id === 'auto')).toMatchObject({ name: 'Switchyard Auto', vendor: 'switchyard' });
    expect(result.tokens).toBeGreaterThan(5);
    expect(result.text).toBe(ANSWER);
    expect(result.chunks).toBeGreaterThan(1);
    // The routed model is in the ledger, and shown per request in the status bar.
    await until('the ledger entry', () => ((spendReport().byModel.find((m) => m.model === 'fixture/echo-small')?.calls ?? 0) > callsBefore ? true : undefined));
    await page.locator('.statusbar-item', { hasText: '→ echo-small' }).first().waitFor({ timeout: 20_000 });
    await vscode.screenshot('4b-lm-probe');
  });

  it('"Switchyard: Route Selection" shows the decision and why', async () => {
    // Move focus out of the sidebar's prompt box before typing into Quick Open.
    await quickOpen(page, 'prompt.md');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await until('the selection', async () => ((await page.locator('.statusbar-item', { hasText: /\(\d+ selected\)/ }).count()) > 0 ? true : undefined));
    // From the palette, as a user would (without Escape first, which would clear the selection).
    await runFromPalette(page, 'Switchyard: Route Selection');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    // Three lines: the model with its provider, the cost, the reason; no wall of trace.
    expect(text).toMatch(/fixture\/echo-small via fixture/);
    expect(text).toMatch(/\$[\d.]+ estimated.*\/1k requests/);
    expect(text).toMatch(/The cheapest policy's pick for a coding task among \d+ candidates/);
    expect(text).not.toContain('Why:');
    for (const button of ['Run', 'Run Another Model…', 'Details']) expect(await dialog.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).count()).toBe(1);
    await vscode.screenshot('5-route-selection');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('"Switchyard: Estimate Selection" lists the top models, cheapest first', async () => {
    await page.locator('.editor-instance .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await runFromPalette(page, 'Switchyard: Estimate Selection');
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.filter({ hasText: 'fixture/echo-large' }).first().waitFor({ timeout: 30_000 });
    const labels = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    expect(labels[0]).toMatch(/^fixture\/echo-small\s*\$[\d.]+ via fixture · chosen by cheapest/);
    expect(labels[1]).toMatch(/^fixture\/echo-large\s*\$[\d.]+/);
    expect(await page.locator('.quick-input-widget .quick-input-title').innerText()).toMatch(/estimate for \d+ input \+ ~?\d+ output tokens.*cheapest first/);
    await vscode.screenshot('6-estimate-selection');
    await page.keyboard.press('Escape');
  });

  it('"Run" calls the model and streams the answer into a document beside the editor; spend follows', async () => {
    await page.locator('.editor-instance .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await runFromPalette(page, 'Switchyard: Route Selection');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/fixture\/echo-small via fixture/);
    await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'Switchyard answer' });
    await tab.waitFor({ timeout: 30_000 });
    const answer = await until('the streamed answer', async () => {
      const text = await page.locator('.monaco-workbench').innerText();
      // Monaco renders spaces as no-break spaces: match with \s. The footer (a line in italics) marks the end.
      return /return\sout\.concat/.test(text) && /---\s*_\S/.test(text) ? text : undefined;
    }, 60_000);
    expect(answer).toMatch(/export\sfunction\smerge/);
    expect(fixture.requests.some((r) => r.path.endsWith('/chat/completions'))).toBe(true);
    // The call is in the ledger: the spend report (and the status bar) include it.
    await vscode.screenshot('7-run-answer');
    // A second run reuses the one answer tab.
    await quickOpen(page, 'prompt.md');
    await page.locator('.editor-instance .monaco-editor').first().click();
    await page.keyboard.press('Control+A');
    await runFromPalette(page, 'Switchyard: Route Selection');
    await dialog.waitFor();
    await dialog.locator('.monaco-button', { hasText: /^Run$/ }).click();
    await until('the second answer', async () => (/return\sout\.concat/.test(await page.locator('.monaco-workbench').innerText()) ? true : undefined), 60_000);
    expect(await page.locator('.tabs-container .tab', { hasText: 'Switchyard answer' }).count()).toBe(1);
    await runFromPalette(page, 'Switchyard: Show Spend');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'fixture/echo-small' }).first().waitFor({ timeout: 30_000 });
    await vscode.screenshot('8-show-spend');
    await page.keyboard.press('Escape');
  });

  it('over budget, the preview says so instead of showing paid routes', async () => {
    const original = policyFile();
    writeFileSync(path.join(workspace, '.switchyard.json'), original.replace('"budget": { "daily": 5 }', '"budget": { "daily": 0.000000001 }'));
    try {
      const row = sidebar.locator('#preview li[data-policy="cheapest"]');
      const text = await until('the over-budget preview', async () => {
        const t = (await row.innerText({ timeout: 2_000 })).replace(/\s+/g, ' ');
        return /budget/i.test(t) ? t : undefined;
      });
      expect(text).toMatch(/daily budget/i);
      expect(await row.locator('.model').count()).toBe(0);
      await sidebar.locator('#section-preview').evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await vscode.screenshot('8b-over-budget');
      // the spend panel shows the file's budget too
      await until('the spend panel to show the tiny budget', async () => (/of <\$0\.01/.test(await sidebar.locator('#spend').innerText({ timeout: 2_000 })) ? true : undefined));
    } finally {
      writeFileSync(path.join(workspace, '.switchyard.json'), original);
    }
    // … and follows it back when the file is restored (no call, no ledger change in between)
    await until('the spend panel to show the restored budget', async () => (/of \$5\.00/.test(await sidebar.locator('#spend').innerText({ timeout: 2_000 })) ? true : undefined));
  });

  it('a typo in "active" gets a diagnostic with the closest policy name', async () => {
    await quickOpen(page, '.switchyard.json');
    await page.locator('.tabs-container .tab.active', { hasText: '.switchyard.json' }).waitFor();
    const original = policyFile();
    const active = /"active": "([^"]+)"/.exec(original)?.[1] ?? 'cheapest';
    writeFileSync(path.join(workspace, '.switchyard.json'), original.replace(`"active": "${active}"`, '"active": "cheapets"'));
    try {
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: 30_000 });
      await vscode.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      const problems = await until('the problem', async () => {
        const t = await page.locator('.markers-panel').innerText({ timeout: 2_000 });
        return t.includes('did you mean "cheapest"') ? t : undefined;
      });
      expect(problems).toMatch(/Unknown policy "cheapets"/);
      await vscode.screenshot('9b-policy-typo');
    } finally {
      writeFileSync(path.join(workspace, '.switchyard.json'), original);
    }
    await until('the problem to go', async () => ((await page.locator('.markers-panel').innerText()).includes('cheapets') ? undefined : true));
  });

  it('a pick the file refuses (a syntax error) leaves the radios and the badge where they were', async () => {
    const original = policyFile();
    const active = /"active": "([^"]+)"/.exec(original)?.[1] ?? 'cheapest';
    const other = active === 'best' ? 'fastest' : 'best';
    writeFileSync(path.join(workspace, '.switchyard.json'), original.replace(/\}\s*$/, ''));
    try {
      // Once the extension has seen the broken file (its warning is shown), a pick must be refused.
      await sidebar.locator('ul.warnings').waitFor({ state: 'visible', timeout: 20_000 });
      await sidebar.locator(`vscode-radio[value="${other}"]`).click();
      await sidebar.locator('.notice.error').waitFor({ timeout: 20_000 });
      const checked = async (name: string) => sidebar.locator(`vscode-radio[value="${name}"]`).evaluate((e) => (e as HTMLElement & { checked: boolean }).checked);
      await until('the refused radio to snap back', async () => (!(await checked(other)) && (await checked(active)) ? true : undefined));
      expect(await sidebar.locator(`vscode-radio[value="${other}"]`).getAttribute('aria-checked')).toBe('false');
      expect(await sidebar.locator(`vscode-radio[value="${active}"] .active-badge`).isVisible()).toBe(true);
      expect(policyFile()).not.toContain(`"active": "${other}"`);
    } finally {
      writeFileSync(path.join(workspace, '.switchyard.json'), original);
    }
  });

  it('VS Code’s MCP server list shows Switchyard, and the server starts and lists its tools', async () => {
    await vscode.runCommand('MCP: List Servers');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Switchyard' });
    await row.first().waitFor({ timeout: 30_000 });
    await vscode.screenshot('9-mcp-servers');
    await row.first().click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Start Server' }).first().click();
    // VS Code shows the server's output: it ran `node dist/cli.js serve` and listed the tools.
    const output = await until('the server to list its tools', async () => {
      const text = await page.locator('.monaco-workbench').innerText();
      return /Discovered\s\d+\stools/.test(text) ? text : undefined;
    }, 60_000);
    expect(output).toMatch(/Connection\sstate:\sRunning/);
    await vscode.screenshot('10-mcp-running');
  });

  it('sets and clears a provider key from the sidebar; the page never sees the key', async () => {
    const key = 'sk-e2e-NOT-A-REAL-KEY-0123456789abcdef';
    // Providers without a key are folded under "More providers…".
    const more = sidebar.locator('#more-keys');
    expect(await more.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await sidebar.locator('#keys li[data-provider="openai"]').count()).toBe(0);
    await more.locator('summary').click();
    const missing = sidebar.locator('#keys-more li[data-provider="openai"]');
    await missing.scrollIntoViewIfNeeded();
    await missing.locator('vscode-button[data-action="set"]').click();
    const openai = sidebar.locator('#keys li[data-provider="openai"]');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible' });
    expect(await input.getAttribute('type')).toBe('password');
    await input.fill(key);
    await page.keyboard.press('Enter');
    await until('the key to show as stored', async () => ((await openai.innerText()).includes('stored') ? true : undefined));
    expect(await openai.locator('vscode-button[data-action="clear"]').count()).toBe(1);
    const pageHtml = await sidebar.locator('html').evaluate((e) => e.outerHTML);
    expect(pageHtml).not.toContain(key);
    await sidebar.locator('#section-keys').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await vscode.screenshot('11-key-stored');
    await openai.locator('vscode-button[data-action="clear"]').click();
    await until('the key to be cleared', async () => ((await sidebar.locator('#keys-more li[data-provider="openai"]').innerText()).includes('not set') ? true : undefined));
  });

  it('follows the colour theme (dark)', async () => {
    await chooseTheme(page, 'Dark Modern');
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    const colour = await until('the sidebar to turn dark', async () => {
      const c = await sidebar.locator('body').evaluate((b) => getComputedStyle(b).color);
      const [r = 0, g = 0, bl = 0] = (c.match(/\d+/g) ?? []).map(Number);
      return r + g + bl > 450 ? c : undefined; // light text on a dark background
    });
    expect(colour).toBeTruthy();
    await sidebar.locator('#section-preview').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await vscode.screenshot('12-dark-theme');
    await sidebar.locator('#section-spend').evaluate((e) => e.scrollIntoView({ block: 'end' }));
    expect(await sidebar.locator('#spend').innerText()).toMatch(/Today\s*(\$\d+\.\d\d|<\$0\.01)\s*of \$5\.00/);
    // The month by day against the budget (one image with a text alternative) and by model.
    expect(await sidebar.locator('#spend-by-day').getAttribute('role')).toBe('img');
    expect(await sidebar.locator('#spend-by-day').getAttribute('aria-label')).toMatch(/daily budget \$5\.00/);
    expect(await sidebar.locator('#spend-by-day .bar').count()).toBe(new Date().getDate());
    expect(await sidebar.locator('#spend-by-model').innerText()).toContain('fixture/echo-small');
    await vscode.screenshot('13-dark-keys-spend');
  });

  it('keeps the sliders visible in a High Contrast theme', async () => {
    await chooseTheme(page, 'Dark High Contrast');
    await until('the sidebar in high contrast', async () => ((await sidebar.locator('body.vscode-high-contrast').count()) > 0 ? true : undefined), 30_000);
    const slider = sidebar.locator('#priority-costPriority');
    const style = await slider.evaluate((e) => {
      const c = getComputedStyle(e);
      return { border: c.borderTopStyle, colour: c.borderTopColor, appearance: c.appearance };
    });
    expect(style.border).toBe('solid');
    expect(style.colour).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    await sidebar.locator('#section-priorities').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await vscode.screenshot('14-high-contrast');
  });
});

/** Preferences: Color Theme (Ctrl+K Ctrl+T; in the palette it sorts after "Browse Color Themes in Marketplace"). */
async function chooseTheme(page: Page, theme: string): Promise<void> {
  await page.locator('.editor-instance .monaco-editor').first().click();
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.locator('.quick-input-widget input.input').fill(theme);
  await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: theme }).waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open (Ctrl+P), focus moved out of the sidebar first. */
async function quickOpen(page: Page, file: string): Promise<void> {
  await page.locator('.part.editor').first().click();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input.input').waitFor({ state: 'visible' });
  await page.keyboard.type(file);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: file }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** The probe extension (test/e2e/probe) as a .vsix, packed with vsce into `dir`. */
function packProbe(dir: string): string {
  const stage = path.join(dir, 'probe');
  cpSync(path.join(root, 'test/e2e/probe'), stage, { recursive: true });
  const out = path.join(dir, 'switchyard-lm-probe.vsix');
  execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: stage, stdio: 'pipe' });
  return out;
}

/** Runs a command from the palette without pressing Escape first (the harness's runCommand does, and Escape clears an editor selection). */
async function runFromPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await until(`"${title}" in the palette`, async () => {
    const label = (await page.locator('.quick-input-widget .monaco-list-row.focused').getAttribute('aria-label', { timeout: 1_000 })) ?? '';
    return label.toLowerCase().startsWith(title.toLowerCase()) ? true : undefined;
  });
  await page.keyboard.press('Enter');
}
