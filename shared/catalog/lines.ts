/**
 * Which line of releases a model belongs to (its family), where in that line it sits (its version) and how big it is
 * (its tier), from its name. Shared by the generator, the live OpenRouter overlay and user-config models, so that an
 * estimate made at run time follows the same rules as the bundled ones.
 */
import type { ModelTier } from './model.js';

/** `claude-3.5-sonnet` → [claude, 3, 5, sonnet]: lowercase runs of letters or digits. */
export function nameTokens(name: string): string[] {
  return name.toLowerCase().match(/[a-z]+|\d+/g) ?? [];
}

const FLAGSHIP_WORDS = new Set(['opus', 'pro', 'large', 'ultra', 'max', 'maverick', 'heavy']);
const MID_WORDS = new Set(['sonnet', 'medium', 'plus', 'scout']);
const SMALL_WORDS = new Set(['haiku', 'mini', 'nano', 'flash', 'lite', 'small', 'tiny', 'micro', 'instant', 'air']);
/** Words ahead of a model's name that only say who made or serves it. */
const VENDOR_WORDS = new Set(['meta', 'openai', 'anthropic', 'google', 'mistralai', 'databricks', 'nvidia', 'microsoft', 'amazon', 'xai', 'zai', 'ibm', 'alibaba', 'moonshotai', 'cohere', 'ai', 'us', 'eu', 'global']);

/** Words that make a model a line of its own within its maker's family. */
const LINE_WORDS = new Set(['coder', 'code', 'vl', 'vision', 'omni', 'math', 'next', 'distill', 'audio', 'guard', 'r', 'flash', 'air']);

/**
 * Open-weight bases that others distil into or fine-tune. Named after the version (`deepseek-r1-0528-qwen3-8b`,
 * `hermes-3-llama-3.1-70b`), such a model is that base retrained, a line of its own (`tuned`), not its maker's
 * flagship at a smaller tier: `deepseek-r1-0528-qwen3-8b` was estimated from DeepSeek-R1 itself (1385, above the
 * arena-rated Qwen3-235B).
 */
const BASE_WORDS = new Set(['qwen', 'llama', 'mistral', 'gemma', 'phi']);

export interface Line {
  family: string;
  /** Release order within the family: `gpt-5.5` → [5, 5]; compare with `compareVersions`. */
  version: number[];
}

/** The version: consecutive small numbers from the first number on, stopping at a size (`70b`) or anything else. */
function versionAt(tokens: readonly string[], start: number): number[] {
  const out: number[] = [];
  for (let i = start; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (!/^\d+$/.test(t) || Number(t) >= 100 || /^(b|m|k|e|x)$/.test(tokens[i + 1] ?? '')) break;
    out.push(Number(t));
  }
  return out;
}

/**
 * `claude-opus-4-5` → claude-opus [4, 5]; `claude-3-5-sonnet` → claude-sonnet [3, 5]; `gpt-5.4-mini` → gpt-5-mini [5, 4];
 * `gpt-4o-mini` → gpt-4o-mini [4]; `o3-mini` → o-series-mini [3]; `gemini-2.5-flash-lite` → gemini-flash-lite [2, 5];
 * `llama-3.1-8b-instruct` → llama-3.1 [3, 1]; otherwise the leading words (`qwen3-235b` → qwen [3], `mistral-large`),
 * with a line word after the version (`qwen3-coder` → qwen-coder), and `deepseek-r1-0528-qwen3-8b` → deepseek-r-tuned.
 * `name` is a provider-neutral name without a snapshot date.
 */
