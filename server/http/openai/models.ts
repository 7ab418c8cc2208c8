import type { ServerResponse } from 'node:http';
import type { Runtime } from '../../runtime.js';
import { AUTO_MODEL, POLICY_PREFIX } from './chat-completions.js';

/** GET /v1/models: `auto`, one `policy:<name>` per policy, then the catalog's model ids (not every endpoint). */
export function handleModels(res: ServerResponse, runtime: Runtime): void {
  const policies = runtime.policies();
  const created = Math.floor(Date.parse('2026-07-24') / 1000);
  const data = [
    { id: AUTO_MODEL, object: 'model', created, owned_by: 'switchyard', description: `routes with the active policy (${policies.active})` },
    ...policies.names.map((name) => ({ id: `${POLICY_PREFIX}${name}`, object: 'model', created, owned_by: 'switchyard', description: policies.get(name)?.description ?? `routes with policy ${name}` })),
    ...runtime.catalog().all().map((m) => ({ id: m.id, object: 'model', created, owned_by: m.maker, context_window: m.contextWindow, capabilities: m.capabilities })),
  ];
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data }));
}
