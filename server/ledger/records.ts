/** The ledger's line types. One JSON object per line; `v` versions the format. */

export interface CallRecord {
  v: 1;
  type: 'call';
  /** Unique per call; a reservation and its settlement share it. */
  id: string;
  time: string;
  workspace: string;
  policy: string;
  /** The canonical model id (`anthropic/claude-sonnet-4-5`). */
  model: string;
  /** The endpoint that served it (`bedrock/anthropic.claude-sonnet-4-5-…`), when it was a catalog endpoint. */
  endpoint?: string;
  provider: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  /** USD, from the provider's reported usage and the catalog price. */
  cost: number;
  /** `interrupted`: a write-ahead reservation whose process died before settling it; `cost` is what was reserved. */
  outcome: 'ok' | 'error' | 'cancelled' | 'interrupted';
  /** How many upstream attempts the call took (fallbacks included). */
  attempts: number;
  /** How the client reached Switchyard: mcp, cli, http, sampling. */
  via?: string;
  /** The named HTTP token that sent the call, and the request's tags (in the shared record stream). */
  key?: string;
  tags?: string[];
}

/** Money set aside before a call, so concurrent calls (in any process) cannot overspend a budget. */
export interface ReserveRecord {
  v: 1;
  type: 'reserve';
  id: string;
  time: string;
  amount: number;
  pid: number;
  host: string;
  /** The call it is for (write-ahead), so an interrupted call is still attributed. */
  workspace?: string;
  policy?: string;
  model?: string;
  endpoint?: string;
  provider?: string;
  via?: string;
}

export type LedgerRecord = CallRecord | ReserveRecord;

export function isLedgerRecord(value: unknown): value is LedgerRecord {
  if (!value || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  if (r.v !== 1 || typeof r.id !== 'string' || typeof r.time !== 'string') return false;
  if (r.type === 'call') return typeof r.cost === 'number' && Number.isFinite(r.cost) && typeof r.model === 'string';
  if (r.type === 'reserve') return typeof r.amount === 'number' && typeof r.pid === 'number';
  return false;
}
