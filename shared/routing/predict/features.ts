/**
 * Prompt features for the success predictor: a few dozen named, hand-made features (length, quantities, steps,
 * math and code structure, vocabulary) plus hashed word uni- and bigrams. Computed once per request.
 *
 * Pure: no node:*. Long prompts are scanned only at their ends ({@link SCAN_CHARS} each), so the cost is bounded.
 */
import type { QualityCategory } from '../../catalog/model.js';

/**
 * Characters scanned at each end of a long prompt: what is asked and the code or equations it is about sit there.
 * No training prompt is longer than 2 × this (ZeroEval's longest has 2,485 characters), so the weights say nothing
 * about what lies between; scanning more only cost time (6,000 a side: ~650 µs for a 10 KB prompt, 2,000: ~220 µs).
 */
export const SCAN_CHARS = 2_000;

/** The named features, in vector order. Values are small (counts through log1p, flags 0/1). */
export const DENSE_FEATURES = [
  'bias',
  'category.math',
  'category.coding',
  'category.other',
  'inputTokens.log',
  'words.log',
  'sentences.log',
  'numbers.log',
  'numbers.distinct.log',
  'numbers.maxDigits',
  'numbers.decimal.log',
  'steps.log',
  'question.how.log',
  'math.latex.log',
  'math.fraction.log',
  'math.exponent.log',
  'math.root.log',
  'math.environment',
  'math.prove',
  'math.competition.log',
  'math.geometry.log',
  'math.probability.log',
  'math.algebra.log',
  'math.numberTheory.log',
  'math.variables.log',
  'code.lines.log',
  'code.loops.log',
  'code.nesting',
  'code.conditionals.log',
  'code.stringOps.log',
  'code.listOps.log',
  'code.dictOps.log',
  'code.slicing.log',
  'code.arithmetic.log',
  'code.literal.log',
  'code.recursion',
  'domain.money.log',
  'domain.time.log',
  'domain.percent.log',
] as const;
export type DenseFeature = (typeof DENSE_FEATURES)[number];

/** What a trained model needs to rebuild the same vectors (stored in the weights). */
export interface FeatureSpec {
  dense: readonly string[];
  /** Hashed word n-grams: FNV-1a of the lowercased tokens, modulo `buckets`. */
  hashBuckets: number;
  ngrams: number;
  scanChars: number;
}

export const FEATURE_SPEC: FeatureSpec = {
  dense: DENSE_FEATURES,
  hashBuckets: 4096,
  ngrams: 2,
  scanChars: SCAN_CHARS,
};

/** A sparse feature vector: dense features first (indices 0..D-1), then hash buckets (D..D+B-1). */
export interface FeatureVector {
  index: Int32Array;
  value: Float64Array;
}

const log1p = Math.log1p;

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

const STEP_WORDS = words(
  'then after before each every total remaining left twice thrice half times per more less fewer than rest ' +
    'spends spent gives gave buys bought sells sold earns costs week weeks month months altogether',
);
const COMPETITION_WORDS = words(
  'integer integers positive negative nonnegative real complex distinct ordered pairs greatest least largest ' +
    'smallest maximum minimum sum product value values expression simplify evaluate compute find determine ' +
    'exactly possible satisfy satisfies such that where unique',
);
const GEOMETRY_WORDS = words(
  'triangle triangles circle circles radius diameter area perimeter angle angles polygon square rectangle ' +
    'hexagon pentagon sphere cube cylinder cone volume tangent chord parallel perpendicular isosceles ' +
    'equilateral right hypotenuse inscribed circumscribed vertex vertices coordinate coordinates',
);
const PROBABILITY_WORDS = words(
  'probability random randomly chosen expected dice die coin coins ways arrangements arrange choose ' +
    'combinations permutations committee select selected independent',
);
const ALGEBRA_WORDS = words(
  'polynomial polynomials roots root quadratic equation equations function functions solve solution solutions ' +
    'coefficient coefficients sequence series arithmetic geometric logarithm log inverse domain range graph ' +
    'asymptote asymptotes matrix vector vectors',
);
const NUMBER_THEORY_WORDS = words(
  'prime primes divisible divisor divisors factor factors factorial remainder modulo mod digit digits base ' +
    'multiple multiples gcd lcm congruent odd even perfect',
);
const MONEY_WORDS = words('dollars dollar cents cent price prices cost costs pay paid money profit earn earns budget');
const TIME_WORDS = words('hour hours minute minutes second seconds day days week weeks month months year years');

