import { BUILTIN_POLICIES } from '../../shared/policy/builtins.js';
import { parsePolicyText, type ReferenceContext } from '../../shared/policy/parse.js';
import { resolvePolicies, type PolicyLayer, type PolicySet } from '../../shared/policy/resolve.js';
import type { UserConfigFile, WorkspacePolicyFile } from '../../shared/policy/schema.js';
import { displayPath, userConfigPath, workspacePolicyPath } from './paths.js';
import { readSnapshot, statStamp, watchFile } from './watched-file.js';

export interface ConfigState {
  policies: PolicySet;
  userConfig: UserConfigFile;
  workspaceFile: WorkspacePolicyFile;
  /** Problems with the files, each naming file:line:col and field; carried on every decision (policy-level problems are in policies.warnings). */
  warnings: string[];
  /** The files that are broken (their last good version, or nothing, is in force), for exit codes and status. */
  broken: { user: boolean; workspace: boolean };
  files: { user: string; workspace: string; userExists: boolean; workspaceExists: boolean };
}

interface LayerState<T> {
  stamp: string;
  exists: boolean;
  /** The last version that parsed and validated; kept in force while the file is broken. */
  good: T;
  hasGood: boolean;
  problems: string[];
  broken: boolean;
}

/** Whether a rule's `use` names a model, given the user config in force (its models join the catalog). */
export type ModelCheck = (id: string, userConfig: UserConfigFile) => { known: true } | { known: false; suggestions: string[] };

/**
 * The user config and the workspace policy file, read on demand and kept fresh: a cheap stat on each access
 * (so an edit is seen on the very next call) plus a folder watch that notifies listeners. A broken file never
 * stops routing: its last good version stays in force and the errors become warnings.
 */
export class ConfigStore {
  private readonly userFile: string;
  private readonly workspaceFile: string;
  private user: LayerState<UserConfigFile> = { stamp: '', exists: false, good: {}, hasGood: false, problems: [], broken: false };
  private workspace: LayerState<WorkspacePolicyFile> = { stamp: '', exists: false, good: {}, hasGood: false, problems: [], broken: false };
  private readonly checkModel: ModelCheck | undefined;
  private state: ConfigState | undefined;
  private checkedInThisStretch = false;
  private readonly listeners = new Set<(state: ConfigState) => void>();
  private readonly unwatch: (() => void)[] = [];

  constructor(
    private readonly workspaceRoot: string,
    private readonly env: NodeJS.ProcessEnv,
    options: { watch?: boolean; checkModel?: ModelCheck } = {},
  ) {
    this.checkModel = options.checkModel;
    this.userFile = userConfigPath(env);
    this.workspaceFile = workspacePolicyPath(workspaceRoot);
    if (options.watch) {
      const changed = () => {
        const before = this.state;
        const after = this.current();
        if (after !== before) for (const listener of this.listeners) listener(after);
      };
      this.unwatch.push(watchFile(this.userFile, changed), watchFile(this.workspaceFile, changed));
    }
  }

  current(): ConfigState {
    // Several lookups in one synchronous stretch (one request) share one look at the disk; any await in between,
    // such as the next tool call, looks again, so an edit is seen by the very next call.
    if (this.state && this.checkedInThisStretch) return this.state;
    this.checkedInThisStretch = true;
    queueMicrotask(() => (this.checkedInThisStretch = false));
    const userStamp = statStamp(this.userFile);
    const workspaceStamp = statStamp(this.workspaceFile);
    if (this.state && userStamp === this.user.stamp && workspaceStamp === this.workspace.stamp) return this.state;
    // The workspace file's names may refer to the user config's policies and models: checked again when it changes.
    const userChanged = userStamp !== this.user.stamp;
    if (userChanged) this.user = this.reload(this.userFile, 'user', this.user);
    if (userChanged || workspaceStamp !== this.workspace.stamp) this.workspace = this.reload(this.workspaceFile, 'workspace', this.workspace);
    const layers: PolicyLayer[] = [
      { source: 'user', file: this.userFile, content: this.user.good },
      { source: 'workspace', file: this.workspaceFile, content: this.workspace.good },
    ];
    const policies = resolvePolicies(layers);
    this.state = {
      policies,
      userConfig: this.user.good,
      workspaceFile: this.workspace.good,
      warnings: [...this.user.problems, ...this.workspace.problems],
      broken: { user: this.user.broken, workspace: this.workspace.broken },
      files: { user: this.userFile, workspace: this.workspaceFile, userExists: this.user.exists, workspaceExists: this.workspace.exists },
    };
    return this.state;
  }

  onChange(listener: (state: ConfigState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    for (const stop of this.unwatch.splice(0)) stop();
    this.listeners.clear();
  }

  private reload<T extends WorkspacePolicyFile>(file: string, kind: 'user' | 'workspace', previous: LayerState<T>): LayerState<T> {
    const snapshot = readSnapshot(file);
    if (!snapshot.exists) return { stamp: snapshot.stamp, exists: false, good: {} as T, hasGood: false, problems: [], broken: false };
    const shown = displayPath(file, this.workspaceRoot, this.env);
    const userConfig = kind === 'user' ? undefined : this.user.good;
    const refs: ReferenceContext = {
      policies: [...Object.keys(BUILTIN_POLICIES), ...Object.keys(userConfig?.policies ?? {})],
      ...(this.checkModel ? { model: (id: string, parsed: WorkspacePolicyFile) => (this.checkModel as ModelCheck)(id, userConfig ?? (parsed as UserConfigFile)) } : {}),
    };
    const outcome = kind === 'user' ? parsePolicyText(snapshot.text, shown, 'user', refs) : parsePolicyText(snapshot.text, shown, 'workspace', refs);
    if (outcome.ok) return { stamp: snapshot.stamp, exists: true, good: outcome.value as T, hasGood: true, problems: outcome.warnings, broken: false };
    const kept = previous.hasGood ? 'the last good version stays in force' : 'this file is ignored until fixed';
    return {
      stamp: snapshot.stamp,
      exists: true,
      good: previous.good,
      hasGood: previous.hasGood,
      problems: [...outcome.errors.map((e) => `${e} (${kept})`), ...outcome.warnings],
      broken: true,
    };
  }
}
