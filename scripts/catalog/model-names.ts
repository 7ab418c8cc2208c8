/**
 * Model names reduced to comparable tokens, so that `claude-sonnet-4.5`, `claude-sonnet-4-5-20250929`,
 * `anthropic.claude-sonnet-4-5-20250929-v1:0` and `vertex_ai/claude-sonnet-4-5@20250929` can be compared with an
 * arena name. Tokens are lowercase runs of letters or of digits: `gpt-4o` → [gpt, 4, o], `qwen3-235b-a22b` →
 * [qwen, 3, 235, b, a, 22, b]; dots, dashes, underscores and `llama3`/`llama-3` spellings all agree.
 */

/** Quantization and serving markers kept as one token (`fp8`, not `fp` + `8`). */
const COMPOUND = /^(fp|bf|int|mxfp|nvfp)\d+$/;

export function tokenize(name: string): string[] {
  const out: string[] = [];
  for (const chunk of name.toLowerCase().split(/[^a-z0-9]+/)) {
    if (chunk === '') continue;
    if (COMPOUND.test(chunk)) out.push(chunk);
    else out.push(...(chunk.match(/[a-z]+|\d+/g) ?? []));
  }
  return out;
}

const BEDROCK_REGION = /^(us|eu|apac|au|jp|global|us-gov|ca|sa)\./;
/** `vendor.model` names (Bedrock, OCI). For these vendors the vendor is not part of the model's name… */
const PURE_VENDORS = new Set([
  'ai21',
  'amazon',
  'anthropic',
  'cohere',
  'google',
  'meta',
  'moonshot',
  'moonshotai',
  'nvidia',
  'openai',
  'twelvelabs',
  'writer',
  'xai',
  'zai',
]);
/** …for these it is (`deepseek.v3.2` is DeepSeek-V3.2, `qwen.qwen3-32b` is Qwen3-32B). */
const FAMILY_VENDORS = new Set(['deepseek', 'minimax', 'mistral', 'qwen']);

/**
 * A catalog model's name as a provider-neutral model name: the last path segment, without Bedrock regions and vendor
 * prefixes, `-v1:0` revisions, `@` snapshots or `:` tags, in the spelling the arena uses.
 */
export function catalogBaseName(provider: string, name: string): string {
  let s = name.toLowerCase();
  s = s.slice(s.lastIndexOf('/') + 1);
  if (provider === 'bedrock') s = s.replace(BEDROCK_REGION, '');
  const dot = /^([a-z0-9]+)\.(.+)$/.exec(s);
  if (dot) {
    const vendor = dot[1] ?? '';
    const rest = dot[2] ?? '';
    if (PURE_VENDORS.has(vendor) || FAMILY_VENDORS.has(vendor)) {
      s = PURE_VENDORS.has(vendor) || rest.startsWith(vendor) ? rest : `${vendor}-${rest}`;
      // Bedrock revisions: `-v1:0`, `-v2:0`, `-1:0`, and a bare `-v1` (a bare `-v2` can be part of the name).
      s = s.replace(/-v?\d+:\d+$/, '').replace(/-v1$/, '');
    }
  }
  // Vertex gives a dated release a revision (`mistral-large@2411-001`, `mistral-small-2503@001`): the release itself
  if (provider === 'vertex_ai') s = s.replace(/@(\d{4})-\d{3}$/, '@$1').replace(/(\d{4})@\d{3}$/, '$1');
  s = s.replace(/@/g, '-').replace(/:/g, '-');
  if (provider === 'fireworks_ai') s = s.replace(/(\d)p(\d)/g, '$1.$2').replace(/^llama-v(\d)/, 'llama-$1');
  if (provider === 'together_ai' || provider === 'deepinfra') s = s.replace(/-turbo(-free)?$/, '');
  return s;
}

/** A snapshot marker: a date (`20250514`, `2025-04-14`, `0709`, `2508`, `09-2025`) or a `-001`-style revision. */
export interface Snapshot {
  raw: string;
  /** YYYYMMDD when the year is known (day 00 when only the month is), else null (`0709`: month and day only). */
  sort: number | null;
}

function month(t: string | undefined): number | null {
  if (t === undefined || !/^\d{2}$/.test(t)) return null;
  const m = Number(t);
  return m >= 1 && m <= 12 ? m : null;
}

function day(t: string | undefined): number | null {
  if (t === undefined || !/^\d{2}$/.test(t)) return null;
  const d = Number(t);
  return d >= 1 && d <= 31 ? d : null;
}

function year(t: string | undefined): number | null {
  return t !== undefined && /^20\d{2}$/.test(t) ? Number(t) : null;
}

