/**
 * The workspace as Switchyard sees it: its folder and policy file, workspace trust, the stored keys, and a
 * router built from them. Fires `onDidChange` when the policy file, the user config, the keys or trust change.
 */
import * as vscode from 'vscode';
import { userConfigPath } from '../server/config/paths.js';
import { watchFile } from '../server/config/watched-file.js';
import { serverEnvironmentFor } from './keys.js';
import { minimalReplacement, POLICY_FILE_NAME } from './policy-file.js';
import { Router } from './router.js';
import type { ApiKeys } from './secrets.js';

export type ChangeKind = 'policy' | 'keys' | 'trust' | 'folders';

export class SwitchyardWorkspace implements vscode.Disposable {
  private routerNow: Router;
  private readonly changed = new vscode.EventEmitter<ChangeKind>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private fileWatcher: vscode.FileSystemWatcher | undefined;
  private serverEnvNow: Record<string, string | null> = {};

  constructor(
    readonly keys: ApiKeys,
    /** Where the server looks for a policy when no folder is open (none is there). */
    private readonly fallbackWorkspace: string,
  ) {
    this.routerNow = new Router(this.workspacePath(), process.env);
    this.watchPolicyFile();
    const unwatchUser = watchFile(userConfigPath(process.env), () => this.changed.fire('policy'), 100);
    this.disposables.push(
      { dispose: unwatchUser },
      this.changed,
      keys.onDidChange(() => void this.rebuild('keys')),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.rebuild('trust')),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watchPolicyFile();
        void this.rebuild('folders');
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.isPolicyFile(doc.uri)) this.changed.fire('policy');
      }),
    );
    this.ready = this.rebuild(undefined);
  }

  /** Resolved once the stored keys are loaded and the router has them (until then it has none). */
  readonly ready: Promise<void>;

  get folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  workspacePath(folder = this.folder): string {
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : this.fallbackWorkspace;
  }

  policyFileUri(folder = this.folder): vscode.Uri | undefined {
    return folder ? vscode.Uri.joinPath(folder.uri, POLICY_FILE_NAME) : undefined;
  }

  isPolicyFile(uri: vscode.Uri): boolean {
    return (vscode.workspace.workspaceFolders ?? []).some((f) => this.policyFileUri(f)?.toString() === uri.toString());
  }

  router(): Router {
    return this.routerNow;
  }

  /**
   * What the server's environment gets on top of the editor's: the stored keys in a trusted workspace; in
   * Restricted Mode every provider key variable is removed (null), so nothing the workspace says can spend money.
   */
  serverEnvironment(): Record<string, string | null> {
    return { ...this.serverEnvNow };
  }

  /** Change the policy file's text: in the open editor when it is open (undoable), else on disk. */
  async editPolicyFile(change: (text: string) => string): Promise<vscode.Uri> {
    const uri = this.policyFileUri();
    if (!uri) throw new Error(`Open a folder first: ${POLICY_FILE_NAME} lives at the root of the workspace folder.`);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      const before = open.getText();
      const after = change(before);
      if (after !== before) {
        const wasDirty = open.isDirty;
        const { start, end, text } = minimalReplacement(before, after);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(open.positionAt(start), open.positionAt(end)), text);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit to ${POLICY_FILE_NAME}.`);
        if (!wasDirty) await open.save();
      }
    } else {
      let before = '';
      try {
        before = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        // A missing file: `change` creates it.
      }
      const after = change(before);
      if (after !== before) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(after));
    }
    this.changed.fire('policy');
    return uri;
  }

  dispose(): void {
    this.fileWatcher?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.routerNow.close();
  }

  private watchPolicyFile(): void {
    this.fileWatcher?.dispose();
    this.fileWatcher = undefined;
    const folder = this.folder;
    if (!folder) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, POLICY_FILE_NAME));
    const fire = () => this.changed.fire('policy');
    watcher.onDidChange(fire);
    watcher.onDidCreate(fire);
    watcher.onDidDelete(fire);
    this.fileWatcher = watcher;
  }

  private async rebuild(kind: ChangeKind | undefined): Promise<void> {
    const env = serverEnvironmentFor(this.trusted, this.trusted ? await this.keys.environment() : {});
    this.serverEnvNow = env;
    const routerEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(env)) {
      if (v === null) delete routerEnv[k];
      else routerEnv[k] = v;
    }
    const before = this.routerNow;
    // The spend known so far carries over: a rebuilt router without it would preview paid routes over budget.
    this.routerNow = before.workspace === this.workspacePath() ? before.rebuilt(routerEnv) : new Router(this.workspacePath(), routerEnv, before.spendReport());
    before.close();
    if (kind) this.changed.fire(kind);
  }
}
