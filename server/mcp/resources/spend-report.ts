import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Runtime } from '../../runtime.js';
import { spendReport } from '../tools/spend.js';

export const SPEND_URI = 'switchyard://spend';

export function registerSpendResource(server: McpServer, runtime: Runtime): void {
  server.registerResource(
    'spend',
    SPEND_URI,
    { title: 'Spend report', description: 'Spend today and this month against the budgets, by model, day and workspace.', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await spendReport(runtime, 'month'), null, 2) }] }),
  );
}
