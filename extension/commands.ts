/** The editor commands: select policy, route or estimate the selection (and run it), keys, the policy file, spend. */
import * as vscode from 'vscode';
import type { Model } from '../shared/catalog/model.js';
import { formatTokens } from '../shared/format.js';
import { estimateRequest } from '../shared/routing/estimate-request.js';
import { RequestTokenCounter } from '../shared/pricing/token-count.js';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { tokenizable } from '../shared/pricing/tokenizable.js';
import type { RouteDecision } from '../shared/routing/types.js';
import type { AnswerDocuments } from './answers.js';
import type { CommandId } from './ids.js';
import { streamChat, GatewayFailure } from './lm/client.js';
import type { Gateway } from './lm/gateway.js';
import { chatCompletionsBody } from './lm/wire.js';
import { isSwitchyardError } from '../shared/errors.js';
import { describeCalls, readCallOutcomes } from './call-outcomes.js';
import { decisionSummary, failureAction } from './view-model.js';
import { keyProvider, KEY_PROVIDERS, validateApiKey } from './keys.js';
import { newPolicyFileText, POLICY_FILE_NAME, setActivePolicy } from './policy-file.js';
import type { SpendTracker } from './spend.js';
import { formatEstimate, formatMoney } from './money.js';
import type { SwitchyardWorkspace } from './workspace.js';

export interface Services {
  ws: SwitchyardWorkspace;
  spend: SpendTracker;
  answers: AnswerDocuments;
  log: vscode.LogOutputChannel;
  /** Absolute path of the bundled `dist/cli.js`. */
  cli: string;
  /** The bundled gateway on loopback, through which Run calls models. */
  gateway: Gateway;
}

/** The commands' bodies by id; each failure is logged and shown once. */
export function commandHandlers(s: Services): Record<CommandId, (...args: unknown[]) => Promise<void>> {
  const guard =
    <A extends unknown[]>(name: string, body: (...args: A) => Promise<unknown>) =>
    async (...args: A) => {
      try {
        await body(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        s.log.error(`${name}: ${message}`);
        void vscode.window.showErrorMessage(`Switchyard: ${message}`);
      }
    };
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    'switchyard.selectPolicy': guard('selectPolicy', (name?: unknown) => selectPolicy(s, text(name))),
    'switchyard.routeSelection': guard('routeSelection', () => routeSelection(s)),
    'switchyard.estimateSelection': guard('estimateSelection', () => estimateSelection(s)),
    'switchyard.setApiKey': guard('setApiKey', (provider?: unknown) => setApiKey(s, text(provider))),
    'switchyard.clearApiKey': guard('clearApiKey', (provider?: unknown) => clearApiKey(s, text(provider))),
    'switchyard.openPolicyFile': guard('openPolicyFile', () => openPolicyFile(s)),
    'switchyard.showSpend': guard('showSpend', () => showSpend(s)),
  };
}

// ---- policy ----------------------------------------------------------------------------------------------

export async function selectPolicy(s: Services, name?: string): Promise<void> {
  const policies = s.ws.router().policies();
  let chosen = name;
  if (chosen === undefined) {
    type Item = vscode.QuickPickItem & { policy: string };
    const items: Item[] = policies.names.map((n) => {
      const p = policies.get(n);
      const pr = p?.priorities;
      return {
        policy: n,
        label: `${n === policies.active ? '$(check) ' : '$(blank) '}${n}`,
        description: `${p?.source ?? ''}${pr ? ` · cost ${pr.costPriority} · speed ${pr.speedPriority} · quality ${pr.intelligencePriority}` : ''}`,
        detail: p?.description ?? '',
      };
    });
    const pick = await vscode.window.showQuickPick(items, { title: 'Switchyard: Select Policy', placeHolder: `Active: ${policies.active}. Writes "active" into ${POLICY_FILE_NAME}.`, matchOnDescription: true, matchOnDetail: true });
    if (!pick) return;
    chosen = pick.policy;
  }
  if (!policies.names.includes(chosen)) throw new Error(`unknown policy "${chosen}". Known: ${policies.names.join(', ')}`);
  await s.ws.editPolicyFile((text) => setActivePolicy(text, chosen));
  s.log.info(`active policy → ${chosen}`);
}

export async function openPolicyFile(s: Services): Promise<void> {
  const uri = s.ws.policyFileUri();
  if (!uri) throw new Error(`Open a folder first: ${POLICY_FILE_NAME} lives at the root of the workspace folder.`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(newPolicyFileText(s.ws.router().policies().active)));
    s.log.info(`created ${uri.fsPath}`);
  }
  await vscode.window.showTextDocument(uri, { preview: false });
}

