/**
 * The whole transformation, pure: parsed source files in, `CatalogData` and a report out. The generator script does the
 * file I/O; tests call this directly to check the committed catalog is what the data produces.
 *
 *  1. LiteLLM entries → endpoints (or exclusions, or skips);   2. endpoints → models (group-models.ts);
 *  3. model fields (assemble-model.ts);   4. arena ratings or estimates (evidence.ts);   5. aliases;
 *  6. an optional OpenRouter snapshot laid over (shared/catalog/openrouter.ts, as at run time).
 */
import { Catalog } from '../../shared/catalog/catalog.js';
import type { Calibration } from '../../shared/catalog/estimate.js';
import { nonChatMode } from '../../shared/catalog/classify.js';
import type { CatalogData, ExcludedEntry, ExclusionReason, Model } from '../../shared/catalog/model.js';
import { EXCLUSION_REASONS } from '../../shared/catalog/model.js';
import { openRouterOverlay } from '../../shared/catalog/openrouter.js';
import { buildAliases } from './aliases.js';
import { compareStrings, parseArena } from './arena.js';
import type { ArenaEntry } from './arena.js';
import type { JoinRate, JoinTier } from './arena-join.js';
import { ArenaIndex, computeJoinRate } from './arena-join.js';
import { assembleModel } from './assemble-model.js';
import { findBaseModels } from './base-models.js';
import type { SourceEndpoint } from './convert-entry.js';
import { convertEntry } from './convert-entry.js';
import { chooseArena, attachEvidence } from './evidence.js';
import { groupModels } from './group-models.js';
import { isEntry } from './litellm-types.js';
import { assignAliases } from './model-aliases.js';
import { splitKey } from './providers.js';
import { SkipCounter } from './skips.js';
import { litellmSource, lmarenaSource, openrouterSource } from './sources.js';

export interface CatalogInputs {
  /** Parsed `data/litellm/model_prices_and_context_window.json`. */
  litellm: unknown;
  litellmSourceText: string;
  /** Parsed `data/lmarena/leaderboard-text.json` and `leaderboard-vision.json`. */
  arenaText: unknown;
  arenaVision: unknown;
  lmarenaSourceText: string;
  /** Parsed `data/openrouter/models.json` (OpenRouter's `/api/v1/models`) and its SOURCE.txt, when present. */
  openrouter?: unknown;
  openrouterSourceText?: string;
}

export interface BuildReport {
  chatEntries: number;
  /** Chat entries classified as excluded (the rest of `excluded` are entries of non-chat modes). */
  chatExcluded: number;
  /** Endpoints written (LiteLLM chat entries kept, dated duplicates folded into their undated endpoint included). */
  sourceEndpoints: number;
  models: number;
  endpoints: number;
  providers: Record<string, number>;
  skipped: Record<string, number>;
  excluded: Record<ExclusionReason, number>;
  arenaEntries: number;
  /** Models whose evidence is the arena's, and estimated. */
  withArena: number;
  estimated: number;
  /** How many models took their ratings at each join step (see arena-join.ts). */
  byTier: Record<`T${JoinTier}`, number>;
  joinRate: JoinRate;
  modelAliases: number;
  endpointAliases: number;
  /** The figures estimates moved by, fitted on the rated models (shared/catalog/estimate.ts). */
  calibration: Calibration;
  /** OpenRouter snapshot: endpoints attached to known models, new models, entries excluded. */
  openrouter?: { attached: number; added: number; excluded: number };
}

