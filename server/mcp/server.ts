import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { VERSION } from '../version.js';
import type { Runtime } from '../runtime.js';
import { registerPrompts } from './prompts/index.js';
import { ACTIVE_POLICY_URI } from './resources/active-policy.js';
import { registerResources } from './resources/index.js';
import { SPEND_URI } from './resources/spend-report.js';
import { enableSubscriptions } from './resources/subscriptions.js';
import { registerTools } from './tools/index.js';

export function createSwitchyardServer(deps: Runtime): McpServer {
  const server = new McpServer(
    { name: 'switchyard', title: 'Switchyard model router', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions:
        'Switchyard knows about 2,000+ LLMs: their prices, limits, capabilities and arena quality. Use route to pick the best model for a prompt under the workspace policy (with an explanation), chat to call it with fallbacks and budgets, estimate_cost to price a prompt across models, list_models to search the catalog, spend to see what calls have cost.',
    },
  );
  registerTools(server, deps);
  registerResources(server, deps);
  registerPrompts(server, deps);
  const announce = enableSubscriptions(server);
  const stopWatching = deps.onChange(() => announce(ACTIVE_POLICY_URI));
  const stopSpend = deps.onSpendChange(() => announce(SPEND_URI));
  server.server.onclose = () => {
    stopWatching();
    stopSpend();
  };
  return server;
}
