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
import { askedLength } from '../forecast.js';
import { isGreetingOnly } from '../greeting.js';

/** Bumped whenever a constant or a rule changes; the weights record the version they were trained with. */
export const PRIOR_VERSION = 'priors-6';

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
 * only a few percent, and 2025 flagships answering without long reasoning about half (LiveCodeBench hard). +0.5 per
 * signal (about 0.8 logits), at most three signals, on top of the coding task's own difficulty. (`priors-1` had
 * +0.6, set while the task detector still called these statements math; `priors-2` +1.0, set while the learned part
 * still extrapolated a code-free coding prompt to far easier than any CRUXEval prompt; since the weights' training
 * range is checked (`CategoryCalibration.support`) such a prompt starts from the task's difficulty instead, and
 * +1.0 per signal left a flagship 7 %.)
 */
export const COMPETITIVE_SHIFT = 0.5;
const COMPETITIVE_MAX_SIGNALS = 3;
const COMPETITIVE = [
  /(?:≤|<=)\s*\d*\s*(?:[·*×x]\s*)?10\s*\^\s*\d|10\^\{?\d+\}?|\b1e[5-9]\b/i,
  /\btime limit\b|\bmemory limit\b|\b\d+\s*(?:ms|seconds?)\s+(?:time|limit)/i,
  /\binput format\b|\boutput format\b|\bthe first line (?:of input )?contains\b|\btest cases\b/i,
  /\b(?:online queries|range (?:updates?|queries)|segment tree|dynamic programming|shortest path|max(?:imum)? flow)\b/i,
];
/**
 * A complexity target ("in O(n log n)") counts as one more signal only beside another: on its own it is as common in
 * textbook exercises ("merge two sorted arrays in O(n)") as in contests (`priors-3`; before, it counted alone).
 */
const COMPLEXITY_TARGET = /\bO\(\s*(?:n|m|q|k)[^)]*\)/;

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
 * Only for a message that is nothing but a greeting (`priors-6`; before, any prompt of at most 12 words that started
 * like one, so "Hi, what is the integral of sec³ x?" was rated a greeting).
 */
export const GREETING_SHIFT = -2.5;

/**
 * Short factual questions ("What is the capital of Australia?"): one sentence, no numbers or formulas, not a math
 * or code prompt. Small models answer common facts well (SimpleQA-style long-tail facts are the exception, which is
 * why the shift is moderate). −1.0, prompts of at most 20 words.
 */
export const FACTUAL_SHIFT = -1.0;
const FACTUAL = /^\s*(?:what|who|when|where|which|what's|who's|how (?:tall|old|far|big|long|many people))\b/i;
const FACTUAL_MAX_WORDS = 20;

/**
 * Software work at the scale of a system rather than a function (`priors-3`). ZeroEval's only code task predicts the
 * output of a short given function; it cannot tell "merge two sorted arrays" from "design a multi-tenant billing
 * service". Public results that can: on SWE-bench Verified (real repository changes) 2025 flagships resolve 65–75 %
 * and 7–8B open models under 10 %, while on HumanEval-style single functions both score 80–95 %. Each group of
 * signals below that matches adds +0.75 (about 1.2 logits on code prompts), at most two groups: architecture and
 * system design; concurrency and systems internals; security; whole codebases, services and migrations. (Size
 * asked for, "a 2,000-line service", is the long-answer rule's.)
 * Coding prompts only ("distributed" and "atomic" mean other things in math).
 */
export const SOFTWARE_SCOPE_SHIFT = 0.75;
const SOFTWARE_SCOPE_MAX_GROUPS = 2;
const SOFTWARE_SCOPE = [
  /\b(?:architect(?:ure|ural)?|system design|database schema|data model|microservices?|distributed|multi-?tenant|scal(?:able|ability|e to)|high[- ]availability|fault[- ]toleran(?:t|ce)|event[- ]driven)\b/i,
  /\b(?:lock-free|wait-free|concurren(?:t|cy)|thread-safe|race conditions?|deadlocks?|memory (?:ordering|model|barriers?)|atomics?|garbage collect(?:or|ion)|compilers?|interpreters?|kernel|allocators?|virtual machine)\b/i,
  /\b(?:security|vulnerabilit(?:y|ies)|exploits?|threat model|(?:sql|command|code|prompt) injection|authentication|cryptograph(?:y|ic)|encryption)\b/i,
  /\b(?:codebase|monolith|legacy|repository|whole (?:project|app(?:lication)?|service)|entire (?:project|app(?:lication)?|service)|migrat(?:e|ion))\b/i,
];

/**
 * A long answer asked for ("a 3,000-word essay", "200 lines"): every extra stretch of output is one more place to
 * lose the thread, and small models lose it sooner (long-form generation benchmarks such as LongBench-Write and
 * LongGenBench find quality falling with the length asked, fastest for small models). +0.3 per doubling of the
 * asked length beyond 1,000 tokens, at most +1.2 (16,000 tokens and more). Not for math prompts, whose word
 * problems count words and pages ("a 3,000-word essay takes her 5 hours") without asking for them.
 */
