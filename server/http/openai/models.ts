import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../../runtime.js';
import { AUTO_MODEL, POLICY_PREFIX } from './request.js';

/**
 * GET /v1/models: `auto`, one `policy:<name>` per policy, then the catalog. OpenAI's list shape, or Anthropic's
 * (`type: "model"`, `display_name`, `has_more`) when the client sends `anthropic-version`, as the Anthropic SDK does.
 */
export function handleModels(res: ServerResponse, runtime: Runtime, req?: IncomingMessage): void {
  const policies = runtime.policies();
  const createdAt = '2026-07-24';
  const created = Math.floor(Date.parse(createdAt) / 1000);
  const data = [
    { id: AUTO_MODEL, object: 'model', created, owned_by: 'switchyard', description: `routes with the active policy (${policies.active})` },
    ...policies.names.map((name) => ({ id: `${POLICY_PREFIX}${name}`, object: 'model', created, owned_by: 'switchyard', description: policies.get(name)?.description ?? `routes with policy ${name}` })),
    ...runtime.catalog().all().map((m) => ({ id: m.id, object: 'model', created, owned_by: m.maker, context_window: m.contextWindow, capabilities: m.capabilities })),
  ];
  res.writeHead(200, { 'content-type': 'application/json' });
  if (req?.headers['anthropic-version'] !== undefined) {
    const models = data.map((m) => ({ type: 'model', id: m.id, display_name: 'description' in m ? m.description : m.id, created_at: `${createdAt}T00:00:00Z` }));
    res.end(JSON.stringify({ data: models, has_more: false, first_id: models[0]?.id ?? null, last_id: models.at(-1)?.id ?? null }));
    return;
  }
  res.end(JSON.stringify({ object: 'list', data }));
}
