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

  it('accounts for every LiteLLM chat entry: an endpoint (or folded into one as an alias), excluded, or skipped with a reason', () => {
    expect(report.chatEntries).toBe(2_285);
    const entrySkips = ['missingPrice', 'missingContextWindow', 'missingMaxOutputTokens', 'duplicateId', 'zeroPriceNotLocal', 'badField:max_input_tokens'];
    const skipped = entrySkips.reduce((n, k) => n + (data.skipped[k] ?? 0), 0);
    expect(report.sourceEndpoints + report.chatExcluded + skipped).toBe(report.chatEntries);
    const endpoints = data.models.flatMap((m) => m.endpoints);
    const folded = endpoints.reduce((n, e) => n + (e.aliases ?? []).filter((a) => !a.includes('.') || a.startsWith(e.provider)).length, 0);
    expect(endpoints.length).toBe(report.endpoints);
    expect(endpoints.length).toBeLessThanOrEqual(report.sourceEndpoints);
    expect(folded).toBeGreaterThanOrEqual(report.sourceEndpoints - endpoints.length);
    expect(Object.values(report.providers).reduce((a, b) => a + b, 0)).toBe(report.endpoints);
    expect(report.withArena + report.estimated).toBe(report.models);
  });

  it('merges an OpenRouter snapshot when one is given: known slugs join their model, new ones are estimated, routers excluded', () => {
    const fixture = JSON.parse(read('test/fixtures/catalog/openrouter-models.json'));
    const withOpenRouter = buildCatalog({ ...inputs(), openrouter: fixture, openrouterSourceText: read('test/fixtures/catalog/openrouter-SOURCE.txt') });
    const models = withOpenRouter.data.models;
    const sonnet = models.find((m) => m.id === 'anthropic/claude-sonnet-4-5');
    expect(sonnet?.endpoints.find((e) => e.id === 'openrouter/anthropic/claude-sonnet-4.5')?.pricing.inputPerMTok).toBe(2.5);
    expect(sonnet?.endpoints.map((e) => e.id)).toContain('openrouter/anthropic/claude-sonnet-4.5:free');
    const fresh = models.find((m) => m.id === 'acme/rocket-2-large');
    expect(fresh?.quality.source).toBe('estimated');
    expect(fresh?.endpoints.map((e) => e.id)).toEqual(['openrouter/acme/rocket-2-large']);
    expect(withOpenRouter.data.excluded.find((e) => e.id === 'openrouter/openrouter/auto')?.reason).toBe('router');
    expect(withOpenRouter.data.sources.map((s) => s.name)).toContain('OpenRouter model list (GET /api/v1/models)');
    expect(withOpenRouter.report.openrouter).toEqual({ attached: 2, added: 1, excluded: 2 });
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
