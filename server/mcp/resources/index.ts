import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runtime } from '../../runtime.js';
import { registerActivePolicyResource } from './active-policy.js';
import { registerCatalogResource } from './catalog.js';
import { registerSpendResource } from './spend-report.js';

export function registerResources(server: McpServer, runtime: Runtime): void {
  registerActivePolicyResource(server, runtime);
  registerCatalogResource(server, runtime);
  registerSpendResource(server, runtime);
}
