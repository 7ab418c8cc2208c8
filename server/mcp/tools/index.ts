import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDeps } from './deps.js';
import { registerEstimateCostTool } from './estimate-cost.js';
import { registerListModelsTool } from './list-models.js';
import { registerRouteTool } from './route.js';

export function registerTools(server: McpServer, deps: ToolDeps): void {
  registerListModelsTool(server, deps);
  registerEstimateCostTool(server, deps);
  registerRouteTool(server, deps);
}
