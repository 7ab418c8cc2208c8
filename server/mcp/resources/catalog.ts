import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { bundledCatalogInfo } from '../../../shared/catalog/catalog.js';
import { summarizeModel } from '../schemas.js';
import type { ToolDeps } from '../tools/deps.js';

export const CATALOG_URI = 'switchyard://catalog';

export function registerCatalogResource(server: McpServer, deps: ToolDeps): void {
  server.registerResource(
    'catalog',
    CATALOG_URI,
    {
      title: 'Model catalog',
      description: 'Every model Switchyard can route to: prices (USD per million tokens), limits, capabilities and arena quality, with the data sources and their dates.',
      mimeType: 'application/json',
    },
    (uri) => {
      const info = bundledCatalogInfo();
      const models = deps.catalog().all().map(summarizeModel);
      const body = { generatedAt: info.generatedAt, sources: info.sources, count: models.length, models };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(body) }] };
    },
  );
}
