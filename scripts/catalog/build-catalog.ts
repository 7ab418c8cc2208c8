/**
 * The whole transformation, pure: parsed source files in, `CatalogData` and a report out. The generator script does the
 * file I/O; tests call this directly to check the committed catalog is what the data produces.
 */
import type { CatalogData, Model } from '../../shared/catalog/model.js';
import { buildAliases } from './aliases.js';
import { compareStrings, parseArena } from './arena.js';
import type { JoinRate, JoinTier } from './arena-join.js';
import { ArenaIndex, computeJoinRate } from './arena-join.js';
import { findBaseModels } from './base-models.js';
import type { BaseModel } from './convert-entry.js';
import { convertEntry } from './convert-entry.js';
import { isEntry } from './litellm-types.js';
import { splitKey } from './providers.js';
import { SkipCounter } from './skips.js';
import { litellmSource, lmarenaSource } from './sources.js';

export interface CatalogInputs {
  /** Parsed `data/litellm/model_prices_and_context_window.json`. */
  litellm: unknown;
  litellmSourceText: string;
  /** Parsed `data/lmarena/leaderboard-text.json` and `leaderboard-vision.json`. */
  arenaText: unknown;
  arenaVision: unknown;
  lmarenaSourceText: string;
}

export interface BuildReport {
  chatEntries: number;
  written: number;
  providers: Record<string, number>;
  skipped: Record<string, number>;
  arenaEntries: number;
  withQuality: number;
  /** How many models took their ratings at each join step (see arena-join.ts). */
  byTier: Record<`T${JoinTier}`, number>;
  joinRate: JoinRate;
  aliases: number;
}

export function buildCatalog(inputs: CatalogInputs): { data: CatalogData; report: BuildReport } {
  if (!isEntry(inputs.litellm)) throw new Error('data/litellm: expected a JSON object of model entries');
  const skips = new SkipCounter();
  const sources = [litellmSource(inputs.litellmSourceText), lmarenaSource(inputs.lmarenaSourceText)];

  // 1. LiteLLM chat entries → models. When two keys give the same id (`deepseek-chat` and `deepseek/deepseek-chat`),
  //    the key written with its provider prefix wins (LiteLLM's explicit route), else the first in the file; the
  //    other is counted as `duplicateId` and its key kept as an alias.
  const byId = new Map<string, BaseModel>();
  const prefixed = new Set<string>();
  const keysById = new Map<string, string[]>();
  const lowerIds = new Map<string, string>();
  const litellmNames: { provider: string; name: string }[] = [];
  let chatEntries = 0;
  for (const [key, entry] of Object.entries(inputs.litellm)) {
    if (!isEntry(entry) || entry['mode'] !== 'chat') continue;
    chatEntries++;
    const provider = entry['litellm_provider'];
    const split = typeof provider === 'string' ? splitKey(key, provider) : undefined;
    if (split) litellmNames.push(split);
    const model = convertEntry(key, entry, skips);
    if (typeof model === 'string') {
      skips.add(model);
      continue;
    }
    const isPrefixed = typeof provider === 'string' && (key.startsWith(`${provider}/`) || key.startsWith(`${model.provider}/`));
    const existing = lowerIds.get(model.id.toLowerCase());
    if (existing !== undefined) {
      skips.add('duplicateId');
      keysById.get(existing)?.push(key);
      if (isPrefixed && !prefixed.has(existing) && model.id === existing) {
        byId.set(existing, model);
        prefixed.add(existing);
      }
      continue;
    }
    lowerIds.set(model.id.toLowerCase(), model.id);
    byId.set(model.id, model);
    keysById.set(model.id, [key]);
    if (isPrefixed) prefixed.add(model.id);
  }
  const base = [...byId.values()].sort((a, b) => compareStrings(a.id, b.id));

  // 2. Arena ratings, joined by name; the same model under every provider gets the same ratings.
  const arena = parseArena(inputs.arenaText, inputs.arenaVision, skips);
  const index = new ArenaIndex(arena);
  const baseModels = findBaseModels(base);
  const byTier: Record<`T${JoinTier}`, number> = { T0: 0, T1: 0, T2: 0, T3: 0 };
  const chosen = new Set<string>();
  const matches = new Map(
    base.map((m) => {
      const match = index.match(m.provider, m.name, { baseModel: baseModels.has(m.id) });
      if (match) {
        byTier[`T${match.tier}`]++;
        chosen.add(match.entry.name);
      }
      return [m.id, match] as const;
    }),
  );
  const joinRate = computeJoinRate(arena, chosen, index, litellmNames);

  // 3. Aliases.
  const aliases = buildAliases(base, keysById);

  // 4. Assemble, with a fixed field order so the JSON is byte-for-byte reproducible.
  const models: Model[] = base.map((m) => {
    const out: Model = {
      id: m.id,
      provider: m.provider,
      name: m.name,
      contextWindow: m.contextWindow,
      maxOutputTokens: m.maxOutputTokens,
      pricing: m.pricing,
      capabilities: m.capabilities,
    };
    const match = matches.get(m.id);
    if (match) {
      out.quality = { ...match.entry.quality };
      out.arenaName = match.entry.name;
    }
    if (m.deprecationDate !== undefined) out.deprecationDate = m.deprecationDate;
    const a = aliases.get(m.id);
    if (a && a.length > 0) out.aliases = a;
    return out;
  });

  const providers: Record<string, number> = {};
  for (const m of models) providers[m.provider] = (providers[m.provider] ?? 0) + 1;
  const sortedProviders: Record<string, number> = {};
  for (const p of Object.keys(providers).sort(compareStrings)) sortedProviders[p] = providers[p] ?? 0;

  const generatedAt = sources.map((s) => s.date).sort(compareStrings).at(-1) ?? '';
  const data: CatalogData = { generatedAt, sources, skipped: skips.toRecord(), models };
  const report: BuildReport = {
    chatEntries,
    written: models.length,
    providers: sortedProviders,
    skipped: data.skipped,
    arenaEntries: arena.length,
    withQuality: models.filter((m) => m.quality !== undefined).length,
    byTier,
    joinRate,
    aliases: [...aliases.values()].reduce((n, a) => n + a.length, 0),
  };
  return { data, report };
}
