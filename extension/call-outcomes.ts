/**
 * How many of this month's calls per model answered and how many failed, from the ledger's call records. The spend
 * report (`switchyard spend --json`) counts every call record, failed ones included; Show Spend tells them apart.
 * A small reader of the ledger's line format (server/ledger/records.ts), read-only, no vscode.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stateDir } from '../server/config/paths.js';
import { localDay } from '../server/ledger/spend.js';
import { isLedgerRecord } from '../server/ledger/records.js';

export interface Outcomes {
  ok: number;
  failed: number;
}

/** Per model, this month (local time): answered calls and failed ones (error, interrupted; not cancelled). */
export function callOutcomes(ledgerText: string, now = new Date()): Map<string, Outcomes> {
  const month = localDay(now).slice(0, 7);
  const out = new Map<string, Outcomes>();
  for (const line of ledgerText.split('\n')) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isLedgerRecord(record) || record.type !== 'call') continue;
    if (!localDay(new Date(record.time)).startsWith(month)) continue;
    const row = out.get(record.model) ?? { ok: 0, failed: 0 };
    if (record.outcome === 'ok') row.ok += 1;
    else if (record.outcome !== 'cancelled') row.failed += 1;
    out.set(record.model, row);
  }
  return out;
}

export async function readCallOutcomes(env: NodeJS.ProcessEnv = process.env): Promise<Map<string, Outcomes>> {
  const text = await readFile(path.join(stateDir(env), 'ledger.jsonl'), 'utf8').catch(() => '');
  return callOutcomes(text);
}

/** `3 calls`, `2 calls · 1 failed`, `1 failed`. */
export function describeCalls(o: Outcomes | undefined, fallbackCalls: number): string {
  if (!o) return `${fallbackCalls} call${fallbackCalls === 1 ? '' : 's'}`;
  const parts = [];
  if (o.ok > 0 || o.failed === 0) parts.push(`${o.ok} call${o.ok === 1 ? '' : 's'}`);
  if (o.failed > 0) parts.push(`${o.failed} failed`);
  return parts.join(' · ');
}