// ---- route, estimate, run --------------------------------------------------------------------------------

async function promptFromEditor(purpose: string): Promise<string | undefined> {
  // Exact counts for the decision; if the tables cannot load, counts are labelled estimates.
  void loadTokenizers().catch(() => undefined);
  const editor = vscode.window.activeTextEditor;
  const selected = editor?.selections
    .map((sel) => editor.document.getText(sel))
    .filter((t) => t.trim() !== '')
    .join('\n\n');
  if (selected) return selected;
  return vscode.window.showInputBox({ title: `Switchyard: ${purpose}`, prompt: 'Nothing is selected: type a prompt', ignoreFocusOut: true });
}

export function describeDecisionDetail(d: RouteDecision): string {
  const lines = [`Policy ${d.policy} · task ${d.task} (confidence ${d.taskConfidence.toFixed(2)}) · ${d.estimate.inputTokens.toLocaleString('en-US')} input + ${d.estimate.outputTokens.toLocaleString('en-US')} output tokens${d.estimate.exact ? '' : ' (estimated count)'}`, '', 'Why:'];
  for (const line of d.explanation) lines.push(`• ${line}`);
  if (d.alternatives.length > 0) lines.push('', `Alternatives: ${d.alternatives.slice(0, 4).map((a) => `${a.model} via ${a.provider} (${formatEstimate(a.estimatedCost)})`).join(', ')}`);
  if (d.fallbacks.length > 0) lines.push(`Fallbacks: ${d.fallbacks.map((f) => f.endpoint).join(' → ')}`);
  for (const w of d.warnings) lines.push(`⚠ ${w}`);
  return lines.join('\n');
}

export async function routeSelection(s: Services): Promise<void> {
  const prompt = await promptFromEditor('Route Selection');
  if (!prompt) return;
  await loadTokenizers().catch(() => undefined);
  let decision: RouteDecision;
  try {
    decision = s.ws.router().decide({ input: { prompt } });
  } catch (error) {
    await showFailure(s, error instanceof Error ? error.message : String(error), isSwitchyardError(error) ? error.code : undefined);
    return;
  }
  const summary = decisionSummary(decision);
  s.log.info(`route → ${decision.model} via ${decision.provider} (${formatEstimate(decision.estimatedCost)})\n${describeDecisionDetail(decision)}`);
  const run = 'Run';
  const other = 'Run Another Model…';
  const details = 'Details';
  const answer = await vscode.window.showInformationMessage(summary.title, { modal: true, detail: `${summary.cost}\n${summary.reason}` }, run, other, details);
  if (answer === run) await runPrompt(s, prompt, decision.model, decision.policy, decision.estimatedCost);
  else if (answer === details) s.log.show(true);
  else if (answer === other) {
    const choices = [{ model: decision.model, provider: decision.provider, estimatedCost: decision.estimatedCost }, ...decision.alternatives];
    const items = choices.map((c, i) => ({ label: c.model, model: c.model, cost: c.estimatedCost, description: `via ${c.provider} · ${formatEstimate(c.estimatedCost)}${i === 0 ? ' · chosen' : ''}` }));
    const pick = await vscode.window.showQuickPick(items, { title: 'Switchyard: run on which model?' });
    if (pick) await runPrompt(s, prompt, pick.model, decision.policy, pick.cost);
  }
}

