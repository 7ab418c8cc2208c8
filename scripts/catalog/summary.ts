import type { BuildReport } from './build-catalog.js';

const list = (r: Readonly<Record<string, number>>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';

/** The report as the text the generator prints. */
export function formatSummary(report: BuildReport, outFile: string, verbose = false): string {
  const lines: string[] = [];
  const providers = Object.entries(report.providers).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const excluded = Object.values(report.excluded).reduce((a, b) => a + b, 0);
  const j = report.joinRate;
  lines.push(`wrote ${outFile}`);
  lines.push(
    `models: ${report.models}, endpoints: ${report.endpoints} (from ${report.sourceEndpoints} of ${report.chatEntries} LiteLLM chat entries), ${providers.length} providers, ` +
      `aliases: ${report.modelAliases} model + ${report.endpointAliases} endpoint`,
  );
  lines.push(`providers (endpoints): ${providers.map(([p, n]) => `${p} ${n}`).join(', ')}`);
  lines.push(`quality evidence: ${report.withArena} models from the arena, ${report.estimated} estimated (${report.arenaEntries} arena entries; by join step: ${list(report.byTier)})`);
  const c = report.calibration;
  lines.push(
    `estimates move by (fitted on rated models): ${c.perDoubling} per doubling of parameters (${c.sizePairs.length} size pairs), ` +
      `${c.predecessorDecrement} per version step for an older model (median of ${c.versionPairs.length} adjacent rated releases), ` +
      `${c.successorUplift} per step for a newer one (their 25th percentile)`,
  );
  if (verbose) {
    lines.push(`  size pairs: ${c.sizePairs.join('; ')}`);
    lines.push(`  version pairs: ${c.versionPairs.join('; ')}`);
  }
  lines.push(`excluded (never routed): ${excluded} entries; ${list(report.excluded)}`);
  lines.push(`skipped (missing or unusable data; badField:* also counts optional fields dropped from kept entries): ${list(report.skipped)}`);
  if (report.openrouter) {
    const o = report.openrouter;
    lines.push(`openrouter snapshot: ${o.attached} endpoints on known models, ${o.added} new models, ${o.excluded} excluded`);
  }
  lines.push(
    `arena join rate: ${j.joined}/${j.present} = ${(j.rate * 100).toFixed(1)}% of the top ${j.considered} arena models present in LiteLLM` +
      ` (${j.absent.length} not in LiteLLM)`,
  );
  if (j.missing.length > 0) lines.push(`  present but not joined: ${j.missing.join(', ')}`);
  if (j.absent.length > 0) lines.push(`  not in LiteLLM: ${j.absent.join(', ')}`);
  return lines.join('\n');
}