export const LONG_ANSWER_SHIFT = 0.3;
const LONG_ANSWER_FREE_TOKENS = 1_000;
const LONG_ANSWER_MAX_SHIFT = 1.2;

/**
 * Open questions that ask for judgement or sources, outside math and code: weighing trade-offs, assessing,
 * critiquing, citing. Arena's hard-prompt ratings spread models further apart than its overall ratings, and
 * long-tail factual recall with sources (SimpleQA-style) is where small models fail most. +0.5 each of the two,
 * at most +1.0. Not for math or code prompts, where "evaluate" means compute.
 */
export const JUDGEMENT_SHIFT = 0.5;
const JUDGEMENT = /\b(?:assess|critique|critically|trade-?offs?|pros and cons|weigh(?:ing)? the|nuanced|in depth|in-depth|argue)\b/i;
const SOURCES = /\b(?:citations?|cite|with references|peer-reviewed|primary sources)\b/i;

/**
 * Short, well-defined transformations of a given text: classify, extract, translate a phrase, fix grammar, convert
 * a format. Small models do these about as well as large ones (sentiment and simple extraction benchmarks such as
 * SST-2 and CoNLL-style NER: 8B models above 90 %). −1.0, prompts of at most 60 words, outside math and code, and
 * only when no other rule finds them harder.
 */
export const TRANSFORM_SHIFT = -1.0;
const TRANSFORM = /^\s*(?:please\s+)?(?:classify|categori[sz]e|label|tag|extract|list (?:all|every|the)|translate|convert|reformat|format|fix (?:the )?(?:grammar|spelling|typos?)|correct (?:the )?(?:grammar|spelling)|proofread|spell-?check|paraphrase|rephrase|capitali[sz]e|sort|detect the language|identify the language)\b/i;
const TRANSFORM_MAX_WORDS = 60;

/**
 * One short function, query or expression asked for, with no code given: the HumanEval/MBPP kind of request, easier
 * than ZeroEval's only code task (predicting what given code prints, CRUXEval-O) for small models above all —
 * Llama-3.1-8B writes 73 % of HumanEval's functions and predicts about 40 % of CRUXEval-O's outputs; 2025 flagships
 * are above 90 % on both. −0.75 (about −1.2 logits on code prompts), coding prompts of at most 40 words with no code
 * block, and only when no other rule finds them harder.
 */