/** A failure as one message with the action that fixes it. */
export async function showFailure(s: Services, message: string, code: string | undefined): Promise<void> {
  const f = failureAction(code, message);
  s.log.warn(`failed${code ? ` (${code})` : ''}: ${message}`);
  const answer = f.action ? await vscode.window.showErrorMessage(`Switchyard: ${f.message}`, f.action) : await vscode.window.showErrorMessage(`Switchyard: ${f.message}`);
  if (answer === 'Set API Key') await setApiKey(s, f.provider && keyProvider(f.provider) ? f.provider : undefined);
  else if (answer === 'Select Policy') await selectPolicy(s);
  else if (answer === 'Open Policy File') await openPolicyFile(s);
  else if (answer === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
}

export async function estimateSelection(s: Services): Promise<void> {
  const prompt = await promptFromEditor('Estimate Selection');
  if (!prompt) return;
  await loadTokenizers().catch(() => undefined);
  const config = vscode.workspace.getConfiguration('switchyard');
  // 0 (the default): forecast from the selection, as routing does.
  const setting = Math.round(config.get<number>('estimate.outputTokens', 0));
  const outputTokens = setting > 0 ? setting : undefined;
  const router = s.ws.router();
  const catalog = router.catalog();
  const policies = router.policies();
  const chosenBy = new Map<string, string[]>();
  const wanted = config.get<string[]>('estimate.models', []).filter((m) => typeof m === 'string' && m.trim() !== '');
  const models: string[] = [];
  const add = (id: string) => {
    const m = catalog.get(id);
    if (m && !models.includes(m.id)) models.push(m.id);
  };
  if (wanted.length > 0) wanted.forEach(add);
  else {
    // The top models: what each policy would choose for this prompt, plus the active policy's alternatives.
    for (const name of policies.names) {
      try {
        const d = router.decide({ input: { prompt }, policy: name, ...(outputTokens !== undefined ? { outputTokens } : {}) });
        chosenBy.set(d.model, [...(chosenBy.get(d.model) ?? []), name]);
        add(d.model);
        if (name === policies.active) d.alternatives.slice(0, 5).forEach((a) => add(a.model));
      } catch {
        // A policy with no candidate for this prompt contributes nothing.
      }
    }
  }
  if (models.length === 0) throw new Error('no model to estimate: no policy has a candidate for this prompt (and switchyard.estimate.models names none in the catalog)');
  const { estimates, forecast } = estimateRequest({ prompt }, catalog, { models, ...(outputTokens !== undefined ? { outputTokens } : {}), ctx: router.context() });
  type Item = vscode.QuickPickItem & { model: string };
  const items: Item[] = estimates.map((e) => ({
    model: e.model,
    label: e.model,
    description: `${formatEstimate(e.totalCost)} via ${e.provider}${chosenBy.has(e.model) ? `  ·  chosen by ${chosenBy.get(e.model)?.join(', ')}` : ''}`,
    detail: `${formatTokens(e.inputTokens)} in ${formatEstimate(e.inputCost)} + ${formatTokens(e.outputTokens)} out ${formatEstimate(e.outputCost)} · ${e.exact ? 'exact token count' : `token count estimated${e.note ? `: ${e.note}` : ''}`}`,
  }));
  const first = estimates[0];
  const pick = await vscode.window.showQuickPick(items, {
    title: `Switchyard: estimate for ${first ? formatTokens(first.inputTokens) : '?'} input + ~${formatTokens(forecast.tokens)} output tokens (${forecast.basis}), cheapest first`,
    placeHolder: 'Pick a model to run the prompt on it, or Escape to close',
    matchOnDescription: true,
  });
  if (pick) await runPrompt(s, prompt, pick.model, undefined, estimates.find((e) => e.model === pick.model)?.totalCost);
}

/** Call the model through the bundled gateway and stream the answer into the one answer document beside the editor. */
export async function runPrompt(s: Services, prompt: string, model: string, policy: string | undefined, estimate: number | undefined): Promise<void> {
  if (!s.ws.trusted) {
    await showFailure(s, 'Switchyard does not call models in Restricted Mode: no API keys reach an untrusted workspace. Trust this folder to run prompts.', undefined);
    return;
  }
  await s.ws.ready;
  const trimmed = prompt.trim();
  const quoted = trimmed.length > 400 ? `${trimmed.slice(0, 400)}…` : trimmed;
  const header = `# ${model}\n\n${[policy ? `policy ${policy}` : undefined, estimate !== undefined ? `estimated ${formatEstimate(estimate)}` : undefined].filter(Boolean).join(' · ')}\n\n> ${quoted.replace(/\n/g, '\n> ')}\n\n---\n\n`;
  const answer = s.answers.create(header);
  await vscode.window.showTextDocument(answer.uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  let tail = '';
  const outcome: { ok: true; model: string; cost: number | undefined; tokens?: string } | { ok: false; message: string; code?: string; cancelled: boolean } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Switchyard: asking ${model}…`, cancellable: true }, async (_progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    try {
      const body = chatCompletionsBody(model, [{ role: 'user', parts: [{ kind: 'text', text: prompt }] }]);
      const r = await streamChat(
        s.gateway,
        body,
        (e) => {
          if (e.type !== 'text') return;
          answer.append(e.text);
          tail = (tail + e.text).slice(-2);
        },
        abort.signal,
      );
      return { ok: true as const, model: r.model, cost: r.cost, ...(r.inputTokens !== undefined ? { tokens: `${r.inputTokens}+${r.outputTokens ?? 0} tokens` } : {}) };
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error), ...(error instanceof GatewayFailure && error.code ? { code: error.code } : {}), cancelled: abort.signal.aborted };
    }
  });
  // One blank line between the answer and the footer, however the answer ended.
  const gap = tail === '' ? '' : tail.endsWith('\n\n') ? '' : tail.endsWith('\n') ? '\n' : '\n\n';
  if (outcome.ok) {
    answer.append(`${gap}---\n_${[outcome.model, outcome.tokens, outcome.cost !== undefined ? formatEstimate(outcome.cost) : undefined].filter(Boolean).join(' · ')}_\n`);
    s.log.info(`run ${model} → ${outcome.model}${outcome.cost !== undefined ? ` · ${formatEstimate(outcome.cost)}` : ''}`);
  } else if (outcome.cancelled) answer.append(`${gap}---\n_Cancelled._\n`);
  else {
    const f = failureAction(outcome.code, outcome.message);
    answer.append(`${gap}---\n**Failed:** ${f.message}\n`);
    answer.flush();
    void s.spend.refresh();
    await showFailure(s, outcome.message, outcome.code);
    return;
  }
  answer.flush();
  void s.spend.refresh();
}

// ---- keys ------------------------------------------------------------------------------------------------

const SOURCE_TEXT = { secret: 'stored in SecretStorage', environment: 'from the environment', missing: 'not set' } as const;

export async function setApiKey(s: Services, provider?: string): Promise<void> {
  let id = provider;
  if (id === undefined) {
    const statuses = await s.ws.keys.status();
    const pick = await vscode.window.showQuickPick(
      statuses.map((k) => ({ label: k.label, description: `${k.provider} · ${k.envVar}`, detail: SOURCE_TEXT[k.source], id: k.provider })),
      { title: 'Switchyard: Set API Key', placeHolder: 'Which provider? The key is kept in VS Code’s SecretStorage only.' },
    );
    if (!pick) return;
    id = pick.id;
  }
  const p = keyProvider(id);
  if (!p) throw new Error(`unknown provider "${id}"; known: ${KEY_PROVIDERS.map((k) => k.id).join(', ')}`);
  const key = await vscode.window.showInputBox({
    title: `Switchyard: ${p.label} API key`,
    prompt: `Stored in VS Code’s SecretStorage and passed to the Switchyard server as ${p.envVar}. Never written to a file.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => validateApiKey(v),
  });
  if (key === undefined) return;
  await s.ws.keys.set(p.id, key);
  void vscode.window.showInformationMessage(
    `Switchyard: ${p.label} key saved.${s.ws.trusted ? ' VS Code stops the running Switchyard MCP server and starts it with the key when it is next used.' : ' It is not used until you trust this workspace.'}`,
  );
}