/** The snapshot that starts at token i, with how many tokens it spans. */
function snapshotAt(tokens: readonly string[], i: number): { length: number; snapshot: Snapshot } | null {
  const t = tokens[i] ?? '';
  const at = (length: number, sort: number | null) => ({
    length,
    snapshot: { raw: tokens.slice(i, i + length).join('-'), sort },
  });
  if (/^20\d{6}$/.test(t)) {
    const [mo, d] = [month(t.slice(4, 6)), day(t.slice(6, 8))];
    if (mo !== null && d !== null) return at(1, Number(t));
  }
  const y = year(t);
  if (y !== null) {
    const [mo, d] = [month(tokens[i + 1]), day(tokens[i + 2])];
    if (mo !== null && d !== null) return at(3, y * 10000 + mo * 100 + d);
  }
  const mo = month(t);
  if (mo !== null) {
    const y2 = year(tokens[i + 1]);
    if (y2 !== null) return at(2, y2 * 10000 + mo * 100);
    const d = day(tokens[i + 1]);
    if (d !== null && i + 2 === tokens.length) return at(2, null);
  }
  if (/^\d{6}$/.test(t)) {
    if (year(t.slice(0, 4)) !== null && month(t.slice(4)) !== null) return at(1, Number(t) * 100);
    if (month(t.slice(2, 4)) !== null && day(t.slice(4)) !== null) return at(1, 20_000_000 + Number(t));
  }
  if (/^\d{4}$/.test(t)) {
    const yy = Number(t.slice(0, 2));
    const m2 = month(t.slice(2));
    if (yy >= 23 && yy <= 29 && m2 !== null) return at(1, (2000 + yy) * 10000 + m2 * 100);
    if (month(t.slice(0, 2)) !== null && day(t.slice(2)) !== null) return at(1, null);
  }
  if (/^00\d$/.test(t) && i === tokens.length - 1) return at(1, null);
  return null;
}

export interface SplitName {
  core: string[];
  snapshot: Snapshot | null;
}

/** Take the last snapshot out of the tokens (scanning left to right, so 2024-08-06 is one date, not 2024 + 08-06). */
export function splitSnapshot(tokens: readonly string[]): SplitName {
  let found: { start: number; length: number; snapshot: Snapshot } | null = null;
  for (let i = 0; i < tokens.length; ) {
    const s = snapshotAt(tokens, i);
    if (s) {
      found = { start: i, ...s };
      i += s.length;
    } else i++;
  }
  if (!found) return { core: [...tokens], snapshot: null };
  return {
    core: [...tokens.slice(0, found.start), ...tokens.slice(found.start + found.length)],
    snapshot: found.snapshot,
  };
}

/**
 * Arena names for a mode of a model rather than a model: `-thinking`, `-thinking-32k`, `-no-thinking`, `-high`,
 * `-low`, `-medium`, `-minimal` (reasoning effort). Returns the tokens without the suffix, and the suffix.
 */
export function splitVariant(tokens: readonly string[]): { rest: string[]; variant: string | null } {
  const n = tokens.length;
  const last = tokens[n - 1];
  if (n >= 4 && tokens[n - 3] === 'thinking' && /^\d+$/.test(tokens[n - 2] ?? '') && last === 'k') {
    return { rest: tokens.slice(0, n - 3), variant: tokens.slice(n - 3).join('-') };
  }
  if (n >= 3 && tokens[n - 2] === 'no' && last === 'thinking') {
    return { rest: tokens.slice(0, n - 2), variant: 'no-thinking' };
  }
  if (n >= 2 && last !== undefined && ['thinking', 'high', 'low', 'medium', 'minimal'].includes(last)) {
    return { rest: tokens.slice(0, n - 1), variant: last };
  }
  return { rest: [...tokens], variant: null };
}

/** Leading vendor words that are not part of a model's name (`meta-llama-3.1`, `databricks-claude-…`, `nvidia-llama-…`). */
const LEADING_VENDORS = new Set([
  'ai21',
  'alibaba',
  'amazon',
  'anthropic',
  'cohere',
  'databricks',
  'google',
  'ibm',
  'meta',
  'microsoft',
  'mistralai',
  'moonshot',
  'moonshotai',
  'nvidia',
  'openai',
  'xai',
  'zai',
]);
/** How a model is served, not which model it is. */
const SERVING = new Set([
  'fp8',
  'fp4',
  'fp16',
  'bf16',
  'int4',
  'int8',
  'mxfp4',
  'nvfp4',
  'mxfp',
  'awq',
  'gguf',
  'tput',
  'maas',
  'free',
  'exacto',
  'cloud',
  'hf',
  'basic',
]);
/** Words that distinguish releases of the same model, not different models. */
const RELEASE_WORDS = new Set(['preview', 'instruct']);

/**
 * The relaxed core: without leading vendor words, serving markers, `preview`/`instruct`, and a trailing `v1`/`v1.0`.
 * Used only when stricter comparisons find nothing.
 */
export function relaxCore(core: readonly string[]): string[] {
  // OpenAI's `-instruct` models are different models (`gpt-3.5-turbo-instruct` is a completions model).
  const keepInstruct = core[0] === 'gpt';
  let out = core.filter((t) => !SERVING.has(t) && !(RELEASE_WORDS.has(t) && !(keepInstruct && t === 'instruct')));
  while (out.length > 1 && LEADING_VENDORS.has(out[0] ?? '')) out = out.slice(1);
  const n = out.length;
  if (n > 2 && out[n - 2] === 'v' && out[n - 1] === '1') out = out.slice(0, n - 2);
  else if (n > 3 && out[n - 3] === 'v' && out[n - 2] === '1' && out[n - 1] === '0') out = out.slice(0, n - 3);
  return out;
}

/** Tokens that may sit between a model's name and its snapshot in a longer spelling (`mistral-small-3.2-24b-instruct-2506`). */
export function isVersionOrSizeToken(t: string): boolean {
  return /^\d+$/.test(t) || t === 'b' || t === 'instruct';
}

const LOOSE_DROP = new Set(['latest', 'exp', 'beta', 'chat', 'it']);

/** An arena name's loosest core, for deciding whether the LiteLLM map has the model at all (see arena-join). */
export function looseArenaCore(arenaName: string): string[] {
  const { rest } = splitVariant(tokenize(arenaName));
  return relaxCore(splitSnapshot(rest).core).filter((t) => !LOOSE_DROP.has(t));
}
