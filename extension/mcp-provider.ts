/**
 * Registers the bundled server with VS Code's MCP support: `node dist/cli.js serve --workspace <folder>` per
 * workspace folder, run on the editor's own Node. Keys are added to the environment only when VS Code is about
 * to start the server (resolve), so the definitions VS Code lists and caches never hold them. When keys or
 * trust change the definitions change too (a generation number in the environment), so VS Code stops the running
 * server and starts it again, with the new keys, when it is next needed (checked in code-server 1.139). The policy
 * file also fires the change event; that definition is unchanged, and the server re-reads the file itself.
 */
import * as vscode from 'vscode';
import { VERSION } from '../server/version.js';
import type { SwitchyardWorkspace } from './workspace.js';


/** The arguments that start the server for one workspace folder. */
export function serverArguments(cli: string, workspace: string): string[] {
  return [cli, 'serve', '--workspace', workspace];
}

/** The provider, with `changed` (fired when the definitions change) to forward to the registered one. */
export function mcpProvider(ws: SwitchyardWorkspace, cli: string, log: vscode.LogOutputChannel): { provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>; dispose(): void } {
  const changed = new vscode.EventEmitter<void>();
  let generation = 0;
  const subscription = ws.onDidChange((kind) => {
    if (kind === 'keys' || kind === 'trust') generation += 1;
    changed.fire();
  });

  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions() {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
      const targets = folders.length > 0 ? folders : [undefined];
      return targets.map((folder) => {
        const label = folders.length > 1 && folder ? `Switchyard (${folder.name})` : 'Switchyard';
        const def = new vscode.McpStdioServerDefinition(
          label,
          process.execPath,
          serverArguments(cli, ws.workspacePath(folder)),
          // Non-secret: makes a key or trust change a different definition, which VS Code restarts.
          { ELECTRON_RUN_AS_NODE: '1', SWITCHYARD_CLIENT: 'vscode', SWITCHYARD_KEYS_GENERATION: String(generation) },
          VERSION,
        );
        if (folder) def.cwd = folder.uri;
        return def;
      });
    },
    async resolveMcpServerDefinition(server) {
      await ws.ready;
      const extra = ws.serverEnvironment();
      server.env = { ...server.env, ...extra };
      const keys = Object.values(extra).filter((v) => v !== null).length;
      log.info(`MCP server "${server.label}" starting: ${ws.trusted ? `${keys} stored key${keys === 1 ? '' : 's'} passed` : 'Restricted Mode, no keys passed'}`);
      return server;
    },
  };

  return { provider, dispose: () => vscode.Disposable.from(changed, subscription).dispose() };
}
