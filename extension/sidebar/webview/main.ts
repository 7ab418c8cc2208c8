/**
 * The sidebar page (browser code). It keeps no state of its own beyond what it was last sent: every change is
 * a message to the extension, which writes the policy file and sends the new state back. Messages both ways
 * are checked against the shared zod schemas. Only the components used are imported, to keep the bundle small.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import {
  isCurrentPreview,
  MAX_PROMPT_CHARS,
  parseHostMessage,
  webviewMessageSchema,
  type HostMessage,
  type KeyView,
  type PolicyView,
  type PreviewRow,
  type SidebarState,
  type SpendView,
  type WebviewMessage,
} from '../protocol.js';
import { formatEstimate as money, formatMoney as cents, formatPerRequest as perRequest, formatPerThousand as perThousand } from '../../money.js';
import { monthBars } from '../../month-bars.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

function send(message: WebviewMessage): void {
  // Checked here too, so a bug in this page shows up at its source.
  const parsed = webviewMessageSchema.safeParse(message);
  if (parsed.success) vscode.postMessage(parsed.data);
  else console.error('switchyard: not sending an invalid message', parsed.error.issues);
}

// ---- tiny DOM helpers (textContent only: nothing from a message is parsed as HTML) -------------------------

type Attrs = Record<string, string | boolean | number | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K];
function h(tag: string, attrs?: Attrs, ...children: (Node | string | null | undefined | false)[]): HTMLElement;
function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const PRIORITY_LABELS = [
  ['costPriority', 'Cost', 'How much a lower price matters'],
  ['speedPriority', 'Speed', 'How much a faster answer matters'],
  ['intelligencePriority', 'Quality', 'How much answer quality for the task matters'],
] as const;

// ---- the page ----------------------------------------------------------------------------------------------

const app = document.getElementById('app') as HTMLElement;
let state: SidebarState | undefined;
let previewId = 0;
let previewTimer: ReturnType<typeof setTimeout> | undefined;

const banner = h('div', { class: 'banner', role: 'status', hidden: true });
const notice = h('div', { class: 'notice', role: 'alert', hidden: true });
const warnings = h('ul', { class: 'warnings', hidden: true, 'aria-label': 'Policy file warnings' });

const policySection = h('vscode-collapsible', { heading: 'Policy', open: true, id: 'section-policy' });
const policyGroup = h('vscode-radio-group', { variant: 'vertical', 'aria-label': 'Active policy', id: 'policies' });
const fileLine = h('p', { class: 'file-line' });
// Arrow keys move the check inside the group without a `change` event: pick up the result after the key,
// debounced so that running through the list writes the file once.
let keyChoice: ReturnType<typeof setTimeout> | undefined;
policyGroup.addEventListener('keyup', (ev) => {
  if (!['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(ev.key)) return;
  clearTimeout(keyChoice);
  keyChoice = setTimeout(() => {
    const checked = Array.from(policyGroup.querySelectorAll<HTMLElement & { checked: boolean; value: string }>('vscode-radio')).find((r) => r.checked);
    if (checked && state && checked.value !== state.active) send({ type: 'selectPolicy', name: checked.value });
  }, 300);
});
policySection.append(policyGroup, fileLine);

const prioritySection = h('vscode-collapsible', { heading: 'Priorities', open: true, id: 'section-priorities' });
const priorityBody = h('div', { class: 'priorities' });
prioritySection.append(priorityBody);
const sliders = new Map<string, { input: HTMLInputElement; output: HTMLOutputElement }>();
for (const [key, label, help] of PRIORITY_LABELS) {
  const id = `priority-${key}`;
  const input = h('input', { type: 'range', id, min: 0, max: 1, step: 0.05, 'aria-describedby': `${id}-help` });
  const output = h('output', { for: id, class: 'value' });
  input.addEventListener('input', () => {
    output.textContent = Number(input.value).toFixed(2);
  });
  input.addEventListener('change', () => {
    if (!state) return;
    send({ type: 'setPriority', policy: state.active, key, value: Number(input.value) });
  });
  priorityBody.append(h('div', { class: 'slider-row' }, h('label', { for: id }, label), input, output), h('p', { class: 'help', id: `${id}-help` }, help));
  sliders.set(key, { input, output });
}
const priorityNote = h('p', { class: 'help' });
priorityBody.append(priorityNote);

const previewSection = h('vscode-collapsible', { heading: 'Try a prompt', open: true, id: 'section-preview' });
const promptBox = h('vscode-textarea', {
  id: 'prompt',
  rows: 4,
  resize: 'vertical',
  placeholder: 'Type a prompt to see where each policy routes it and what it costs',
  'aria-label': 'Prompt to preview',
  maxlength: MAX_PROMPT_CHARS,
}) as HTMLElement & { value: string };
const previewMeta = h('p', { class: 'help', id: 'preview-meta', 'aria-live': 'polite' });
const previewList = h('ul', { class: 'preview', id: 'preview', hidden: true, 'aria-label': 'Where each policy routes the prompt' });
previewSection.append(promptBox, previewMeta, previewList);
promptBox.addEventListener('input', () => {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => {
    previewId += 1;
    send({ type: 'preview', requestId: previewId, prompt: promptBox.value.slice(0, MAX_PROMPT_CHARS) });
  }, 200);
});

const keySection = h('vscode-collapsible', { heading: 'Provider keys', open: true, id: 'section-keys' });
const keyList = h('ul', { class: 'keys', id: 'keys', 'aria-label': 'Provider API keys' });
/** Configured providers first; the rest (most of them, usually) behind "More providers…". */
const moreKeys = h('details', { class: 'more-keys', id: 'more-keys' }, h('summary', {}, 'More providers…'), h('ul', { class: 'keys', id: 'keys-more', 'aria-label': 'Providers without a key' }));
const keyEmpty = h('p', { class: 'muted', id: 'keys-empty', hidden: true }, 'No API key in SecretStorage or the environment yet.');
keySection.append(keyEmpty, keyList, moreKeys, h('p', { class: 'help' }, 'Keys are kept in VS Code’s SecretStorage and passed to the Switchyard server only.'));