export async function clearApiKey(s: Services, provider?: string): Promise<void> {
  let id = provider;
  if (id === undefined) {
    const stored = await s.ws.keys.storedProviders();
    if (stored.length === 0) {
      void vscode.window.showInformationMessage('Switchyard: no API keys are stored in SecretStorage.');
      return;
    }
    const pick = await vscode.window.showQuickPick(
      stored.map((pid) => ({ label: keyProvider(pid)?.label ?? pid, description: pid, id: pid })),
      { title: 'Switchyard: Clear API Key' },
    );
    if (!pick) return;
    id = pick.id;
  }
  await s.ws.keys.clear(id);
  void vscode.window.showInformationMessage(`Switchyard: ${keyProvider(id)?.label ?? id} key removed from SecretStorage.`);
}

// ---- spend -----------------------------------------------------------------------------------------------

export async function showSpend(s: Services): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Switchyard: reading spend' }, () => s.spend.refresh());
  const result = s.spend.current;
  if (!result?.ok) {
    void vscode.window.showWarningMessage(`Switchyard: spend unavailable${result ? ` — ${result.reason}` : ''}`);
    return;
  }
  const r = result.report;
  const b = r.budgets;
  // A failed call is not an answered one: the ledger's outcomes tell them apart (the report counts both).
  const outcomes = await readCallOutcomes();
  const items: vscode.QuickPickItem[] = [
    { label: `Today ${formatMoney(r.today)}`, description: b.daily !== undefined ? `of ${formatMoney(b.daily)} daily budget · ${formatMoney(Math.max(0, b.remainingToday ?? b.daily - r.today))} left` : 'no daily budget' },
    { label: `This month ${formatMoney(r.month)}`, description: b.monthly !== undefined ? `of ${formatMoney(b.monthly)} monthly budget · ${formatMoney(Math.max(0, b.remainingMonth ?? b.monthly - r.month))} left` : 'no monthly budget' },
    { label: 'By model', kind: vscode.QuickPickItemKind.Separator },
    ...(r.byModel.length === 0
      ? [{ label: 'No calls yet' }]
      : [...r.byModel].sort((a, c) => c.cost - a.cost).map((m) => ({ label: m.model, description: `${formatEstimate(m.cost)} · ${describeCalls(outcomes.get(m.model), m.calls)}` }))),
  ];
  await vscode.window.showQuickPick(items, { title: 'Switchyard: Spend', placeHolder: 'Budgets come from .switchyard.json and your user config' });
}
