import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDeps } from '../tools/deps.js';
import { registerActivePolicyResource } from './active-policy.js';
import { registerCatalogResource } from './catalog.js';

export function registerResources(server: McpServer, deps: ToolDeps): void {
  registerActivePolicyResource(server, deps);
  registerCatalogResource(server, deps);
}
