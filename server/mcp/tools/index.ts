import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runtime } from '../../runtime.js';
import { registerChatTool } from './chat.js';
import { registerEstimateCostTool } from './estimate-cost.js';
import { registerListModelsTool } from './list-models.js';
import { registerRouteTool } from './route.js';
import { registerSpendTool } from './spend.js';

export function registerTools(server: McpServer, runtime: Runtime): void {
  registerListModelsTool(server, runtime);
  registerEstimateCostTool(server, runtime);
  registerRouteTool(server, runtime);
  registerChatTool(server, runtime);
  registerSpendTool(server, runtime);
}
