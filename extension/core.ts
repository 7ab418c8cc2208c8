/**
 * Everything behind the activation entry (extension.ts): the workspace and router, spend, the sidebar, the status
 * bar, the gateway, the chat model and MCP providers' bodies, the policy file's names. Loaded after `activate()`
 * has returned (or on first use), so the catalog, the policy schema, zod and the router are never on the
 * activation path.
 */
import * as vscode from 'vscode';
import { loadTokenizers } from '../shared/pricing/tokenizers.js';
import type { AnswerDocuments } from './answers.js';
import { commandHandlers, type Services } from './commands.js';
import type { CommandId } from './ids.js';
import { Gateway } from './lm/gateway.js';
import { SwitchyardChatProvider } from './lm/lm-provider.js';
import { mcpProvider } from './mcp-provider.js';
import { registerPolicyNames } from './policy-diagnostics.js';
import { ApiKeys } from './secrets.js';
import { SidebarProvider } from './sidebar/sidebar-provider.js';
import { SpendTracker } from './spend.js';
import { StatusBar } from './status-bar.js';
import { SwitchyardWorkspace } from './workspace.js';

export interface Core {
  run(id: CommandId, args: unknown[]): Promise<void>;
  sidebar: SidebarProvider;
  chat: SwitchyardChatProvider;
  mcp: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>;
}

export interface CoreHooks {
  answers: AnswerDocuments;
  /** Fired (forwarded) when the chat models or the MCP definitions change. */
  chatChanged: vscode.EventEmitter<void>;
  mcpChanged: vscode.EventEmitter<void>;
}

export function startCore(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, hooks: CoreHooks): Core {
  const began = performance.now();
  const cli = vscode.Uri.joinPath(context.extensionUri, 'dist', 'cli.js').fsPath;
  const keys = new ApiKeys(context.secrets);
  const ws = new SwitchyardWorkspace(keys, context.globalStorageUri.fsPath);
  const spend = new SpendTracker(ws, cli);
  // The bundled gateway on loopback: the chat model provider and Run both call models through it.
  const gateway = new Gateway({ node: process.execPath, cli, workspace: ws.workspacePath(), env: () => ws.serverEnvironment(), log: (l) => log.debug(l) });
  const services: Services = { ws, spend, answers: hooks.answers, log, cli, gateway };
  const budgetOf = (): string => JSON.stringify(ws.router().policies().budget);
  let lastBudget: string | undefined;
  const sidebar = new SidebarProvider(context.extensionUri, services);
  const statusBar = new StatusBar(ws, spend);
  const chat = new SwitchyardChatProvider(ws, gateway, log, context.extension.packageJSON.version as string, (n) => {
    statusBar.noteRequest(n.model, n.cost, n.via);
    void spend.refresh();
  });
  const mcp = mcpProvider(ws, cli, log);
  const handlers = commandHandlers(services);
  context.subscriptions.push(
    keys,
    ws,
    spend,
    gateway,
    sidebar,
    statusBar,
    chat,
    mcp,
    registerPolicyNames(ws),
    ws.onDidChange((kind) => {
      // New keys or trust: the next request starts a gateway that has them.
      if (kind === 'keys' || kind === 'trust' || kind === 'folders') gateway.stop();
      // The report carries the budgets, which live in the policy and user config files: a new budget, a new report
      // (only then: a refresh re-renders the sidebar, which must not happen under every keystroke in the file).
      if (kind === 'policy' || kind === 'folders') {
        const budget = budgetOf();
        if (budget !== lastBudget) void spend.refresh();
        lastBudget = budget;
      }
    }),
    chat.onDidChangeLanguageModelChatInformation(() => hooks.chatChanged.fire()),
    mcp.provider.onDidChangeMcpServerDefinitions?.(() => hooks.mcpChanged.fire()) ?? { dispose() {} },
  );
  void ws.ready.then(() => {
    lastBudget = budgetOf();
    sidebar.refresh();
    statusBar.update();
    hooks.chatChanged.fire();
    log.info(`Switchyard ready ${Math.round(performance.now() - began)} ms after activation; workspace ${ws.workspacePath()}${ws.trusted ? '' : ' (Restricted Mode)'}`);
  });
  void spend.refresh();
  // Exact token counts need the tokenizer tables (megabytes, shared with dist/cli.js): loaded later still; until
  // then counts are labelled estimates.
  const tables = setTimeout(() => {
    loadTokenizers().then(
      () => sidebar.refresh(),
      (error: unknown) => log.warn(`tokenizer tables not loaded, token counts stay estimates: ${String(error)}`),
    );
  }, 1500);
  context.subscriptions.push({ dispose: () => clearTimeout(tables) });
  return { run: (id, args) => handlers[id](...args), sidebar, chat, mcp: mcp.provider };
}
