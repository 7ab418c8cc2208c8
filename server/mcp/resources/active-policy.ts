import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDeps } from '../tools/deps.js';

export const ACTIVE_POLICY_URI = 'switchyard://policy/active';

/** The active policy as routing will apply it, where it came from, and any problems with the files. No keys: providers are not part of it. */
export function activePolicyReport(deps: ToolDeps): Record<string, unknown> {
  const state = deps.config();
  const policies = state.policies;
  const active = policies.resolve();
  return {
    active: active.name,
    activeSetIn: policies.activeSource,
    policy: active,
    policies: policies.names.map((name) => {
      const p = policies.get(name);
      return { name, source: p?.source, description: p?.description };
    }),
    budget: policies.budget,
    files: {
      workspace: { path: state.files.workspace, exists: state.files.workspaceExists },
      user: { path: state.files.user, exists: state.files.userExists },
    },
    warnings: [...state.warnings, ...policies.warnings],
  };
}

export function registerActivePolicyResource(server: McpServer, deps: ToolDeps): void {
  server.registerResource(
    'active-policy',
    ACTIVE_POLICY_URI,
    {
      title: 'Active routing policy',
      description: 'The policy applied when a request names none, resolved (extends applied), with its source files and any warnings.',
      mimeType: 'application/json',
    },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(activePolicyReport(deps), null, 2) }] }),
  );
}
