/**
 * Builds `data/quality/routellm-mmlu/data.json` (the `--data` format of `scripts/eval-data.ts`) from RouteLLM's
 * per-prompt MMLU grades (`data/quality/routellm-mmlu/raw/mmlu_<subject>.csv`, copied from lm-sys/RouteLLM; see
 * SOURCE.md there). Each CSV row is one MMLU test question as RouteLLM recorded it (the question, options A–D and a
 * trailing "Answer:"; the 5-shot prefix RouteLLM sent before it is not recorded), with True/False for
 * Mixtral-8x7B-Instruct and GPT-4-1106-preview (the first character of a 1-token greedy answer equal to the key).
 *
 * Nothing here is tuned: prices are the bundled catalog's for the named endpoints, output tokens are 1 per answer
 * (RouteLLM generated with max_new_tokens=1), input tokens are o200k counts of the recorded question (zero-shot, as a
 * user would send it; RouteLLM's few-shot prefix is not billed here, see SOURCE.md).
 *
 *   node scripts/run-ts.mjs scripts/build-routellm-mmlu-data.ts
 *
 * `test/scripts/routellm-mmlu-data.test.ts` rebuilds it and compares with the committed file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

const DIR = 'data/quality/routellm-mmlu';
const source = { repo: 'https://github.com/lm-sys/RouteLLM', commit: 'c5e4ef6ccba7c2da2c6a380242dfe1e390e209b1' };
/** Column name in the CSV → the catalog endpoint whose list price is used (see SOURCE.md for why these). */
const MODELS = [
  { column: 'mixtral-8x7b-instruct-v0.1', catalogId: 'deepinfra/mistralai/Mixtral-8x7B-Instruct-v0.1' },
  { column: 'gpt-4-1106-preview', catalogId: 'openai/gpt-4-1106-preview' },
];
/** Output tokens per answer: RouteLLM generated with max_new_tokens=1 and graded the answer's first character. */
const OUTPUT_TOKENS = 1;

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function grade(value: string, where: string): number {
  if (value === 'True') return 1;
  if (value === 'False') return 0;
  throw new Error(`${where}: expected True or False, got ${JSON.stringify(value)}`);
}

interface CatalogEndpoint {
  id: string;
  pricing?: { inputPerMTok?: number; outputPerMTok?: number };
}
type CatalogData = { models: { id: string; endpoints: CatalogEndpoint[] }[] };
function price(catalog: CatalogData, catalogId: string): { inputPerMTok: number; outputPerMTok: number } {
  for (const m of catalog.models) {
    const e = m.endpoints.find((x) => x.id === catalogId);
    if (e?.pricing?.inputPerMTok !== undefined && e.pricing.outputPerMTok !== undefined) {
      return { inputPerMTok: e.pricing.inputPerMTok, outputPerMTok: e.pricing.outputPerMTok };
    }
  }
  throw new Error(`no priced catalog endpoint ${catalogId}`);
}

/** The data file's text, from the raw CSVs under `root`'s data folder and the bundled catalog's prices. */
export function buildRouteLlmMmlu(root = '.'): { text: string; log: string[] } {
  const dir = path.join(root, DIR);
  const catalog = JSON.parse(readFileSync(path.join(root, 'shared/catalog/catalog.data.json'), 'utf8')) as CatalogData;
  const files = readdirSync(path.join(dir, 'raw'))
    .filter((f) => /^mmlu_[a-z_]+\.csv$/.test(f))
    .sort();
  const prompts: { id: string; task: string; question: string; text: string; inputTokens: number }[] = [];
  const scores: Record<string, number[]> = Object.fromEntries(MODELS.map((m) => [m.column, []]));
  const perSubject: Record<string, { prompts: number } & Record<string, number>> = {};
  for (const file of files) {
    const subject = file.slice('mmlu_'.length, -'.csv'.length);
    const [header, ...rows] = parseCsv(readFileSync(path.join(dir, 'raw', file), 'utf8'));
    const cols = MODELS.map((m) => header!.indexOf(m.column));
    if (header![0] !== 'prompt' || cols.some((c) => c < 0)) throw new Error(`${file}: unexpected header ${header!.join(',')}`);
    const tally: { prompts: number } & Record<string, number> = { prompts: 0 };
    rows.forEach((row, k) => {
      const where = `${file} row ${k + 1}`;
      if (row.length !== header!.length) throw new Error(`${where}: ${row.length} fields`);
      const text = row[0]!;
      if (!/\nAnswer:\s*$/.test(text)) throw new Error(`${where}: prompt does not end in "Answer:"`);
      prompts.push({
        id: `mmlu/${subject}/${k}`,
        task: subject,
        // the question and its four options, as a user would ask it; `text` keeps RouteLLM's trailing "Answer:"
        // (the 5-shot prefix RouteLLM put before it is not in the CSV, so neither field has it)
        question: text.replace(/\nAnswer:\s*$/, '').trim(),
        text,
        inputTokens: countTokens(text, { disallowedSpecial: new Set() }),
      });
      MODELS.forEach((m, j) => {
        const g = grade(row[cols[j]!]!, where);
        scores[m.column]!.push(g);
        tally[m.column] = (tally[m.column] ?? 0) + g;
      });
      tally.prompts++;
    });
    perSubject[subject] = tally;
}

const models = MODELS.map((m) => ({ name: m.column, catalogId: m.catalogId, ...price(catalog, m.catalogId) }));
const outputTokens = Object.fromEntries(MODELS.map((m) => [m.column, prompts.map(() => OUTPUT_TOKENS)]));
const data = {
  dataset: 'routellm-mmlu',
  description:
    "RouteLLM's MMLU responses (lm-sys/RouteLLM, routellm/evals/mmlu/responses): MMLU test questions ending in 'Answer:' (sent after a 5-shot prefix that is not recorded), answered with one greedy token and graded True/False per model on the letter; 10 of the 57 subjects.",
  source,
  assumptions: {
    outputTokensPerAnswer: OUTPUT_TOKENS,
    inputTokens: 'gpt-tokenizer o200k_base count of text (the recorded zero-shot question); the unrecorded 5-shot prefix RouteLLM sent is not counted',
  },
  subjects: Object.fromEntries(
    Object.entries(perSubject).map(([s, t]) => [s, { prompts: t.prompts, ...Object.fromEntries(MODELS.map((m) => [m.column, Math.round((10000 * (t[m.column] ?? 0)) / t.prompts) / 100])) }]),
  ),
  models,
  prompts,
  scores,
  outputTokens,
};
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const log = [`${prompts.length} prompts from ${files.length} subjects; mean input tokens ${mean(prompts.map((p) => p.inputTokens)).toFixed(1)}`];
for (const m of MODELS) log.push(`${m.column}: ${(100 * mean(scores[m.column]!)).toFixed(2)} % correct`);
return { text: `${JSON.stringify(data)}\n`, log };
}

if (/(?:^|[/\\])build-routellm-mmlu-data\.(?:mjs|ts)$/.test(process.argv[1] ?? '')) {
  const { text, log } = buildRouteLlmMmlu();
  writeFileSync(path.join(DIR, 'data.json'), text);
  console.log(log.join('\n'));
}
