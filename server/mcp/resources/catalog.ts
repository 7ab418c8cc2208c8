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
      description: 'Every model Switchyard can route to, each with its endpoints (prices in USD per million tokens, limits, capabilities) and its quality evidence (arena or estimated, with the basis); the data sources and their dates; and the entries kept out of routing, with why.',
      mimeType: 'application/json',
    },
    (uri) => {
      const info = bundledCatalogInfo();
      const catalog = deps.catalog();
      const models = catalog.all().map(summarizeModel);
      const body = {
        generatedAt: info.generatedAt,
        sources: info.sources,
        count: models.length,
        endpoints: catalog.endpoints().length,
        models,
        excluded: catalog.excludedEntries(),
      };
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(body) }] };
    },
  );
}
