/**
 * Difficulty priors: what the training data cannot teach. ZeroEval has grade-school and competition math and one
 * code-reasoning task; it has no greetings, no stories, no proofs, no competitive-programming statements and no long
 * specifications, so the learned weights say nothing about them — left alone, the predictor rates an olympiad
 * functional-equation proof about as easy as "hi" (both look like short prompts with few numbers).
 *
 * A prior is a fixed shift of the prompt's difficulty on the ability scale (the units of `θ − d`: with the trained
 * ability coefficients, one unit is roughly the ability gap between a 2024 8B model and a 2024 flagship, and about
 * half the gap between an 8B model and a 2026 flagship). The chance is `σ(a · (θ − d))` with a discrimination `a`
 * of about 1.6 on math and code prompts, so one unit is about 1.6 logits there. The constants below are **stated, not fitted**: they
 * were set by reasoning about public results (named per rule), never on the eval's data. The trainer adds the same
 * shift as a fixed offset, so where ZeroEval does contain a pattern its weights can correct the prior.
 *
 * Pure: no node:*. One pass of a few regular expressions over the prompt's ends.
 */
import type { QualityCategory } from '../../catalog/model.js';

/** Bumped whenever a constant or a rule changes; the weights record the version they were trained with. */
export const PRIOR_VERSION = 'priors-2';

/**
 * Proofs. Asking for a proof (rather than a number) is the hardest thing in math benchmarks: on olympiad proof sets
 * (e.g. the 2025 USAMO evaluations) small open models score near zero and even frontier models well below their
 * answer-only scores. +1.25 on the ability scale (about 2 logits) turns an average 2024 model's even odds into
 * about 1 in 8.
 */
export const PROOF_SHIFT = 1.25;
const PROOF = /\b(?:prove|proof|rigorous(?:ly)?|justify (?:your|each|every)|show that|demonstrate that|lemma|theorem)\b/i;

/**
 * Olympiad and functional-equation vocabulary: IMO/USAMO/Putnam named, "find all functions", "functional equation".
 * These sit above MATH level 5 (ZeroEval's hardest), where 2024 8B models already fail ~85 %. Kept narrow on
 * purpose: "for every positive integer" or "find all integers" are everyday MATH phrasing, not olympiad markers.
 * Added to the proof shift when both match (an olympiad proof is harder than a textbook proof).
 */
export const OLYMPIAD_SHIFT = 1.0;
const OLYMPIAD = /\b(?:olympiad|imo|usamo|usajmo|putnam|find all (?:functions|polynomials)|functional equations?)\b/i;

/**
 * Competitive programming: input constraints such as `n ≤ 2·10^5`, time and memory limits, complexity targets,
 * input/output format sections. On such problems (Codeforces-rated sets, LiveCodeBench hard) small models solve
 * only a few percent. +1.0 per signal (about 1.5 logits), at most three signals. (`priors-1` had +0.6, set while
 * the task detector still called these statements math; detected as coding they are measured against CRUXEval,
 * the only code task in the data — predicting a short function's output, far easier than writing a contest
 * solution — and +0.6 left an 8B model a 40 % chance.)
 */
export const COMPETITIVE_SHIFT = 1.0;
const COMPETITIVE_MAX_SIGNALS = 3;
const COMPETITIVE = [
  /(?:≤|<=)\s*\d*\s*(?:[·*×x]\s*)?10\s*\^\s*\d|10\^\{?\d+\}?|\b1e[5-9]\b/i,
  /\btime limit\b|\bmemory limit\b|\b\d+\s*(?:ms|seconds?)\s+(?:time|limit)/i,
  /\bO\(\s*(?:n|m|q|k)[^)]*\)/,
  /\binput format\b|\boutput format\b|\bthe first line (?:of input )?contains\b|\btest cases\b/i,
  /\b(?:online queries|range (?:updates?|queries)|segment tree|dynamic programming|shortest path|max(?:imum)? flow)\b/i,
];

/**
 * Long, multi-step specifications: many numbered or bulleted requirements. Every requirement is one more chance to
 * miss one (IFEval-style results fall with the number of instructions). +0.25 per requirement beyond three, at
 * most +1.5.
 */
export const REQUIREMENT_SHIFT = 0.25;
const REQUIREMENT_FREE = 3;
const REQUIREMENT_MAX_SHIFT = 1.5;
const REQUIREMENT_LINE = /^\s*(?:\d+[.)]|[-*•]|\([a-z0-9]\))\s+\S/gm;

/**
 * Greetings and small talk: any chat model answers them. −2.5 makes even a weak model near-certain, as it is.
 * Only for short prompts (≤ 12 words) that start like a greeting.
 */
export const GREETING_SHIFT = -2.5;
const GREETING = /^\s*(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|thanks|thank you|greetings)\b/i;
const GREETING_MAX_WORDS = 12;

/**
 * Short factual questions ("What is the capital of Australia?"): one sentence, no numbers or formulas, not a math
 * or code prompt. Small models answer common facts well (SimpleQA-style long-tail facts are the exception, which is
 * why the shift is moderate). −1.0, prompts of at most 20 words.
 */
export const FACTUAL_SHIFT = -1.0;
const FACTUAL = /^\s*(?:what|who|when|where|which|what's|who's|how (?:tall|old|far|big|long|many people))\b/i;
const FACTUAL_MAX_WORDS = 20;

const WORD = /[A-Za-z]+/g;

/** The difficulty shift of a prompt (ability-scale units; positive: harder). Deterministic. */
export function difficultyPrior(text: string, category: QualityCategory): number {
  const t = text.length <= 12_000 ? text : text.slice(0, 6_000) + '\n' + text.slice(-6_000);
  const words = t.match(WORD)?.length ?? 0;
  let shift = 0;
  if (PROOF.test(t)) shift += PROOF_SHIFT;
  if (OLYMPIAD.test(t)) shift += OLYMPIAD_SHIFT;
  const competitive = COMPETITIVE.filter((re) => re.test(t)).length;
  shift += COMPETITIVE_SHIFT * Math.min(competitive, COMPETITIVE_MAX_SIGNALS);
  const requirements = t.match(REQUIREMENT_LINE)?.length ?? 0;
  shift += Math.min(REQUIREMENT_MAX_SHIFT, REQUIREMENT_SHIFT * Math.max(0, requirements - REQUIREMENT_FREE));
  if (shift === 0 && words <= GREETING_MAX_WORDS && GREETING.test(t)) return GREETING_SHIFT;
  const mathOrCode = category === 'math' || category === 'coding' || /\d|\$|\\|[=<>^]/.test(t);
  if (shift === 0 && !mathOrCode && words <= FACTUAL_MAX_WORDS && FACTUAL.test(t) && (t.match(/[.?!](?:\s|$)/g)?.length ?? 0) <= 1) return FACTUAL_SHIFT;
  return shift;
}