export function buildCatalog(inputs: CatalogInputs): { data: CatalogData; report: BuildReport } {
  if (!isEntry(inputs.litellm)) throw new Error('data/litellm: expected a JSON object of model entries');
  const skips = new SkipCounter();
  const sources = [litellmSource(inputs.litellmSourceText), lmarenaSource(inputs.lmarenaSourceText)];
  const excluded = new Map<string, ExcludedEntry>();
  const exclude = (e: ExcludedEntry) => {
    if (!excluded.has(e.id.toLowerCase())) excluded.set(e.id.toLowerCase(), { id: e.id, reason: e.reason, detail: e.detail });
  };

  // 1. LiteLLM entries → endpoints. When two keys give the same id (`deepseek-chat` and `deepseek/deepseek-chat`),
  //    the key written with its provider prefix wins (LiteLLM's explicit route), else the first in the file; the
  //    other is counted as `duplicateId` and its key kept as an alias. Entries of non-chat modes are excluded.
  const byId = new Map<string, SourceEndpoint>();
  const prefixed = new Set<string>();
  const keysById = new Map<string, string[]>();
  const lowerIds = new Map<string, string>();
  const litellmNames: { provider: string; name: string }[] = [];
  let chatEntries = 0;
  let chatExcluded = 0;
  for (const [key, entry] of Object.entries(inputs.litellm)) {
    if (!isEntry(entry)) continue;
    const provider = entry['litellm_provider'];
    const split = typeof provider === 'string' ? splitKey(key, provider) : undefined;
    if (entry['mode'] !== 'chat') {
      const notChat = typeof entry['mode'] === 'string' ? nonChatMode(entry['mode']) : undefined;
      if (notChat && split) exclude({ id: split.id, ...notChat });
      continue;
    }
    chatEntries++;
    if (split) litellmNames.push(split);
    const endpoint = convertEntry(key, entry, skips);
    if (typeof endpoint === 'string') {
      skips.add(endpoint);
      continue;
    }
    if ('reason' in endpoint) {
      chatExcluded++;
      exclude(endpoint);
      continue;
    }
    const isPrefixed = typeof provider === 'string' && (key.startsWith(`${provider}/`) || key.startsWith(`${endpoint.provider}/`));
    const existing = lowerIds.get(endpoint.id.toLowerCase());
    if (existing !== undefined) {
      skips.add('duplicateId');
      keysById.get(existing)?.push(key);
      if (isPrefixed && !prefixed.has(existing) && endpoint.id === existing) {
        byId.set(existing, endpoint);
        prefixed.add(existing);
      }
      continue;
    }
    lowerIds.set(endpoint.id.toLowerCase(), endpoint.id);
    byId.set(endpoint.id, endpoint);
    keysById.set(endpoint.id, [key]);
    if (isPrefixed) prefixed.add(endpoint.id);
  }
  const sourceEndpoints = [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));
  // A chat entry can share its id with a non-chat one (`…/gpt-4o-realtime` in two modes): the chat model wins.
  for (const e of sourceEndpoints) excluded.delete(e.id.toLowerCase());

  // 2–3. Endpoints → models with their fields.
  const grouped = groupModels(sourceEndpoints);
  for (const e of grouped.excluded) exclude(e);
  const unrated = grouped.models.map(assembleModel);

  // 4. Arena ratings, joined by name, else estimates.
  const arena = parseArena(inputs.arenaText, inputs.arenaVision, skips);
  const index = new ArenaIndex(arena);
  const baseModels = findBaseModels(sourceEndpoints);
  const byTier: Record<`T${JoinTier}`, number> = { T0: 0, T1: 0, T2: 0, T3: 0 };
  const arenaOf = new Map<string, ArenaEntry>();
  const chosen = new Set<string>();
  for (const m of unrated) {
    const choice = chooseArena(m, index, baseModels);
    if (!choice) continue;
    byTier[`T${choice.tier}`]++;
    chosen.add(choice.entry.name);
    arenaOf.set(m.id, choice.entry);
  }
  const joinRate = computeJoinRate(arena, chosen, index, litellmNames);
  const evidence = attachEvidence(unrated, arenaOf, arena);
  let models: Model[] = evidence.models;

  // 5. Aliases: the old per-row aliases, moved to the model (bare names, OpenRouter spellings) or endpoint.
  models = assignAliases(models, buildAliases(sourceEndpoints, keysById), keysById);

  // 6. OpenRouter's model list, when a snapshot is committed: the same overlay as at run time.
  let openrouter: BuildReport['openrouter'];
  if (inputs.openrouter !== undefined) {
    if (inputs.openrouterSourceText !== undefined) sources.push(openrouterSource(inputs.openrouterSourceText));
    const base = new Catalog(models);
    const overlay = openRouterOverlay(inputs.openrouter, base);
    models = [...base.withModels(overlay.models).all()].sort((a, b) => compareStrings(a.id, b.id));
    for (const e of overlay.excluded) exclude(e);
    openrouter = { attached: overlay.attached, added: overlay.added, excluded: overlay.excluded.length };
  }

  const providers: Record<string, number> = {};
  for (const m of models) for (const e of m.endpoints) providers[e.provider] = (providers[e.provider] ?? 0) + 1;
  const sortedProviders: Record<string, number> = {};
  for (const p of Object.keys(providers).sort(compareStrings)) sortedProviders[p] = providers[p] ?? 0;
  const excludedList = [...excluded.values()].sort((a, b) => compareStrings(a.id, b.id));
  const excludedCounts = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, excludedList.filter((e) => e.reason === r).length])) as Record<ExclusionReason, number>;

  const generatedAt = sources.map((s) => s.date).sort(compareStrings).at(-1) ?? '';
  const data: CatalogData = { generatedAt, sources, skipped: skips.toRecord(), models, excluded: excludedList };
  const endpoints = models.flatMap((m) => m.endpoints);
  const report: BuildReport = {
    chatEntries,
    chatExcluded,
    sourceEndpoints: sourceEndpoints.length,
    models: models.length,
    endpoints: endpoints.length,
    providers: sortedProviders,
    skipped: data.skipped,
    excluded: excludedCounts,
    arenaEntries: arena.length,
    withArena: models.filter((m) => m.quality.source === 'arena').length,
    estimated: models.filter((m) => m.quality.source === 'estimated').length,
    byTier,
    joinRate,
    modelAliases: models.reduce((n, m) => n + m.aliases.length, 0),
    endpointAliases: endpoints.reduce((n, e) => n + (e.aliases?.length ?? 0), 0),
    calibration: evidence.calibration,
  };
  if (openrouter) report.openrouter = openrouter;
  return { data, report };
}