export const SINGLE_FUNCTION_SHIFT = -0.75;
const SINGLE_FUNCTION = /^\s*(?:please\s+)?(?:write|implement|create|give me|code|make)\s+(?:me\s+)?(?:a|an|one)\s+(?:(?:short|simple|small|quick|tiny|basic|recursive|pure|generic|typed|one-line)\s+)*(?:[\w#+.-]+\s+){0,2}(?:function|method|helper|one-liner|lambda|regex|regular expression|sql query|query|snippet|class)\b/i;
const SINGLE_FUNCTION_MAX_WORDS = 40;

/**
 * University-level mathematics and science (`priors-4`): abstract and linear algebra, analysis and probability
 * theory, physics beyond school, machine-learning theory. ZeroEval's math is grade-school word problems and high-school
 * competition problems, and its learned weights tell them apart mostly by LaTeX, so a short plain-text question about
 * field extensions or angular momentum looks like a GSM8K word problem to them. Public results put such questions far
 * above grade-school math: MMLU's college mathematics, abstract algebra and college physics are its lowest subjects
 * for 7–8B models (about 30–45 %, near the 25 % of guessing) while 2024 flagships score 70–85 %, and on GPQA
 * (graduate science) 8B models are near chance where flagships reach 50–60 % without long reasoning; the same 8B
 * models solve about 80 % of GSM8K. +1.0 once any group matches (about 1.6 logits on math prompts), every category.
 * Chosen after seeing where the RouteLLM MMLU check lost (its math-detected questions were rated the easiest of
 * all), so that check is not blind to this rule.
 */
export const UNIVERSITY_SHIFT = 1.0;
const UNIVERSITY = [
  /\b(?:subgroups?|homomorphi(?:c|sms?)|isomorphi(?:c|sms?)|automorphisms?|abelian|cyclic groups?|factor groups?|quotient (?:groups?|rings?)|normal subgroups?|polynomial rings?|integral domains?|(?:finite|splitting) fields?|field extensions?|ideals? (?:in|of)|(?:prime|maximal) ideals?|cosets?|group of order|(?:symmetric|permutation) groups?|eigen(?:values?|vectors?|spaces?)|vector spaces?|linear (?:maps?|transformations?|operators?)|null ?space|invertible matri(?:x|ces)|orthonormal|inner products?)\b|\b[SZ]_\{?\d+\}?(?![\w{])/i,
  /\b(?:converges? (?:uniformly|absolutely)|uniform(?:ly)? continuous|lebesgue|measurable|metric spaces?|compact (?:sets?|spaces?|subsets?)|banach|hilbert|differential equations?|partial derivatives?|jacobian|hessian|laplace transforms?|fourier (?:transforms?|series)|taylor series|maximum likelihood|unbiased estimators?|random variables?)\b/i,
  /\b(?:quantum|relativistic|lorentz|schr(?:ö|o)dinger|hamiltonian|lagrangian|angular momentum|moment of inertia|electric (?:fields?|potential)|magnetic (?:fields?|flux)|capacitors?|inductors?|photons?|wavelengths?|entropy|thermodynamics?|black ?body|hydrogen atom|nuclear (?:physics|fission|fusion|decay|reactions?|binding|forces?|spins?|magnetic|energy levels?)|harmonic oscillators?|diffraction)\b/i,
  /\b(?:vc[- ]dimension|gradient descent|regulari[sz]ation|overfitting|bias[- ]variance|kernel (?:trick|methods?)|support vector|neural networks?|backpropagation|convolutional|hidden units?|expectation[- ]maximi[sz]ation|markov (?:chains?|models?|decision))\b/i,
];

/**
 * An explanation asked for at an introductory level ("explain a Markov chain to a high-school student", "eigenvalues
 * in simple terms", ELI5): the university vocabulary is its subject, not a problem to solve, and any chat model
 * explains the idea (such questions are the easy end of arena prompts). Such a prompt does not take the university
 * shift (`priors-5`). A problem or a proof ("prove simply that…") is not an explanation and keeps it.
 */
const INTRODUCTORY =
  /\b(?:in (?:simple|plain|layman'?s) (?:terms|english|language|words)|(?:explain|describe)\b[^.?!\n]{0,60}\bsimply|to a (?:child|kid|beginner|layperson|layman|newcomer|non-?expert|high[- ]school(?:er| student)?|(?:five|5)[- ]year[- ]old)|for (?:a )?(?:beginners?|kids|children|laypeople|non-?experts|dummies|a (?:high[- ]school(?:er| student)|beginner|child))|like i(?:'?m| am) (?:five|5)|eli5|intuitively|the intuition (?:behind|of|for))\b/i;

const WORD = /[A-Za-z]+/g;

/** The difficulty shift of a prompt (ability-scale units; positive: harder). Deterministic. */
export function difficultyPrior(text: string, category: QualityCategory): number {
  const t = text.length <= 12_000 ? text : text.slice(0, 6_000) + '\n' + text.slice(-6_000);
  const words = t.match(WORD)?.length ?? 0;
  let shift = 0;
  if (PROOF.test(t)) shift += PROOF_SHIFT;
  if (OLYMPIAD.test(t)) shift += OLYMPIAD_SHIFT;
  let competitive = COMPETITIVE.filter((re) => re.test(t)).length;
  if (competitive > 0 && COMPLEXITY_TARGET.test(t)) competitive++;
  shift += COMPETITIVE_SHIFT * Math.min(competitive, COMPETITIVE_MAX_SIGNALS);
  const requirements = t.match(REQUIREMENT_LINE)?.length ?? 0;
  shift += Math.min(REQUIREMENT_MAX_SHIFT, REQUIREMENT_SHIFT * Math.max(0, requirements - REQUIREMENT_FREE));
  if (category === 'coding') shift += SOFTWARE_SCOPE_SHIFT * Math.min(SOFTWARE_SCOPE_MAX_GROUPS, SOFTWARE_SCOPE.filter((re) => re.test(t)).length);
  const asked = category === 'math' ? 0 : (askedLength(t)?.tokens ?? 0);
  if (asked > LONG_ANSWER_FREE_TOKENS) shift += Math.min(LONG_ANSWER_MAX_SHIFT, LONG_ANSWER_SHIFT * Math.log2(asked / LONG_ANSWER_FREE_TOKENS));
  if (UNIVERSITY.some((re) => re.test(t)) && !INTRODUCTORY.test(t)) shift += UNIVERSITY_SHIFT;
  if (category !== 'math' && category !== 'coding') shift += JUDGEMENT_SHIFT * (Number(JUDGEMENT.test(t)) + Number(SOURCES.test(t)));
  if (shift === 0 && isGreetingOnly(t)) return GREETING_SHIFT;
  const mathOrCode = category === 'math' || category === 'coding' || /\d|\$|\\|[=<>^]/.test(t);
  if (shift === 0 && !mathOrCode && words <= FACTUAL_MAX_WORDS && FACTUAL.test(t) && (t.match(/[.?!](?:\s|$)/g)?.length ?? 0) <= 1) return FACTUAL_SHIFT;
  if (shift === 0 && category !== 'math' && category !== 'coding' && words <= TRANSFORM_MAX_WORDS && TRANSFORM.test(t)) return TRANSFORM_SHIFT;
  if (shift === 0 && category === 'coding' && words <= SINGLE_FUNCTION_MAX_WORDS && !t.includes('```') && SINGLE_FUNCTION.test(t)) return SINGLE_FUNCTION_SHIFT;
  return shift;
}
