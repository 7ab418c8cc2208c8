/**
 * Regenerates shared/catalog/catalog.data.json from the snapshots in data/ (see data/README.md).
 *   npm run catalog
 * The output depends only on those files: running it twice writes identical bytes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, type CatalogInputs } from './catalog/build-catalog.js';
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

const inputs: CatalogInputs = {
  litellm: readJson('data', 'litellm', 'model_prices_and_context_window.json'),
  litellmSourceText: read('data', 'litellm', 'SOURCE.txt'),
  arenaText: readJson('data', 'lmarena', 'leaderboard-text.json'),
  arenaVision: readJson('data', 'lmarena', 'leaderboard-vision.json'),
  lmarenaSourceText: read('data', 'lmarena', 'SOURCE.txt'),
};
// Optional: a snapshot of OpenRouter's /api/v1/models, laid over the LiteLLM data as the live list is at run time.
if (existsSync(join(root, 'data', 'openrouter', 'models.json'))) {
  inputs.openrouter = readJson('data', 'openrouter', 'models.json');
  inputs.openrouterSourceText = read('data', 'openrouter', 'SOURCE.txt');
}
const { data, report } = buildCatalog(inputs);

const outFile = join(root, 'shared', 'catalog', 'catalog.data.json');
writeFileSync(outFile, `${JSON.stringify(data)}\n`);
// `npm run catalog -- --verbose` also lists the rated pairs the estimate figures were fitted on.
console.log(formatSummary(report, relative(root, outFile), process.argv.includes('--verbose')));
