/**
 * Switchyard for VS Code: the activation entry, wiring only. It registers the commands, the sidebar, the answer
 * documents and the chat model and MCP providers with thin stand-ins, and returns; the rest (core.ts: policy files,
 * catalog, router, spend) loads right after, or on the first use of any of them.
 */
import * as vscode from 'vscode';
import { AnswerDocuments, ANSWER_SCHEME } from './answers.js';
import type { Core } from './core.js';
import { COMMAND_IDS, LM_VENDOR, MCP_PROVIDER_ID, SIDEBAR_VIEW_ID } from './ids.js';

export function activate(context: vscode.ExtensionContext): void {
  const began = performance.now();
  const log = vscode.window.createOutputChannel('Switchyard', { log: true });
  const answers = new AnswerDocuments();
  const chatChanged = new vscode.EventEmitter<void>();
  const mcpChanged = new vscode.EventEmitter<void>();
  let core: Promise<Core> | undefined;
  const load = (): Promise<Core> =>
    (core ??= import('./core.js').then((m) => m.startCore(context, log, { answers, chatChanged, mcpChanged })).catch((error: unknown) => {
      log.error(`Switchyard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw error;
    }));

  context.subscriptions.push(
    log,
    answers,
    chatChanged,
    mcpChanged,
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, answers),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, { resolveWebviewView: async (view) => (await load()).sidebar.resolveWebviewView(view) }),
    ...COMMAND_IDS.map((id) => vscode.commands.registerCommand(id, async (...args: unknown[]) => (await load()).run(id, args))),
  );
  if (typeof vscode.lm?.registerLanguageModelChatProvider === 'function') {
    context.subscriptions.push(
      vscode.lm.registerLanguageModelChatProvider(LM_VENDOR, {
        onDidChangeLanguageModelChatInformation: chatChanged.event,
        provideLanguageModelChatInformation: async () => (await load()).chat.provideLanguageModelChatInformation(),
        provideLanguageModelChatResponse: async (model, messages, options, progress, token) => (await load()).chat.provideLanguageModelChatResponse(model as never, messages, options, progress, token),
        provideTokenCount: async (model, text) => (await load()).chat.provideTokenCount(model as never, text),
      }),
    );
  } else {
    log.warn('This VS Code has no language model provider API (vscode.lm.registerLanguageModelChatProvider, VS Code 1.104); Switchyard is not in the chat model picker.');
  }
  if (typeof vscode.lm?.registerMcpServerDefinitionProvider === 'function') {
    context.subscriptions.push(
      vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: mcpChanged.event,
        provideMcpServerDefinitions: async () => (await load()).mcp.provideMcpServerDefinitions(new vscode.CancellationTokenSource().token),
        resolveMcpServerDefinition: async (server, token) => (await load()).mcp.resolveMcpServerDefinition?.(server as vscode.McpStdioServerDefinition, token) ?? server,
      }),
    );
  } else {
    log.warn('This VS Code has no MCP server API (vscode.lm.registerMcpServerDefinitionProvider); the sidebar and commands still work.');
  }
  // The rest starts once activation is over: the status bar, diagnostics and spend need it soon, but not now.
  const start = setTimeout(() => void load().catch(() => undefined), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(start) });
  log.info(`Switchyard ${context.extension.packageJSON.version as string} activated in ${(performance.now() - began).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