const spendSection = h('vscode-collapsible', { heading: 'Spend', open: true, id: 'section-spend' });
const spendBody = h('div', { class: 'spend', id: 'spend' });
spendSection.append(spendBody);

app.replaceChildren(banner, notice, warnings, policySection, prioritySection, previewSection, keySection, spendSection);

// ---- rendering ---------------------------------------------------------------------------------------------

function render(s: SidebarState): void {
  const first = state === undefined;
  state = s;
  banner.hidden = s.trusted;
  banner.textContent = s.trusted ? '' : 'Restricted Mode: the policy file is read and can be edited, but no API keys reach the server and models are not called until you trust this folder.';
  warnings.hidden = s.warnings.length === 0;
  warnings.replaceChildren(...s.warnings.map((w) => h('li', {}, `⚠ ${w}`)));
  renderPolicies(s);
  renderPriorities(s);
  renderKeys(s.keys);
  renderSpend(s.spend);
  if (first && s.prompt && !promptBox.value) {
    promptBox.value = s.prompt;
  }
}

/**
 * A collapsible's description is rendered right after its heading inside one <h3>: a leading separator keeps
 * screen readers from reading "Policybalanced".
 */
function headingNote(text: string): string {
  return `\u2002\u00b7 ${text}`;
}

function renderPolicies(s: SidebarState): void {
  // Rebuild only when the list changed; otherwise just move the check, so keyboard focus stays where it is.
  const signature = s.policies.map((p) => `${p.name}|${p.source}|${p.description ?? ''}`).join('\n');
  if (policyGroup.dataset.signature !== signature) {
    policyGroup.dataset.signature = signature;
    policyGroup.replaceChildren(...s.policies.map(policyRadio));
  }
  for (const radio of Array.from(policyGroup.querySelectorAll<HTMLElement & { checked: boolean; value: string }>('vscode-radio'))) {
    const active = radio.value === s.active;
    radio.checked = active;
    // Announced as radio buttons in the group (role radiogroup), not as checkboxes.
    radio.setAttribute('role', 'radio');
    radio.setAttribute('aria-checked', String(active));
    radio.classList.toggle('active', active);
    const badge = radio.querySelector('.active-badge');
    if (badge) (badge as HTMLElement).hidden = !active;
  }
  policySection.setAttribute('description', headingNote(s.active));
  fileLine.replaceChildren(
    s.folder === undefined
      ? 'Open a folder to keep a policy file in it.'
      : h(
          'vscode-button',
          { secondary: true, id: 'open-policy-file', title: s.fileExists ? 'Open .switchyard.json' : 'Create .switchyard.json with a commented header' },
          s.fileExists ? 'Open .switchyard.json' : 'Create .switchyard.json',
        ),
  );
  fileLine.querySelector('#open-policy-file')?.addEventListener('click', () => send({ type: 'openPolicyFile' }));
}

function policyRadio(p: PolicyView): HTMLElement {
  const radio = h(
    'vscode-radio',
    { name: 'policy', value: p.name, 'data-policy': p.name },
    h('span', { class: 'policy-name' }, p.name),
    ' ',
    h('span', { class: 'source' }, p.source),
    ' ',
    h('vscode-badge', { class: 'active-badge', hidden: true }, 'active'),
    p.description ? h('span', { class: 'description' }, p.description) : null,
  );
  radio.addEventListener('change', () => {
    const r = radio as HTMLElement & { checked: boolean };
    if (r.checked && state && state.active !== p.name) send({ type: 'selectPolicy', name: p.name });
  });
  return radio;
}

