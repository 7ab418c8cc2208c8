/** Switchyard for VS Code: wiring only. Each piece lives in its own file and is disposed with the extension. */
import * as vscode from 'vscode';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import { AnswerDocuments, ANSWER_SCHEME } from './answers.js';
import { registerCommands, type Services } from './commands.js';
import { Gateway } from './lm/gateway.js';
import { registerChatProvider, SwitchyardChatProvider } from './lm/lm-provider.js';
import { registerMcpProvider } from './mcp-provider.js';
import { registerPolicyNames } from './policy-diagnostics.js';
import { ApiKeys } from './secrets.js';
import { SidebarProvider, SIDEBAR_VIEW_ID } from './sidebar/sidebar-provider.js';
import { SpendTracker } from './spend.js';
import { StatusBar } from './status-bar.js';
import { SwitchyardWorkspace } from './workspace.js';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const began = performance.now();
  const log = vscode.window.createOutputChannel('Switchyard', { log: true });
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const keys = new ApiKeys(context.secrets);
  const ws = new SwitchyardWorkspace(keys, context.globalStorageUri.fsPath);
  await ws.init();
  const spend = new SpendTracker(ws, cli);
  const answers = new AnswerDocuments();
  // The bundled gateway on loopback: the chat model provider and Run both call models through it.
  const gateway = new Gateway({ node: process.execPath, cli, workspace: ws.workspacePath(), env: () => ws.serverEnvironment(), log: (l) => log.debug(l) });
  const restartGateway = ws.onDidChange((kind) => {
    // New keys or trust: the next request starts a gateway that has them.
    if (kind === 'keys' || kind === 'trust' || kind === 'folders') gateway.stop();
  });
  const services: Services = { ws, spend, answers, log, cli, gateway };
  const sidebar = new SidebarProvider(context.extensionUri, services);
  const statusBar = new StatusBar(ws, spend);

  context.subscriptions.push(
    log,
    gateway,
    restartGateway,
    keys,
    ws,
    spend,
    answers,
    sidebar,
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, answers),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar),
    statusBar,
    registerPolicyNames(ws),
    ...registerCommands(services),
  );
  if (typeof vscode.lm?.registerLanguageModelChatProvider === 'function') {
    const version = context.extension.packageJSON.version as string;
    const chat = new SwitchyardChatProvider(ws, gateway, log, version, (n) => {
      statusBar.noteRequest(n.model, n.cost, n.via);
      void spend.refresh();
    });
    context.subscriptions.push(chat, registerChatProvider(chat));
  } else {
    log.warn('This VS Code has no language model provider API (vscode.lm.registerLanguageModelChatProvider, VS Code 1.104); Switchyard is not in the chat model picker.');
  }
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider === 'function') {
    context.subscriptions.push(registerMcpProvider(ws, cli, log));
  } else {
    log.warn('This VS Code has no MCP server API (vscode.lm.registerMcpServerDefinitionProvider); the sidebar and commands still work.');
  }
  void spend.refresh();
  // Exact token counts need the tokenizer tables (megabytes, shared with dist/cli.js): load them off the
  // activation path; until then counts are labelled estimates.
  const tables = setTimeout(() => {
    loadTokenizers().then(
      () => sidebar.refresh(),
      (error: unknown) => log.warn(`tokenizer tables not loaded, token counts stay estimates: ${String(error)}`),
    );
  }, 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(tables) });
  log.info(`Switchyard ${context.extension.packageJSON.version as string} active in ${Math.round(performance.now() - began)} ms; workspace ${ws.workspacePath()}${ws.trusted ? '' : ' (Restricted Mode)'}`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
