import type { BuildReport } from './build-catalog.js';

/** The report as the text the generator prints. */
export function formatSummary(report: BuildReport, outFile: string): string {
  const lines: string[] = [];
  const providers = Object.entries(report.providers).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const skipped = Object.entries(report.skipped);
  const skippedEntries = report.chatEntries - report.written;
  const j = report.joinRate;
  lines.push(`wrote ${outFile}`);
  lines.push(
    `models: ${report.written} of ${report.chatEntries} LiteLLM chat entries, ${providers.length} providers, ${report.aliases} aliases`,
  );
  lines.push(`providers: ${providers.map(([p, n]) => `${p} ${n}`).join(', ')}`);
  lines.push(
    `skipped: ${skippedEntries} entries; by reason (badField:* also counts optional fields dropped from kept models): ${skipped.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  );
  lines.push(
    `arena: ${report.withQuality} models rated from ${report.arenaEntries} arena entries (by join step: ${Object.entries(report.byTier)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')})`,
  );
  lines.push(
    `arena join rate: ${j.joined}/${j.present} = ${(j.rate * 100).toFixed(1)}% of the top ${j.considered} arena models present in LiteLLM` +
      ` (${j.absent.length} not in LiteLLM)`,
  );
  if (j.missing.length > 0) lines.push(`  present but not joined: ${j.missing.join(', ')}`);
  if (j.absent.length > 0) lines.push(`  not in LiteLLM: ${j.absent.join(', ')}`);
  return lines.join('\n');
}
