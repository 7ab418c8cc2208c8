import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundledCatalog } from '../../../shared/catalog/catalog.js';
import { openRouterOverlay, parseOpenRouter } from '../../../shared/catalog/openrouter.js';
import { createRuntime } from '../../../server/runtime.js';
import { makeSandbox, type Sandbox } from '../../helpers/mcp-harness.js';

/** OpenRouter's /api/v1/models shape, as documented: prices in USD per token, as strings. */
const BODY = {
  data: [
    {
      id: 'openai/gpt-4o',
      context_length: 128000,
      pricing: { prompt: '0.000002', completion: '0.000008', input_cache_read: '0.000001' },
      top_provider: { context_length: 128000, max_completion_tokens: 16384 },
      architecture: { input_modalities: ['text', 'image', 'file'], output_modalities: ['text'] },
      supported_parameters: ['tools', 'response_format', 'temperature'],
    },
    {
      id: 'newlab/brand-new-model',
      context_length: 262144,
      pricing: { prompt: '0.0000003', completion: '0.0000012' },
      top_provider: { max_completion_tokens: 32768 },
      architecture: { input_modalities: ['text'] },
      supported_parameters: ['tools', 'reasoning'],
    },
    { id: 'openrouter/auto', context_length: 2000000, pricing: { prompt: '-1', completion: '-1' } },
    { id: 'someone/placeholder', context_length: 8000, pricing: { prompt: '0', completion: '0' } },
    { id: 'meta-llama/llama-3.3-70b-instruct:free', context_length: 65536, pricing: { prompt: '0', completion: '0' } },
  ],
};

let sandbox: Sandbox;
let server: http.Server;
let url: string;
let status = 200;
let hits = 0;
beforeEach(async () => {
  sandbox = makeSandbox();
  status = 200;
  hits = 0;
  server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify(BODY) : '{"error":"down"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/models`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  sandbox.remove();
});

const runtimeWith = (liveCatalog: 'fetch' | 'cache', extra: NodeJS.ProcessEnv = {}) =>
  createRuntime({ workspace: sandbox.workspace, env: { ...sandbox.env, SWITCHYARD_OFFLINE: '', SWITCHYARD_OPENROUTER_URL: url, ...extra }, liveCatalog });

describe('OpenRouter model list', () => {
  it('converts prices per token to per million, capabilities from parameters; routers excluded, unusable entries skipped', () => {
    const { entries, excluded, skipped } = parseOpenRouter(BODY);
    expect(skipped).toBe(1);
    expect(excluded).toEqual([expect.objectContaining({ id: 'openrouter/openrouter/auto', reason: 'router' })]);
    expect(entries.map((e) => e.endpoint.id)).toEqual(['openrouter/openai/gpt-4o', 'openrouter/newlab/brand-new-model', 'openrouter/meta-llama/llama-3.3-70b-instruct:free']);
    expect(entries[0]?.endpoint).toMatchObject({ name: 'openai/gpt-4o', contextWindow: 128000, maxOutputTokens: 16384, pricing: { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 1 } });
    expect(entries[0]?.endpoint.capabilities).toEqual(['tools', 'vision', 'json', 'pdf']);
    expect(entries[1]?.endpoint.capabilities).toEqual(['tools', 'reasoning']);
  });

  it('attaches endpoints to the models they serve (`:free` too) and estimates new ones', () => {
    const bundled = loadBundledCatalog();
    const overlay = openRouterOverlay(BODY, bundled);
    const next = bundled.withModels(overlay.models, overlay.excluded);
    expect(next.lookup('openrouter/meta-llama/llama-3.3-70b-instruct:free')?.model.id).toBe('meta-llama/llama-3.3-70b-instruct');
    const fresh = next.get('newlab/brand-new-model');
    expect(fresh?.quality.source).toBe('estimated');
    expect(fresh?.quality.basis).toMatch(/^new on OpenRouter/);
    expect(next.size).toBe(bundled.size + 1);
  });
});

describe('live catalog', () => {
  it('updates known models (keeping their ratings), adds new ones, and caches the list on disk', async () => {
    const rt = await runtimeWith('fetch');
    const before = rt.catalog().get('openrouter/openai/gpt-4o');
    expect(before?.quality.ratings.overall).toBeGreaterThan(1000);
    await rt.refreshCatalog();
    const after = rt.catalog().lookup('openrouter/openai/gpt-4o');
    expect(after?.endpoint?.pricing.inputPerMTok).toBe(2);
    expect(after?.model.id).toBe('openai/gpt-4o');
    expect(after?.model.quality).toEqual(before?.quality);
    expect(rt.catalog().endpoint('openai/gpt-4o')?.pricing.inputPerMTok).toBe(2.5);
    expect(rt.catalog().get('openrouter/newlab/brand-new-model')?.contextWindow).toBe(262144);
    expect(existsSync(path.join(sandbox.root, 'cache/switchyard/openrouter-models.json'))).toBe(true);
    await rt.refreshCatalog();
    expect(hits).toBe(1); // fresh for a day: not fetched again
    await rt.close();
  });

  it('lets one-shot commands use the cached list without touching the network', async () => {
    await (await runtimeWith('fetch')).refreshCatalog();
    status = 500;
    const cli = await runtimeWith('cache');
    await cli.refreshCatalog();
    expect(cli.catalog().get('openrouter/newlab/brand-new-model')).toBeDefined();
    expect(hits).toBe(1);
  });

  it('keeps the bundled catalog when the network fails, and stays offline when told to', async () => {
    status = 500;
    const rt = await runtimeWith('fetch');
    await rt.refreshCatalog();
    expect(rt.catalog().get('openrouter/newlab/brand-new-model')).toBeUndefined();
    expect(rt.catalog().endpoint('openrouter/openai/gpt-4o')?.pricing.inputPerMTok).toBe(2.5);
    const offline = await runtimeWith('fetch', { SWITCHYARD_OFFLINE: '1' });
    await offline.refreshCatalog();
    expect(hits).toBe(1);
  });
});
