import { statSync } from 'node:fs';
import path from 'node:path';
import { requireModel } from '../../shared/catalog/require-model.js';
import { displayPath } from '../config/paths.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { CliUsageError } from './shared-options.js';

export const WORKSPACE_HELP = '--workspace DIR       Workspace root holding .switchyard.json (default: current directory)';
export const workspaceOption = { workspace: { type: 'string' as const } };

/** The workspace folder: `--workspace` (which must be an existing folder) or the current directory. */
export function workspaceFrom(values: Record<string, unknown>): string {
  if (typeof values.workspace !== 'string') return process.cwd();
  const dir = path.resolve(values.workspace);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new CliUsageError(`--workspace: "${values.workspace}" is not a folder${dir !== values.workspace ? ` (${dir})` : ''}`);
  return dir;
}

/**
 * The runtime for a command. `serve` watches the policy files and keeps live prices fresh in the background; one-shot
 * commands read the last cached live prices (if any) and never wait on the network.
 */
export async function loadRuntime(values: Record<string, unknown>, options: { serve?: boolean } = {}): Promise<Runtime> {
  const workspace = workspaceFrom(values);
  const runtime = await createRuntime({ workspace, env: process.env, watch: options.serve ?? false, liveCatalog: options.serve ? 'fetch' : 'cache' });
  if (!options.serve) {
    oneShot.add(runtime);
    await runtime.refreshCatalog();
  }
  reportConfigProblems(runtime);
  return runtime;
}

const oneShot = new Set<Runtime>();

/**
 * Closes the runtimes one-shot commands loaded, once the command is done: records reach the ledger (and Redis),
 * and a connection to Redis does not keep the process alive.
 */
export async function closeCommandRuntimes(): Promise<void> {
  const all = [...oneShot];
  oneShot.clear();
  await Promise.allSettled(all.map((r) => r.close()));
}

/** What the policy and config files' problems were, once printed: the CLI prints them first, once, and exits 1 after a broken file. */
export const configReport = { printed: new Set<string>(), broken: [] as string[] };

/** Prints every problem of the policy and config files to stderr, before any output, each once. */
function reportConfigProblems(runtime: Runtime): void {
  const state = runtime.config();
  const problems = [...(runtime.routeContext().warnings ?? []), ...state.policies.warnings];
  for (const problem of problems) {
    if (configReport.printed.has(problem)) continue;
    configReport.printed.add(problem);
    process.stderr.write(`switchyard: ${problem}\n`);
  }
  const predictor = runtime.predictorChoice();
  configReport.broken = [
    ...(state.broken.workspace ? [displayPath(state.files.workspace, runtime.workspace, runtime.env)] : []),
    ...(state.broken.user ? [displayPath(state.files.user, runtime.workspace, runtime.env)] : []),
    ...(predictor.problem && predictor.file ? [displayPath(predictor.file, runtime.workspace, runtime.env)] : []),
  ];
}

/**
 * The models `--model` names, each checked against the catalog with advice for CLI users, as catalog ids: the
 * endpoint's id when one was named (`bedrock/anthropic.claude-…`), else the model's.
 */
export function modelsFromFlag(runtime: Runtime, ids: readonly string[]): string[] {
  return ids.map((id) => {
    const found = requireModel(runtime.catalog(), id, '--model', ' `switchyard models TEXT` searches the catalog.');
    return found.endpoint?.id ?? found.model.id;
  });
}
