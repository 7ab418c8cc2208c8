/**
 * Regenerates shared/catalog/catalog.data.json from the snapshots in data/ (see data/README.md).
 *   npm run catalog
 * The output depends only on those files: running it twice writes identical bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from './catalog/build-catalog.js';
import { formatSummary } from './catalog/summary.js';

/** The project root: this file lives in scripts/, and the bundle esbuild makes of it runs from anywhere. */
function projectRoot(): string {
  const fromCwd = process.cwd();
  try {
    readFileSync(join(fromCwd, 'data', 'litellm', 'SOURCE.txt'));
    return fromCwd;
  } catch {
    return join(dirname(fileURLToPath(import.meta.url)), '..');
  }
}

const root = projectRoot();
const read = (...parts: string[]) => readFileSync(join(root, ...parts), 'utf8');
const readJson = (...parts: string[]): unknown => JSON.parse(read(...parts));

const { data, report } = buildCatalog({
  litellm: readJson('data', 'litellm', 'model_prices_and_context_window.json'),
  litellmSourceText: read('data', 'litellm', 'SOURCE.txt'),
  arenaText: readJson('data', 'lmarena', 'leaderboard-text.json'),
  arenaVision: readJson('data', 'lmarena', 'leaderboard-vision.json'),
  lmarenaSourceText: read('data', 'lmarena', 'SOURCE.txt'),
});

const outFile = join(root, 'shared', 'catalog', 'catalog.data.json');
writeFileSync(outFile, `${JSON.stringify(data)}\n`);
console.log(formatSummary(report, relative(root, outFile)));