function renderPriorities(s: SidebarState): void {
  const active = s.policies.find((p) => p.active);
  prioritySection.setAttribute('description', headingNote(s.active));
  for (const [key] of PRIORITY_LABELS) {
    const slider = sliders.get(key);
    if (!slider || !active) continue;
    // Never move a slider under the user's hand.
    if (document.activeElement === slider.input && slider.input.matches(':active')) continue;
    slider.input.value = String(active.priorities[key]);
    slider.output.textContent = active.priorities[key].toFixed(2);
  }
  priorityNote.textContent =
    active?.source === 'workspace'
      ? `Changes are saved to policies.${s.active}.preferences in .switchyard.json.`
      : `“${s.active}” is ${active?.source === 'user' ? 'from your user config' : 'built in'}: a change copies it into .switchyard.json under the same name, then tunes it there.`;
}

function keyRow(k: KeyView): HTMLElement {
  const status = k.source === 'secret' ? 'stored' : k.source === 'environment' ? `from ${k.envVar}` : 'not set';
  const set = h('vscode-button', { secondary: true, 'data-action': 'set', 'aria-label': `Set ${k.label} API key` }, k.source === 'secret' ? 'Replace' : 'Set');
  set.addEventListener('click', () => send({ type: 'setKey', provider: k.provider }));
  const clear = k.source === 'secret' ? h('vscode-button', { secondary: true, 'data-action': 'clear', 'aria-label': `Clear ${k.label} API key` }, 'Clear') : null;
  clear?.addEventListener('click', () => send({ type: 'clearKey', provider: k.provider }));
  return h(
    'li',
    { class: `key key-${k.source}`, 'data-provider': k.provider },
    h('span', { class: 'key-label' }, k.label),
    h('span', { class: `key-status status-${k.source}` }, status),
    h('span', { class: 'key-actions' }, set, clear),
  );
}

function renderKeys(keys: KeyView[]): void {
  const configured = keys.filter((k) => k.source !== 'missing').sort((a, b) => (a.source === b.source ? 0 : a.source === 'secret' ? -1 : 1));
  const missing = keys.filter((k) => k.source === 'missing');
  keyList.replaceChildren(...configured.map(keyRow));
  keyList.hidden = configured.length === 0;
  keyEmpty.hidden = configured.length > 0;
  const summary = moreKeys.querySelector('summary') as HTMLElement;
  summary.textContent = configured.length === 0 ? `Add a provider key (${missing.length} providers)…` : `More providers (${missing.length})…`;
  (moreKeys.querySelector('ul') as HTMLElement).replaceChildren(...missing.map(keyRow));
  moreKeys.hidden = missing.length === 0;
}

function budgetLine(label: string, spent: number, budget: number | undefined): HTMLElement {
  const row = h('div', { class: 'budget' }, h('div', { class: 'budget-text' }, h('span', {}, label), h('strong', {}, cents(spent)), budget !== undefined ? h('span', { class: 'muted' }, `of ${cents(budget)}`) : h('span', { class: 'muted' }, 'no budget')));
  if (budget !== undefined && budget > 0) {
    const bar = h('vscode-progress-bar', { max: budget, 'aria-label': `${label}: ${cents(spent)} of ${cents(budget)}` }) as HTMLElement & { value: number; max: number };
    bar.max = budget;
    bar.value = Math.min(spent, budget);
    row.append(bar);
  }
  return row;
}

type OkSpend = Extract<SpendView, { status: 'ok' }>;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** This month by day against the daily budget: bars with a text alternative (the chart is one image to a screen reader). */
function dayChart(spend: OkSpend): HTMLElement {
  const bars = monthBars(spend.byDay, localToday(), spend.daily);
  const spentDays = bars.filter((b) => b.cost > 0);
  const over = bars.filter((b) => b.over).length;
  const label = `Spend this month by day: ${spentDays.length} day${spentDays.length === 1 ? '' : 's'} with spend${spentDays.length ? `, most ${cents(Math.max(...spentDays.map((b) => b.cost)))}` : ''}${spend.daily !== undefined ? `; daily budget ${cents(spend.daily)}${over ? `, exceeded on ${over} day${over === 1 ? '' : 's'}` : ''}` : ''}.`;
  const chart = h('div', { class: 'day-chart', role: 'img', 'aria-label': label, id: 'spend-by-day' });
  for (const b of bars) {
    const bar = h('div', { class: `bar${b.over ? ' over' : ''}`, title: `${b.day}: ${money(b.cost)}` });
    // Through the CSSOM: the page's CSP allows no inline style attributes.
    bar.style.height = `${Math.max(b.cost > 0 ? 4 : 1, Math.round(b.height * 100))}%`;
    chart.append(bar);
  }
  if (spend.daily !== undefined) chart.append(h('div', { class: 'budget-line', title: `daily budget ${cents(spend.daily)}` }));
  return h('div', { class: 'chart' }, h('h4', {}, 'This month by day'), chart);
}