/** Which of the word lists each listed word is in (a bit per list, in this order): one lookup per word. */
const WORD_LISTS = [STEP_WORDS, COMPETITION_WORDS, GEOMETRY_WORDS, PROBABILITY_WORDS, ALGEBRA_WORDS, NUMBER_THEORY_WORDS, MONEY_WORDS, TIME_WORDS];
const WORD_LIST_BITS = new Map<string, number>();
WORD_LISTS.forEach((list, bit) => {
  for (const w of list) WORD_LIST_BITS.set(w, (WORD_LIST_BITS.get(w) ?? 0) | (1 << bit));
});

const STRING_OPS =
  /\.(?:split|rsplit|join|replace|upper|lower|strip|lstrip|rstrip|find|rfind|index|rindex|count|startswith|endswith|format|center|ljust|rjust|zfill|capitalize|title|swapcase|casefold|isalpha|isdigit|isnumeric|isupper|islower|isspace|isalnum|partition|rpartition|translate|maketrans|expandtabs|splitlines|removeprefix|removesuffix)\(/g;
const LIST_OPS =
  /\.(?:append|pop|insert|remove|extend|sort|reverse|clear|copy)\(|\b(?:sorted|reversed|len|range|enumerate|zip|list|map|filter|sum|min|max|set|tuple|abs|any|all)\(/g;
const DICT_OPS = /\.(?:items|keys|values|get|update|setdefault|popitem|fromkeys)\(|\bdict\(|\{[^}\n]*:/g;
const SLICING = /\[[^\]\n]*:[^\]\n]*\]/g;
const CODE_ARITH = /\/\/|\*\*|%|\+=|-=|\*=|\/=/g;
const LOOPS = /\b(?:for|while)\b[^\n]*:/g;
const CONDITIONALS = /\b(?:if|elif|else)\b[^\n]*:/g;
const LATEX_CMD = /\\[a-zA-Z]+/g;
const FRACTION = /\\d?frac|\b\d+\s*\/\s*\d+\b/g;
const EXPONENT = /\^|\*\*|\bsquared\b|\bcubed\b/g;
const ROOT = /\\sqrt|\bsquare roots?\b|\bcube roots?\b/g;
const ENVIRONMENT = /\\begin\{/;
const PROVE = /\b(?:prove|show that|justify)\b/i;
const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const DECIMAL = /\d\.\d|\d%|\bpercent\b/g;
const PERCENT = /%|\bpercent(?:age)?\b/g;
const SENTENCE = /[.?!](?:\s|$)/g;
const HOW = /\b(?:how many|how much|what is|what was|find|compute|determine)\b/gi;
const VARIABLE = /\$[^$]*[a-z][^$]*\$|\b[a-z]\s*[=<>]/g;
const TOKEN = /[a-z_]+|\d+|[^\s\w]/g;

/** Only the ends of a long prompt (`scanChars` each, as the weights were trained): requests and the code or equations are there. */
function scanned(text: string, scanChars: number): string {
  return text.length <= 2 * scanChars ? text : text.slice(0, scanChars) + '\n' + text.slice(-scanChars);
}

/** The category that decides which feature set and which rating applies: math, coding, or other. */
function categoryGroup(category: QualityCategory): 'math' | 'coding' | 'other' {
  return category === 'math' || category === 'coding' ? category : 'other';
}

function codeStats(text: string): { lines: number; nesting: number; recursion: boolean; literal: number } {
  let lines = 0;
  let nesting = 0;
  for (const line of text.split('\n')) {
    if (!/[=():[\]{}]|^\s*(?:def|return|for|while|if|else|elif|class|import)\b/.test(line)) continue;
    lines++;
    const indent = /^( *)/.exec(line)?.[1]?.length ?? 0;
    nesting = Math.max(nesting, Math.floor(indent / 4));
  }
  const def = /\bdef\s+([A-Za-z_]\w*)\s*\(/.exec(text);
  let recursion = false;
  if (def?.[1]) {
    const name = def[1];
    const body = text.slice(def.index + def[0].length);
    recursion = new RegExp(`\\b${name}\\(`).test(body.split(/\nassert\b/)[0] ?? '');
  }
  const assertion = /assert\s+\w+\((.*)\)\s*==/.exec(text);
  return { lines, nesting, recursion, literal: assertion?.[1]?.length ?? 0 };
}

const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a, 32-bit, of `s` appended to what `h` hashed so far: `hash(b, hash(a))` is the hash of `a + b`. */
function hash(s: string, h = FNV_OFFSET): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The feature vector of a prompt. Deterministic; the same spec always gives the same vector. */
export function featurize(text: string, category: QualityCategory, inputTokens: number, spec: FeatureSpec = FEATURE_SPEC): FeatureVector {
  const t = scanned(text, spec.scanChars);
  const lower = t.toLowerCase();
  const tokens = lower.match(TOKEN) ?? [];
  const group = categoryGroup(category);

  let wordCount = 0;
  // per word list (WORD_LISTS order): how many of the prompt's words are in it
  const listed = [0, 0, 0, 0, 0, 0, 0, 0];
  for (const w of tokens) {
    const c = w.charCodeAt(0);
    if (c < 97 || c > 122) continue;
    wordCount++;
    const bits = WORD_LIST_BITS.get(w);
    if (bits !== undefined) for (let b = 0; b < listed.length; b++) if (bits & (1 << b)) listed[b]!++;
  }
  const [steps, competition, geometry, probability, algebra, numberTheory, money, time] = listed as [number, number, number, number, number, number, number, number];
  const numbers = t.match(NUMBER) ?? [];
  const maxDigits = numbers.reduce((m, n) => Math.max(m, n.replace(/\D/g, '').length), 0);
  const code = codeStats(t);

  const dense: Record<DenseFeature, number> = {
    bias: 1,
    'category.math': group === 'math' ? 1 : 0,
    'category.coding': group === 'coding' ? 1 : 0,
    'category.other': group === 'other' ? 1 : 0,
    'inputTokens.log': log1p(Math.max(0, inputTokens)) / 5,
    'words.log': log1p(wordCount) / 5,
    'sentences.log': log1p(count(SENTENCE, t)) / 2,
    'numbers.log': log1p(numbers.length) / 2,
    'numbers.distinct.log': log1p(new Set(numbers).size) / 2,
    'numbers.maxDigits': Math.min(maxDigits, 12) / 6,
    'numbers.decimal.log': log1p(count(DECIMAL, t)),
    'steps.log': log1p(steps) / 2,
    'question.how.log': log1p(count(HOW, t)),
    'math.latex.log': log1p(count(LATEX_CMD, t)) / 2,
    'math.fraction.log': log1p(count(FRACTION, t)),
    'math.exponent.log': log1p(count(EXPONENT, t)),
    'math.root.log': log1p(count(ROOT, t)),
    'math.environment': ENVIRONMENT.test(t) ? 1 : 0,
    'math.prove': PROVE.test(t) ? 1 : 0,
    'math.competition.log': log1p(competition) / 2,
    'math.geometry.log': log1p(geometry) / 2,
    'math.probability.log': log1p(probability) / 2,
    'math.algebra.log': log1p(algebra) / 2,
    'math.numberTheory.log': log1p(numberTheory) / 2,
    'math.variables.log': log1p(count(VARIABLE, t)) / 2,
    'code.lines.log': log1p(code.lines) / 2,
    'code.loops.log': log1p(count(LOOPS, t)),
    'code.nesting': Math.min(code.nesting, 6) / 3,
    'code.conditionals.log': log1p(count(CONDITIONALS, t)),
    'code.stringOps.log': log1p(count(STRING_OPS, t)),
    'code.listOps.log': log1p(count(LIST_OPS, t)),
    'code.dictOps.log': log1p(count(DICT_OPS, t)),
    'code.slicing.log': log1p(count(SLICING, t)),
    'code.arithmetic.log': log1p(count(CODE_ARITH, t)),
    'code.literal.log': log1p(code.literal) / 4,
    'code.recursion': code.recursion ? 1 : 0,
    'domain.money.log': log1p(money),
    'domain.time.log': log1p(time),
    'domain.percent.log': log1p(count(PERCENT, t)),
  };

  // hashed uni- and bigrams ("a b": the unigram's hash continued over a space and the next token), each present
  // bucket weighted 1/sqrt(distinct buckets) so long prompts don't dominate
  const B = spec.hashBuckets;
  const bigrams = spec.ngrams >= 2;
  const hits = new Uint32Array(bigrams ? 2 * tokens.length : tokens.length);
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const unigram = hash(tokens[i] as string);
    hits[n++] = unigram % B;
    if (bigrams && i + 1 < tokens.length) hits[n++] = hash(tokens[i + 1] as string, hash(' ', unigram)) % B;
  }
  const sorted = hits.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i]!;
  const D = spec.dense.length;
  const index = new Int32Array(D + distinct);
  const value = new Float64Array(D + distinct);
  spec.dense.forEach((name, i) => {
    index[i] = i;
    value[i] = dense[name as DenseFeature] ?? 0;
  });
  const scale = distinct > 0 ? 1 / Math.sqrt(distinct) : 0;
  for (let i = 0; i < distinct; i++) {
    index[D + i] = D + sorted[i]!;
    value[D + i] = scale;
  }
  return { index, value };
}

/** The dot product of a feature vector with a weight array laid out as dense features then hash buckets. */
export function dot(x: FeatureVector, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.index.length; i++) s += (w[x.index[i] as number] ?? 0) * (x.value[i] as number);
  return s;
}
