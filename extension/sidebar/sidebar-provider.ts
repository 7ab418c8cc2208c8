/**
 * The Switchyard sidebar: a webview view whose state lives here. The page renders what it is sent and asks
 * for changes through validated messages; the policy file is the source of truth for the active policy and
 * priorities, so hand edits show up the same way as the page's own.
 */
import * as vscode from 'vscode';
import { BUILTIN_POLICIES } from '../../shared/policy/builtins.js';
import type { PolicyDefinition } from '../../shared/policy/schema.js';
import { clearApiKey, openPolicyFile, selectPolicy, setApiKey, type Services } from '../commands.js';
import { setPolicyPriority } from '../policy-file.js';
import { policyViews, previewRows, spendView } from '../view-model.js';
import { sidebarHtml, makeNonce } from './html.js';
import { hostMessageSchema, parseWebviewMessage, type HostMessage, type SidebarState, type WebviewMessage } from './protocol.js';


export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private prompt = '';
  private lastPreview: { requestId: number; prompt: string } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly s: Services,
  ) {
    this.disposables.push(
      s.ws.onDidChange((kind) => {
        if (kind === 'keys' || kind === 'trust') void this.refreshKeys().then(() => this.refresh());
        else this.refresh();
      }),
      s.spend.onDidChange(() => this.refresh()),
    );
    void this.refreshKeys();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = sidebarHtml({
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
    });
    const subs = [
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.refresh();
      }),
    ];
    view.onDidDispose(() => {
      subs.forEach((d) => d.dispose());
      if (this.view === view) this.view = undefined;
    });
  }

  /** Send the current state (and re-run the preview, since policies or keys may have changed). */
  refresh(): void {
    if (!this.view?.visible) return;
    void this.post({ type: 'state', state: this.state() });
    if (this.lastPreview) this.preview(this.lastPreview.requestId, this.lastPreview.prompt);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private state(): SidebarState {
    const router = this.s.ws.router();
    const config = router.config();
    const policies = router.policies();
    const folder = this.s.ws.folder;
    const state: SidebarState = {
      fileExists: config.files.workspaceExists,
      trusted: this.s.ws.trusted,
      active: policies.active,
      policies: policyViews(policies),
      warnings: [...config.warnings, ...policies.warnings].slice(0, 50).map((w) => w.slice(0, 2000)),
      keys: this.keyViews,
      spend: spendView(this.s.spend.current),
      prompt: this.prompt,
    };
    if (folder) state.folder = folder.name;
    return state;
  }

  private keyViews: SidebarState['keys'] = [];

  private async refreshKeys(): Promise<void> {
    this.keyViews = (await this.s.ws.keys.status()).map((k) => ({ provider: k.provider, label: k.label, envVar: k.envVar, source: k.source }));
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.s.log.warn(`sidebar: ignored an invalid message (${parsed.error})`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.s.log.error(`sidebar: ${message}`);
      void this.post({ type: 'notice', level: 'error', message: message.slice(0, 2000) });
      // What the page changed on its own (a radio it checked) goes back to what is true.
      void this.post({ type: 'state', state: this.state() });
    }
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.refreshKeys();
        void this.post({ type: 'state', state: this.state() });
        // A new page (the view was hidden and shown) numbers its requests from 0 again.
        this.lastPreview = undefined;
        if (this.prompt) this.preview(0, this.prompt);
        if (!this.s.spend.current) void this.s.spend.refresh();
        return;
      case 'selectPolicy':
        await selectPolicy(this.s, m.name);
        return;
      case 'setPriority': {
        const router = this.s.ws.router();
        const config = router.config();
        const base: PolicyDefinition | undefined = config.workspaceFile.policies?.[m.policy] ?? config.userConfig.policies?.[m.policy] ?? BUILTIN_POLICIES[m.policy];
        if (!router.policies().names.includes(m.policy)) throw new Error(`unknown policy "${m.policy}"`);
        await this.s.ws.editPolicyFile((text) => setPolicyPriority(text, m.policy, m.key, m.value, base));
        return;
      }
      case 'preview':
        this.prompt = m.prompt;
        this.preview(m.requestId, m.prompt);
        return;
      case 'setKey':
        await setApiKey(this.s, m.provider);
        await this.refreshKeys();
        this.refresh();
        return;
      case 'clearKey':
        await clearApiKey(this.s, m.provider);
        await this.refreshKeys();
        this.refresh();
        return;
      case 'openPolicyFile':
        await openPolicyFile(this.s);
        return;
      case 'refreshSpend':
        await this.s.spend.refresh();
        return;
    }
  }

  private preview(requestId: number, prompt: string): void {
    this.lastPreview = { requestId, prompt };
    if (prompt.trim() === '') {
      void this.post({ type: 'preview', requestId, rows: [] });
      return;
    }
    const router = this.s.ws.router();
    const { rows, inputTokens, outputTokens } = previewRows(prompt, router.catalog(), router.policies(), router.context());
    const message: HostMessage = { type: 'preview', requestId, rows };
    if (inputTokens !== undefined) message.inputTokens = inputTokens;
    if (outputTokens !== undefined) message.outputTokens = outputTokens;
    void this.post(message);
  }

  /** Validate before sending: the page never receives anything outside the protocol (and so no key). */
  private async post(message: HostMessage): Promise<void> {
    const checked = hostMessageSchema.safeParse(message);
    if (!checked.success) {
      this.s.log.error(`sidebar: not sending an invalid ${message.type} message: ${checked.error.issues[0]?.message ?? ''}`);
      return;
    }
    await this.view?.webview.postMessage(checked.data);
  }
}