/** The models that cost the most this month, as bars relative to the month's spend. */
function modelChart(spend: OkSpend): HTMLElement | string {
  if (spend.byModel.length === 0) return '';
  const total = spend.byModel.reduce((sum, m) => sum + m.cost, 0) || 1;
  return h(
    'div',
    { class: 'chart' },
    h('h4', {}, 'By model'),
    h(
      'ul',
      { class: 'model-chart', id: 'spend-by-model', 'aria-label': 'Spend this month by model' },
      ...spend.byModel.map((m) =>
        {
          const bar = h('span', { class: 'model-bar', 'aria-hidden': 'true' });
          bar.style.width = `${Math.max(2, Math.round((m.cost / total) * 100))}%`;
          return h('li', {}, h('span', { class: 'model-name', title: m.model }, m.model), h('span', { class: 'model-cost' }, money(m.cost)), bar);
        },
      ),
    ),
  );
}

function renderSpend(spend: SpendView): void {
  const refresh = h('vscode-button', { secondary: true, id: 'refresh-spend' }, 'Refresh');
  refresh.addEventListener('click', () => send({ type: 'refreshSpend' }));
  if (spend.status === 'loading') spendBody.replaceChildren(h('p', { class: 'muted' }, 'Reading spend…'));
  else if (spend.status === 'unavailable') spendBody.replaceChildren(h('p', { class: 'muted', title: spend.reason }, 'Spend unavailable'), h('p', { class: 'help' }, spend.reason), refresh);
  else spendBody.replaceChildren(budgetLine('Today', spend.today, spend.daily), budgetLine('This month', spend.month, spend.monthly), dayChart(spend), modelChart(spend), refresh);
  spendSection.setAttribute('description', spend.status === 'ok' ? headingNote(`${cents(spend.today)} today`) : '');
}

function renderPreview(m: Extract<HostMessage, { type: 'preview' }>): void {
  if (!isCurrentPreview(m.requestId, previewId)) return; // an answer to an older request than the latest sent
  if (m.rows.length === 0) {
    previewList.hidden = true;
    previewMeta.textContent = '';
    return;
  }
  previewMeta.textContent = m.inputTokens !== undefined ? `About ${m.inputTokens.toLocaleString('en-US')} input + ${(m.outputTokens ?? 500).toLocaleString('en-US')} output tokens` : '';
  previewList.replaceChildren(...m.rows.map(previewItem));
  previewList.hidden = false;
}

function previewItem(r: PreviewRow): HTMLElement {
  const head = h(
    'div',
    { class: 'row-head' },
    h('span', { class: 'policy' }, r.policy),
    r.active ? h('vscode-badge', { class: 'active-badge' }, 'active') : null,
    h('span', { class: 'cost', title: r.cost !== undefined ? perRequest(r.cost) : undefined }, r.cost !== undefined && r.error === undefined ? perThousand(r.cost) : ''),
  );
  if (r.error !== undefined || r.model === undefined) {
    return h('li', { class: r.active ? 'active' : undefined, 'data-policy': r.policy }, head, h('div', { class: 'error' }, r.error?.replace(/ Trace: .*$/s, '') ?? 'no decision'));
  }
  const alts = r.alternatives.slice(0, 2);
  return h(
    'li',
    { class: r.active ? 'active' : undefined, 'data-policy': r.policy },
    head,
    h('div', { class: 'model', title: r.model }, r.model, r.provider ? h('span', { class: 'provider' }, ` via ${r.provider}`) : null, r.task ? h('span', { class: 'task' }, ` · ${r.task}`) : null),
    alts.length > 0
      ? h('div', { class: 'alts', title: r.alternatives.map((a) => `${a.model} via ${a.provider}: ${perRequest(a.cost)}`).join('\n') }, `then ${alts.map((a) => `${a.model} via ${a.provider} ${perThousand(a.cost)}`).join(', ')}`)
      : null,
  );
}

function showNotice(level: 'info' | 'error', message: string): void {
  notice.textContent = message;
  notice.className = `notice ${level}`;
  notice.hidden = false;
  setTimeout(() => {
    if (notice.textContent === message) notice.hidden = true;
  }, 8000);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.error(`switchyard: ignored an invalid message: ${parsed.error}`);
    return;
  }
  const m = parsed.message;
  if (m.type === 'state') render(m.state);
  else if (m.type === 'preview') renderPreview(m);
  else showNotice(m.level, m.message);
});

send({ type: 'ready' });
