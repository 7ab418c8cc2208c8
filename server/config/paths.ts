import os from 'node:os';
import path from 'node:path';

export const WORKSPACE_POLICY_FILE = '.switchyard.json';

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || os.homedir();
}

/** `SWITCHYARD_CONFIG`, else `$XDG_CONFIG_HOME/switchyard/config.json`, else `~/.config/switchyard/config.json`. */
export function userConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.SWITCHYARD_CONFIG) return path.resolve(env.SWITCHYARD_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(home(env), '.config');
  return path.join(base, 'switchyard', 'config.json');
}

/** `$XDG_STATE_HOME/switchyard`, else `~/.local/state/switchyard`: the spend ledger lives here. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_STATE_HOME || path.join(home(env), '.local', 'state');
  return path.join(base, 'switchyard');
}

export function workspacePolicyPath(workspace: string): string {
  return path.join(workspace, WORKSPACE_POLICY_FILE);
}

/** A path for messages: relative to the workspace when inside it, with ~ for the home folder otherwise. */
export function displayPath(file: string, workspace: string, env: NodeJS.ProcessEnv): string {
  const rel = path.relative(workspace, file);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
  const h = home(env);
  return file.startsWith(h + path.sep) ? `~${file.slice(h.length)}` : file;
}

/** `$XDG_CACHE_HOME/switchyard`, else `~/.cache/switchyard`: live model prices are cached here. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(home(env), '.cache');
  return path.join(base, 'switchyard');
}
