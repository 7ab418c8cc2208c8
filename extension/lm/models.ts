/**
 * What Switchyard offers in VS Code's chat model picker: "Switchyard Auto" (the workspace's active policy), one
 * entry per policy, and the models the policy file pins (rules' `use`, `fallbacks`). Pure: no vscode.
 */
import type { Catalog } from '../../shared/catalog/catalog.js';
import type { PolicySet } from '../../shared/policy/resolve.js';

export const AUTO_ID = 'auto';
export const POLICY_PREFIX = 'policy:';

export interface LmModelInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  tooltip: string;
  detail: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean; imageInput: boolean };
  /** What the gateway's `model` field gets: `auto`, `policy:<name>` or a model id. */
  gatewayModel: string;
}

/** Routed entries: the router picks a model that can serve the request (tools, images, context), so they claim both. */
const ROUTED_LIMITS = { maxInputTokens: 200_000, maxOutputTokens: 32_000 };

/** Model ids the policies pin: rules' `use` and `fallbacks`, in policy order, each once. */
export function pinnedModels(policies: PolicySet): string[] {
  const ids: string[] = [];
  for (const name of policies.names) {
    const p = policies.get(name);
    if (!p) continue;
    for (const rule of p.rules) if (rule.use && !ids.includes(rule.use)) ids.push(rule.use);
    for (const f of p.fallbacks) if (!ids.includes(f)) ids.push(f);
  }
  return ids;
}

export function lmModels(policies: PolicySet, catalog: Catalog, version: string): LmModelInfo[] {
  const routed = (id: string, name: string, policy: string, gatewayModel: string, detail: string): LmModelInfo => ({
    id,
    name,
    family: 'switchyard',
    version,
    tooltip: `${policies.get(policy)?.description ?? `Routes each request with the "${policy}" policy`}. The chosen model and the cost show in the status bar and the Switchyard output.`,
    detail,
    ...ROUTED_LIMITS,
    capabilities: { toolCalling: true, imageInput: true },
    gatewayModel,
  });
  const out: LmModelInfo[] = [routed(AUTO_ID, 'Switchyard Auto', policies.active, 'auto', `policy ${policies.active}`)];
  for (const name of policies.names) out.push(routed(`${POLICY_PREFIX}${name}`, `Switchyard: ${name}`, name, `${POLICY_PREFIX}${name}`, 'routed'));
  for (const id of pinnedModels(policies)) {
    const m = catalog.get(id);
    if (!m) continue; // a typo in the policy file gets a diagnostic there, not a broken picker entry
    if (out.some((o) => o.id === m.id)) continue;
    out.push({
      id: m.id,
      name: `${m.id} (Switchyard)`,
      family: m.family ?? m.id,
      version,
      tooltip: `${m.id}, pinned in the policy file; called through Switchyard with its budgets and ledger.`,
      detail: 'pinned',
      maxInputTokens: Math.max(1, m.contextWindow - m.maxOutputTokens),
      maxOutputTokens: m.maxOutputTokens,
      capabilities: { toolCalling: m.capabilities.includes('tools'), imageInput: m.capabilities.includes('vision') },
      gatewayModel: m.id,
    });
  }
  return out;
}
