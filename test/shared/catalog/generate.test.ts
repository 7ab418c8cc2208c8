import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogInputs } from '../../../scripts/catalog/build-catalog.js';
import { buildCatalog } from '../../../scripts/catalog/build-catalog.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function inputs(): CatalogInputs {
  return {
    litellm: JSON.parse(read('data/litellm/model_prices_and_context_window.json')),
    litellmSourceText: read('data/litellm/SOURCE.txt'),
    arenaText: JSON.parse(read('data/lmarena/leaderboard-text.json')),
    arenaVision: JSON.parse(read('data/lmarena/leaderboard-vision.json')),
    lmarenaSourceText: read('data/lmarena/SOURCE.txt'),
  };
}

const committedText = read('shared/catalog/catalog.data.json');
const { data, report } = buildCatalog(inputs());

describe('catalog generation', () => {
  it('regenerating from data/ gives the committed shared/catalog/catalog.data.json', () => {
    expect(data).toEqual(JSON.parse(committedText));
    expect(`${JSON.stringify(data)}\n`).toBe(committedText);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildCatalog(inputs()).data)).toBe(JSON.stringify(data));
  });

  it('accounts for every LiteLLM chat entry: written or skipped with a reason', () => {
    expect(report.chatEntries).toBe(2_285);
    const entrySkips = ['missingPrice', 'missingContextWindow', 'missingMaxOutputTokens', 'duplicateId', 'zeroPriceNotLocal', 'notAChatModel', 'implausiblePrice', 'badField:max_input_tokens'];
    const skipped = entrySkips.reduce((n, k) => n + (data.skipped[k] ?? 0), 0);
    expect(report.written + skipped).toBe(report.chatEntries);
    expect(Object.values(report.providers).reduce((a, b) => a + b, 0)).toBe(report.written);
  });

  it('joins at least 90% of the top-100 arena models that LiteLLM has', () => {
    const j = report.joinRate;
    expect(j.considered).toBe(100);
    expect(j.present + j.absent.length).toBe(100);
    // "Present" is decided loosely (see presentInLiteLLM), so this cannot pass by calling things absent.
    expect(j.present).toBeGreaterThanOrEqual(80);
    expect(j.rate).toBeGreaterThanOrEqual(0.9);
    expect(j.joined / j.present).toBe(j.rate);
  });
});