export function lineOf(name: string): Line {
  // A decimal size (`qwen3-1.7b`, `-1p5b`) is not a version step: read it as its whole part (`1b`).
  let t = nameTokens(name.replace(/(^|[-_/:])(\d+)[.p]\d+b(?![a-z0-9])/gi, '$1$2b'));
  while (t.length > 1 && VENDOR_WORDS.has(t[0] ?? '')) t = t.slice(1);
  const s = t.join('-');
  const firstNum = t.findIndex((x) => /^\d+$/.test(x));
  const version = firstNum < 0 ? [] : versionAt(t, firstNum);
  let m: RegExpExecArray | null;
  if ((m = /^claude-(?:[\d-]+-)?(opus|sonnet|haiku|instant)\b/.exec(s))) return { family: `claude-${m[1]}`, version };
  if ((m = /^gemini-(?:[\d-]+-)?(pro|flash-lite|flash|ultra|nano)\b/.exec(s))) return { family: `gemini-${m[1]}`, version };
  // OpenAI's mini and nano are lines of their own: gpt-5.4-nano follows gpt-5-nano, not the better gpt-5-mini
  const subline = t.includes('nano') ? '-nano' : t.includes('mini') ? '-mini' : '';
  if (/^gpt-\d+-o\b/.test(s)) return { family: `gpt-${t[1]}o${subline}`, version };
  if (/^gpt-oss\b/.test(s)) return { family: 'gpt-oss', version };
  if (/^gpt-\d/.test(s)) return { family: `gpt-${t[1]}${subline}`, version };
  if (/^o-\d/.test(s)) return { family: `o-series${subline}`, version };
  if (/^llama-\d/.test(s)) return { family: `llama-${version.join('.')}`, version };
  const words = firstNum < 0 ? t : t.slice(0, firstNum);
  // A line word after the version names a line of its own: `qwen3-coder`, `qwen2-vl`, `qwen3-next`.
  const after = firstNum < 0 ? [] : t.slice(firstNum);
  const line = after.find((w) => LINE_WORDS.has(w)) ?? (after.some((w) => BASE_WORDS.has(w) && w !== words[0]) ? 'tuned' : undefined);
  const family = [...words.slice(0, 2), ...(line ? [line] : [])].join('-') || (t[0] ?? name);
  // DeepSeek-R1 itself is only 671B: a smaller sized R1 (Ollama's `deepseek-r1:8b`) is one of its distills
  if (family === 'deepseek-r' && (sizeInBillions(name) ?? Number.POSITIVE_INFINITY) < 671) return { family: 'deepseek-r-tuned', version };
  return { family, version };
}

