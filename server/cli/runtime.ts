import path from 'node:path';
import { createRuntime, type Runtime } from '../runtime.js';

export const WORKSPACE_HELP = '--workspace DIR       Workspace root holding .switchyard.json (default: current directory)';
export const workspaceOption = { workspace: { type: 'string' as const } };

/**
 * The runtime for a command. `serve` watches the policy files and keeps live prices fresh in the background; one-shot
 * commands read the last cached live prices (if any) and never wait on the network.
 */
export async function loadRuntime(values: Record<string, unknown>, options: { serve?: boolean } = {}): Promise<Runtime> {
  const workspace = path.resolve(typeof values.workspace === 'string' ? values.workspace : process.cwd());
  const runtime = await createRuntime({ workspace, env: process.env, watch: options.serve ?? false, liveCatalog: options.serve ? 'fetch' : 'cache' });
  if (!options.serve) await runtime.refreshCatalog();
  return runtime;
}
