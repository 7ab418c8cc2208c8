import type { CatalogSource } from '../../shared/catalog/model.js';

const REVISION_AND_DATE = /\b([0-9a-f]{40})\s+(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-])(\d{2})(\d{2})\b/;

/**
 * A SOURCE.txt (`… <40-hex commit> 2026-07-24 18:23:43 +0000`) → its revision and the commit time in UTC ISO 8601.
 * Throws when the file does not say both: a catalog without provenance is not written.
 */
export function parseSourceFile(text: string, file: string): { revision: string; date: string } {
  const m = REVISION_AND_DATE.exec(text);
  if (!m) throw new Error(`${file}: expected "<40-hex commit> YYYY-MM-DD HH:MM:SS ±HHMM", found: ${text.trim()}`);
  const [, revision, day, time, sign, hh, mm] = m;
  const local = Date.parse(`${day}T${time}${sign}${hh}:${mm}`);
  if (revision === undefined || Number.isNaN(local)) throw new Error(`${file}: unreadable date in: ${text.trim()}`);
  return { revision, date: new Date(local).toISOString().replace('.000Z', 'Z') };
}

export const LITELLM_FILE = 'model_prices_and_context_window.json';

export function litellmSource(text: string): CatalogSource {
  const { revision, date } = parseSourceFile(text, 'data/litellm/SOURCE.txt');
  return {
    name: 'LiteLLM model_prices_and_context_window.json (BerriAI/litellm, MIT; mirrored by RoCry/llm-api-price)',
    url: `https://github.com/RoCry/llm-api-price/blob/${revision}/${LITELLM_FILE}`,
    revision,
    date,
  };
}

export function lmarenaSource(text: string): CatalogSource {
  const { revision, date } = parseSourceFile(text, 'data/lmarena/SOURCE.txt');
  return {
    name: 'LMArena leaderboard ratings, text and vision (lmarena/arena-catalog)',
    url: `https://github.com/lmarena/arena-catalog/tree/${revision}/data`,
    revision,
    date,
  };
}

export function openrouterSource(text: string): CatalogSource {
  const { revision, date } = parseSourceFile(text, 'data/openrouter/SOURCE.txt');
  return { name: 'OpenRouter model list (GET /api/v1/models)', url: 'https://openrouter.ai/api/v1/models', revision, date };
}
