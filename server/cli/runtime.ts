import path from 'node:path';
import { createRuntime, type Runtime } from '../runtime.js';

export const WORKSPACE_HELP = '--workspace DIR       Workspace root holding .switchyard.json (default: current directory)';
export const workspaceOption = { workspace: { type: 'string' as const } };

export function loadRuntime(values: Record<string, unknown>, options: { watch?: boolean } = {}): Promise<Runtime> {
  const workspace = path.resolve(typeof values.workspace === 'string' ? values.workspace : process.cwd());
  return createRuntime({ workspace, env: process.env, watch: options.watch ?? false });
}