/** Negative when `a` is older than `b`; missing parts count as 0 (`gpt-5` = 5.0 < `gpt-5.1`). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Parameters in billions, as a name states them: total, and the active ones of a mixture of experts. */
export interface ParameterCount {
  total: number;
  /** Parameters active per token (`235b-a22b` → 22). */
  active?: number;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const BOUNDARY = String.raw`(?:^|[^a-z0-9.])`;

/**
 * The parameter count a name states: `qwen3-0.6b` → 0.6, `llama-3.1-70b` → 70, `8x7b` → 56 (experts × size),
 * `qwen3-235b-a22b` → 235 total, 22 active. Fireworks' `1p7b` reads as 1.7. Undefined when the name states none, or
 * only the active part (`llama-4-maverick-17b-128e`) or an "effective" size (`gemma-4-e2b`).
 */
export function parameterCount(name: string): ParameterCount | undefined {
  const s = name.toLowerCase().replace(/(\d)p(\d)/g, '$1.$2');
  const moe = new RegExp(`${BOUNDARY}(\\d+)x${NUM}b(?![a-z0-9])`).exec(s);
  if (moe) return { total: Number(moe[1]) * Number(moe[2]) };
  const active = new RegExp(`${BOUNDARY}${NUM}b-a${NUM}b(?![a-z0-9])`).exec(s);
  if (active) return { total: Number(active[1]), active: Number(active[2]) };
  const plain = new RegExp(`${BOUNDARY}${NUM}b(?![a-z0-9])(-\\d+e(?![a-z0-9]))?`).exec(s);
  if (!plain || plain[2] !== undefined) return undefined;
  return { total: Number(plain[1]) };
}

/**
 * The size that predicts quality, in billions: the total for a dense model; for a mixture of experts the geometric
 * mean of total and active parameters (`30b-a3b` ≈ 9.5B), a common rule of thumb that the arena bears out
 * (qwen3-30b-a3b is rated below the dense qwen3-32b).
 */
export function effectiveSize(name: string): number | undefined {
  const p = parameterCount(name);
  if (!p) return undefined;
  return p.active !== undefined ? Math.round(Math.sqrt(p.total * p.active) * 10) / 10 : p.total;
}

/**
 * Total parameters in billions from a size word (`70b`, `8x7b` → 56, `235b-a22b` → 235), if the name says; for
 * tiers, so it also reads tokenized cores (`qwen-3-235-b`). A decimal size reads as its last digits (`1.7b` → 7),
 * which is small either way; estimates use `parameterCount` on the model's name instead.
 */
export function sizeInBillions(name: string): number | undefined {
  const t = nameTokens(name);
  for (let i = 0; i < t.length; i++) {
    if (t[i + 1] === 'x' && /^\d+$/.test(t[i] ?? '') && /^\d+$/.test(t[i + 2] ?? '') && t[i + 3] === 'b') return Number(t[i]) * Number(t[i + 2]);
    if (/^\d+$/.test(t[i] ?? '') && t[i + 1] === 'b' && t[i - 1] !== 'a') return Number(t[i]);
  }
  return undefined;
}

/**
 * flagship / mid / small from the name's words (opus, pro, large… vs sonnet, medium vs haiku, mini, nano, flash,
 * lite, small), then its size (≥ 200B flagship, ≥ 30B mid), then — a weak prior — its output price per million tokens.
 */
export function tierOf(name: string, outputPerMTok?: number): ModelTier {
  const t = nameTokens(name);
  if (t.some((w) => SMALL_WORDS.has(w))) return 'small';
  if (t.some((w) => MID_WORDS.has(w))) return 'mid';
  if (t.some((w) => FLAGSHIP_WORDS.has(w))) return 'flagship';
  const size = sizeInBillions(name);
  if (size !== undefined) return size >= 200 ? 'flagship' : size >= 30 ? 'mid' : 'small';
  if (outputPerMTok === undefined) return 'mid';
  return outputPerMTok >= 10 ? 'flagship' : outputPerMTok >= 1.5 ? 'mid' : 'small';
}

/** Reasoning models by name: OpenAI's o-series, `-thinking`, `-reasoning`, DeepSeek-R1, QwQ, Magistral. */
export function reasonsByName(name: string): boolean {
  return /(^|[^a-z])(o[134](-|$)|qwq|magistral)|thinking|reasoning|deepseek-r1|(^|-)r1(-|$)/i.test(name) && !/non-?reasoning|no-thinking/i.test(name);
}

/**
 * Models that can think but do not unless a request asks them to (`reasoning_effort`, a thinking budget), as their
 * makers document the default: Anthropic's extended thinking is opt-in for every Claude; Gemini 2.5 Flash-Lite thinks
 * only when given a budget, and the later Flash-Lites default to minimal thinking; OpenAI's GPT-5.1 and later
 * default to reasoning effort `none` (GPT-5 and GPT-5 mini/nano default to `medium`; `-codex` and `-pro` reason);
 * DeepSeek's V3.x chat models are the non-thinking mode of the hybrid (`deepseek-chat`; R1, `-reasoner` and V3.2-Speciale
 * think).
 */
const THINKS_ON_REQUEST = /claude|gemini-(?:[\d.]+-)?flash-lite|gpt-5\.\d+(?!\d|-codex|-pro)|gpt-5(?:\.\d+)?-chat|deepseek-(?:chat|v3)(?![\w.-]*speciale)/i;

/**
 * Whether a model spends hidden reasoning tokens when called without asking for any: what a cost or latency forecast
 * must count. `canReason`: its sources list reasoning among its capabilities (which the model keeps either way).
 */
export function thinksByDefault(name: string, canReason: boolean): boolean {
  if (reasonsByName(name)) return true;
  return canReason && !THINKS_ON_REQUEST.test(name);
}
