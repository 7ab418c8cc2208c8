import type { Model } from './model.js';
import { formatPerMTok, formatTokens, table } from '../format.js';

/** The cheapest endpoint by input price (then output): the one a model's price column shows. */
function cheapest(m: Model) {
  return [...m.endpoints].sort((a, b) => a.pricing.inputPerMTok - b.pricing.inputPerMTok || a.pricing.outputPerMTok - b.pricing.outputPerMTok)[0];
}

/** Models as a text table: one row each, the cheapest endpoint's prices, the rating and where it comes from. */
export function modelTable(models: readonly Model[], options: { capabilities?: boolean } = {}): string {
  const rows = models.map((m) => {
    const e = cheapest(m);
    const rating = m.quality.ratings.overall;
    const row = [
      m.id,
      String(m.endpoints.length),
      formatTokens(m.contextWindow),
      e ? formatPerMTok(e.pricing.inputPerMTok) : '',
      e ? formatPerMTok(e.pricing.outputPerMTok) : '',
      rating !== undefined ? `${Math.round(rating)}${m.quality.source === 'estimated' ? '*' : ''}` : '',
    ];
    if (options.capabilities) row.push(m.capabilities.join(','));
    return row;
  });
  const head = ['model', 'endpoints', 'context', 'in $/Mtok', 'out $/Mtok', 'rating'];
  if (options.capabilities) head.push('capabilities');
  const note = models.some((m) => m.quality.source === 'estimated') ? '\n* estimated (no arena rating): see quality.basis' : '';
  return `${table(head, rows)}${note}`;
}
