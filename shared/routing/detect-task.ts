/**
 * Task detection: what kind of request is this? Fast, deterministic and explainable rules — no model.
 *
 * Pure: no node:* and no vscode imports.
 *
 * ## Precedence (the decision, in order)
 * 1. **vision** — any image part in any message. The request cannot be served without vision, so this wins
 *    over everything (the topic still shows in `scores` and `reasons`).
 * 2. **long-context** — `opts.inputTokens` (when given) or the estimate `ceil(chars / 3.2)` is above
 *    {@link LONG_CONTEXT_TOKENS} (32k; ≈ 100k characters). Only a long input is long-context, and then it wins
 *    over the topic: what differs most between models on such requests is how well they use a long input.
 * 3. **multi-turn** — at least {@link MULTI_TURN_MIN_USER_TURNS} user turns, *unless* a topic is strong
 *    (score ≥ {@link TOPIC_STRONG}): a debugging session with code and tracebacks is coding, a long chat with
 *    only weak topical hints is multi-turn.
 * 4. **topic** — coding, math, creative, instructions each get evidence from general rules (below); the
 *    strongest wins when its score is at least {@link TOPIC_MIN}.
 * 5. **general** — otherwise.
 *
 * ## Topic rules
 * - **The object of the request decides the form.** "Write a poem about recursion" asks for a poem (creative);
 *   "write a function that prints a poem" asks for a function (coding). The head noun of the request
 *   ("write/compose/create/implement/tell me/… a … X"; the first one in the most recent user message) is the
 *   primary form; vocabulary of the other topics is then treated as subject matter and discounted
 *   ({@link SUBJECT_DISCOUNT}). Structure (code fences, stack traces, code-like lines, LaTeX, equations) is
 *   never discounted. Ambiguous nouns (program, class, test, plot, hook…) are not forms.
 * - **coding**: code fences (and their language), code-like lines, stack traces and error names, file names,
 *   identifiers (camelCase, snake_case, `a.b()`), SQL keywords, languages, tools, programming terms and phrases.
 * - **math**: equations and expressions, LaTeX, math symbols, math vocabulary (one strong concept such as
 *   "derivative" is enough: "explain what a derivative is" is math), math phrases ("solve for x", "prove
 *   that"), numeric word problems (a quantity question with at least two numbers).
 * - **creative**: imaginative forms (poem, story, lyrics, haiku, screenplay, joke…) and story vocabulary.
 *   Functional writing (emails, cover letters, summaries) is not creative: it is general.
 * - **instructions**: explicit, checkable constraints on the output — length limits ("in exactly 3 bullet
 *   points", "under 50 words"), output format ("respond in JSON", "as a table"), exclusions ("do not use",
 *   "no commas"), letter case, start/end rules, per-item rules, "only output …". Each distinct kind counts
 *   once. One constraint turns a general request into instructions; a topical request (a story, a function)
 *   keeps its topic with one or two constraints and becomes instructions from three kinds on.
 * - Roles: the last user message weighs 1, earlier user messages 0.7, system and tool 0.6, assistant 0.35.
 *
 * ## Scores and confidence
 * Topic scores are `1 - exp(-evidence / 4)` in [0, 1]: one strong cue ≈ 0.4, a few ≈ 0.7+. `scores.general`
 * is `1 - best topic score`, `scores.vision` is 1 with an image, `scores['long-context']` grows with size,
 * `scores['multi-turn']` with user turns. `confidence` combines the winner's score with its margin over the
 * runner-up.
 *
 * ## Cost
 * One hand-written tokenizer pass looks words up in a Map lexicon; phrase rules are sticky regexes run only
 * where their first word occurs (and only in the first and last {@link REQUEST_WINDOW_CHARS} characters of a
 * message, where requests and constraints are stated); structural regexes start on rare characters (`` ` ``,
 * `\`, operators, `.`) so they skip prose quickly. Only the first and last {@link SCAN_EDGE_CHARS} characters
 * of the conversation are scanned, so the cost is bounded whatever the input size; nothing is quadratic.
 */
import { answerOptionsStart } from './answer-options.js';
import { withoutOutputFormat } from './output-format.js';
import {
  type ChatMessage,
  type RequestInput,
  imageCount,
  messageText,
  messagesOf,
  textLength,
  userTurns,
} from './messages.js';

export const TASKS = [
  'coding',
  'math',
  'creative',
  'instructions',
  'long-context',
  'vision',
  'multi-turn',
  'general',
] as const;
export type Task = (typeof TASKS)[number];

export interface TaskDetection {
  task: Task;
  /** 0..1: how sure the detector is of `task`. */
  confidence: number;
  /** Short human-readable reasons, the decisive one first, e.g. `coding: code fence with TypeScript, …`. */
  reasons: string[];
  /** Evidence strength for every task, 0..1 (rounded to 3 decimals). */
  scores: Record<Task, number>;
}

export interface DetectTaskOptions {
  /** Input tokens when the caller counted them (exact tokenizer); otherwise estimated from characters. */
  inputTokens?: number;
}

/** Inputs above this many tokens are long-context. */
export const LONG_CONTEXT_TOKENS = 32_000;
/** Characters per token for the estimate when `inputTokens` is not given (conservative: code and prose mix). */
export const CHARS_PER_TOKEN_ESTIMATE = 3.2;
/** From this many user turns a conversation is multi-turn (unless a topic is strong). */
export const MULTI_TURN_MIN_USER_TURNS = 3;
/** Below this best topic score the request is general. */
export const TOPIC_MIN = 0.3;
/** At or above this topic score the topic beats multi-turn. */
export const TOPIC_STRONG = 0.6;
/** Characters scanned at each end of the conversation for topical signals. */
export const SCAN_EDGE_CHARS = 20_000;
/** Characters at each end of a message searched for request phrases and constraints. */
export const REQUEST_WINDOW_CHARS = 1_500;
/** Factor applied to another topic's vocabulary when the request's form is known (subject matter). */
export const SUBJECT_DISCOUNT = 0.4;

const EVIDENCE_SCALE = 4;
const CONSTRAINT_WEIGHT = 2.2;
const CONSTRAINT_STACK_BONUS = 1.5;

type Topic = 'coding' | 'math' | 'creative' | 'instructions';
const TOPICS: readonly Topic[] = ['coding', 'math', 'creative', 'instructions'];

// ---------------------------------------------------------------------------------------------------------
// Evidence groups: each has a topic, a cap (so repetition saturates), and whether it is vocabulary (which
// is discounted when it is only the subject of another topic's request).

interface GroupState {
  raw: number;
  count: number;
  items: string[];
}

interface GroupDef {
  topic: Topic;
  cap: number;
  vocabulary: boolean;
  describe: (g: GroupState) => string;
}

const list = (g: GroupState): string => (g.items.length > 0 ? ` (${g.items.join(', ')})` : '');
const plural = (n: number, word: string, many = word + 's'): string => `${n} ${n === 1 ? word : many}`;

const GROUPS = {
  'coding.fence': {
    topic: 'coding',
    cap: 5,
    vocabulary: false,
    describe: (g) =>
      `${g.count > 1 ? g.count + ' code fences' : 'code fence'}${g.items.length > 0 ? ' with ' + g.items.join('/') : ''}`,
  },
  'coding.syntax': { topic: 'coding', cap: 4.5, vocabulary: false, describe: (g) => plural(g.count, 'code-like line') },
  'coding.trace': { topic: 'coding', cap: 4.5, vocabulary: false, describe: () => 'stack trace / compiler output' },
  'coding.error': { topic: 'coding', cap: 4, vocabulary: false, describe: (g) => `error names${list(g)}` },
  'coding.file': { topic: 'coding', cap: 3, vocabulary: false, describe: (g) => `file names${list(g)}` },
  'coding.ident': { topic: 'coding', cap: 2.5, vocabulary: false, describe: (g) => `identifiers${list(g)}` },
  'coding.ops': { topic: 'coding', cap: 2, vocabulary: false, describe: (g) => `code operators${list(g)}` },
  'coding.inline': { topic: 'coding', cap: 1.5, vocabulary: false, describe: () => 'inline code' },
  'coding.sql': { topic: 'coding', cap: 3.5, vocabulary: false, describe: (g) => `SQL${list(g)}` },
  'coding.request': { topic: 'coding', cap: 4.5, vocabulary: false, describe: (g) => `asks for ${g.items.join(', ')}` },
  'coding.lang': { topic: 'coding', cap: 4, vocabulary: true, describe: (g) => `language: ${g.items.join(', ')}` },
  'coding.tech': { topic: 'coding', cap: 4, vocabulary: true, describe: (g) => `tools${list(g)}` },
  'coding.term': {
    topic: 'coding',
    cap: 5,
    vocabulary: true,
    describe: (g) => `${plural(g.count, 'code keyword')}${list(g)}`,
  },
  'coding.phrase': { topic: 'coding', cap: 4, vocabulary: true, describe: (g) => `programming phrases${list(g)}` },
  'coding.contest': { topic: 'coding', cap: 7, vocabulary: false, describe: (g) => `programming-contest statement${list(g)}` },
  'math.expr': {
    topic: 'math',
    cap: 4.5,
    vocabulary: false,
    describe: (g) => `${plural(g.count, 'equation/expression', 'equations/expressions')}${list(g)}`,
  },
  'math.latex': { topic: 'math', cap: 4.5, vocabulary: false, describe: (g) => `LaTeX${list(g)}` },
  'math.symbol': { topic: 'math', cap: 3, vocabulary: false, describe: (g) => `math symbols${list(g)}` },
  'math.phrase': { topic: 'math', cap: 5, vocabulary: false, describe: (g) => `math phrasing${list(g)}` },
  'math.word-problem': { topic: 'math', cap: 2.5, vocabulary: false, describe: () => 'numeric word problem' },
  'math.request': { topic: 'math', cap: 4.5, vocabulary: false, describe: (g) => `asks for ${g.items.join(', ')}` },
  'math.term': {
    topic: 'math',
    cap: 5,
    vocabulary: true,
    describe: (g) => `${plural(g.count, 'math term')}${list(g)}`,
  },
  'creative.request': {
    topic: 'creative',
    cap: 4.5,
    vocabulary: false,
    describe: (g) => `asks for ${g.items.join(', ')}`,
  },
  'creative.phrase': { topic: 'creative', cap: 3, vocabulary: false, describe: (g) => `creative phrasing${list(g)}` },
  'creative.form': { topic: 'creative', cap: 4, vocabulary: true, describe: (g) => `creative forms${list(g)}` },
  'creative.term': { topic: 'creative', cap: 3.5, vocabulary: true, describe: (g) => `story vocabulary${list(g)}` },
} satisfies Record<string, GroupDef>;
type GroupId = keyof typeof GROUPS;

// ---------------------------------------------------------------------------------------------------------
// Lexicon: lowercase word → contributions. Built once at module load from compact tables. `gen`/`seen` are
// per-call scratch (reset lazily by comparing `gen` with the call's generation), so no Map is allocated per
// call; detection is synchronous, so this is safe.

interface LexEntry {
  group: GroupId;
  weight: number;
}
interface LexWord {
  entries: LexEntry[];
  gen: number;
  seen: number;
}
const LEXICON = new Map<string, LexWord>();
/** Display names for languages and fence tags. */
const DISPLAY = new Map<string, string>();
let generation = 0;

function lex(group: GroupId, weight: number, words: string): void {
  for (const w of words.split(/\s+/)) {
    if (!w) continue;
    const word = LEXICON.get(w);
    if (word) {
      // first table wins when a word is listed twice for the same group
      if (!word.entries.some((e) => e.group === group)) word.entries.push({ group, weight });
    }
    else LEXICON.set(w, { entries: [{ group, weight }], gen: -1, seen: 0 });
  }
}

// coding: languages
lex(
  'coding.lang',
  2,
  'python javascript typescript java golang kotlin php perl scala haskell elixir erlang clojure fortran cobol ' +
    'powershell bash zsh sql mysql postgres postgresql sqlite plsql tsql html css scss sass jsx tsx graphql ' +
    'solidity verilog vhdl ocaml fsharp csharp cpp rustlang lua typescript js nodejs reactjs vba',
);
lex('coding.lang', 1, 'rust ruby swift dart matlab assembly objective groovy');
lex('math.term', 0.6, 'matlab');
for (const [k, v] of Object.entries({
  python: 'Python', py: 'Python', javascript: 'JavaScript', js: 'JavaScript', typescript: 'TypeScript', ts: 'TypeScript',
  java: 'Java', golang: 'Go', go: 'Go', rust: 'Rust', rs: 'Rust', rustlang: 'Rust', kotlin: 'Kotlin', kt: 'Kotlin',
  php: 'PHP', perl: 'Perl', scala: 'Scala', haskell: 'Haskell', elixir: 'Elixir', erlang: 'Erlang', clojure: 'Clojure',
  lua: 'Lua', fortran: 'Fortran', cobol: 'COBOL', powershell: 'PowerShell', ps1: 'PowerShell', bash: 'Bash',
  sh: 'shell', shell: 'shell', zsh: 'zsh', sql: 'SQL', mysql: 'MySQL', postgres: 'Postgres', postgresql: 'PostgreSQL',
  sqlite: 'SQLite', plsql: 'PL/SQL', tsql: 'T-SQL', html: 'HTML', css: 'CSS', scss: 'SCSS', sass: 'Sass', jsx: 'JSX',
  tsx: 'TSX', graphql: 'GraphQL', solidity: 'Solidity', verilog: 'Verilog', vhdl: 'VHDL', ocaml: 'OCaml',
  fsharp: 'F#', csharp: 'C#', cs: 'C#', cpp: 'C++', 'c++': 'C++', c: 'C', h: 'C', ruby: 'Ruby', rb: 'Ruby',
  swift: 'Swift', dart: 'Dart', matlab: 'MATLAB', assembly: 'assembly', asm: 'assembly', nodejs: 'Node.js',
  reactjs: 'React', vba: 'VBA', json: 'JSON', yaml: 'YAML', yml: 'YAML', xml: 'XML', toml: 'TOML', dockerfile: 'Dockerfile',
  diff: 'diff', console: 'console', r: 'R', groovy: 'Groovy', objective: 'Objective-C', 'c#': 'C#', 'f#': 'F#',
  '.net': '.NET', vue: 'Vue', svelte: 'Svelte', makefile: 'Makefile', ini: 'INI', hcl: 'HCL', terraform: 'Terraform',
  proto: 'protobuf', kts: 'Kotlin', jl: 'Julia', julia: 'Julia', ex: 'Elixir', hs: 'Haskell', clj: 'Clojure',
})) {
  DISPLAY.set(k, v);
}

// coding: tools and frameworks
lex(
  'coding.tech',
  1.5,
  'react vue vuejs angular svelte nextjs nuxt django flask fastapi rails laravel symfony springboot npm yarn pnpm ' +
    'pip conda webpack vite babel eslint prettier docker dockerfile kubernetes k8s kubectl helm terraform ansible ' +
    'git github gitlab bitbucket jenkins nginx redis mongodb mongo kafka rabbitmq elasticsearch pandas numpy scipy ' +
    'pytorch tensorflow keras sklearn jquery tailwind tailwindcss vscode intellij neovim emacs regex regexp regexes ' +
    'api apis sdk cli localhost oauth jwt websocket websockets grpc protobuf firebase supabase vercel netlify heroku ' +
    'postman curl wget sudo chmod grep awk makefile cmake gradle maven cargo rustc gcc clang llvm jvm jdk npx ' +
    'tsconfig vitest jest pytest mocha junit selenium playwright cypress unittest stackoverflow leetcode ' +
    'matplotlib jupyter dataframe dataframes ec2 s3 dynamodb mui redux webhook webhooks ' +
    'useeffect usestate nodemon cron crontab systemd virtualenv venv uvicorn gunicorn ' +
    'spark hadoop airflow dbt snowflake bigquery sqlalchemy prisma sequelize mongoose hibernate vlookup xlookup ' +
    'iferror sumif sumifs countif countifs localstorage sessionstorage pydantic',
);
lex('coding.tech', 0.8, 'node linux ubuntu debian unix shell terminal aws azure gcp ssh http excel vim bootstrap spring express spreadsheet json yaml xml');
lex('coding.tech', 0.4, 'csv https url macos windows chrome browser');

// coding: programming terms
lex(
  'coding.term',
  2,
  'refactor refactoring refactored debug debugging debugger compile compiler compiling compiled compilation segfault ' +
    'stacktrace traceback codebase programming polymorphism memoization deserialize bitwise middleware ' +
    'microservice microservices multithreading hashmap hashtable linkedlist println printf stdout stderr stdin argv ' +
    'kwargs nullptr rerender rerenders',
);
lex(
  'coding.term',
  1.2,
  'code coding programmer runtime syntax array arrays struct structs enum enums endpoint endpoints backend frontend ' +
    'fullstack repo async callback callbacks iterator iterators orm crud mutex deadlock const snippet scripting ' +
    'parser serialize props encapsulation rebase linter linting lint int char boolean dom param params ' +
    'deprecated',
);
lex(
  'coding.term',
  1,
  'function functions recursion algorithm algorithms pointer pointers database databases exception exceptions ' +
    'concurrency await parse parsing developer developers compiles',
);
lex(
  'coding.term',
  0.6,
  'method methods variable variables recursive query queries schema repository commit commits deploy deployment ' +
    'server servers closure closures decorator null undefined bug bugs buggy script scripts implement implementation ' +
    'framework frameworks dependency dependencies module modules import imports float string loop loops hash ' +
    'cache caching component components render renders rendering config args inheritance thread threads program ' +
    'programs app webpage plugin tests unit compute',
);
lex('coding.term', 0.4, 'class classes interface library libraries package packages integer strings merge crash crashes ' +
  'error errors testing test binary sort sorting stack heap queue complexity latency optimize website apps port ' +
  'returns return linked nested vector lambda modulo fibonacci div matrix index');

// math
lex(
  'math.term',
  2,
  'integral integrals derivative derivatives differentiate differentiation antiderivative calculus theorem theorems ' +
    'lemma corollary polynomial polynomials quadratic logarithm logarithms trigonometry trigonometric eigenvalue ' +
    'eigenvalues eigenvector eigenvectors determinant hypotenuse pythagorean factorial combinatorics probability ' +
    'asymptote parabola mathematics topology isomorphism isomorphic homomorphism bijection injective surjective ' +
    'cardinality coprime maclaurin riemann differentiable continuity hexagon pentagon octagon polygon polygons quadrilateral parallelogram ' +
    'trapezoid rhombus polyhedron',
);
lex(
  'math.term',
  1.5,
  'permutation permutations probabilities hyperbola geometry algebra algebraic arithmetic math maths mathematical ' +
    'mathematically prove axiom axioms conjecture irrational divisible divisor divisors gcd lcm numerator ' +
    'denominator sqrt cosine bayes binomial poisson countable uncountable factorize factorise congruent manifold ' +
    'fourier laplace quotient cartesian equation equations percentile integers primes correlation',
);
lex(
  'math.term',
  1,
  'integration inequality inequalities proof proofs fraction fractions radius circumference perimeter triangle ' +
    'triangles sine sin cos ln exponent exponents slope intercept coefficient coefficients variance matrices ' +
    'statistics median bayesian gaussian convergence converge converges stochastic infinity induction calculate ' +
    'simplify dice orthogonal perpendicular euler geometric vectors asymptotic infinitely sphere cylinder ' +
    'vertex vertices multiply multiplication subtract subtraction divide division',
);
lex(
  'math.term',
  0.6,
  'rational integer prime modulo modular decimal percent percentage ratio proportion diameter angle angles tangent ' +
    'tan exponential vector matrix linear deviation statistical continuous chance chances regression distribution odds coin coins ' +
    'solve solving calculation calculating sum remainder digits digit formula formulas axis coordinate coordinates ' +
    'polar imaginary taylor fibonacci pi contradiction diverge subset subsets limit limits expectation series ' +
    'sequence area function functions variable variables compute evaluate mean average rectangle cube cone ' +
    'zero squared cubed',
);

// creative
lex(
  'creative.form',
  1.5,
  'poem poems poetry haiku haikus sonnet sonnets limerick limericks lyrics verse verses stanza stanzas ballad ode ' +
    'screenplay fanfic fanfiction fable fables villanelle lullaby acrostic elegy rhyme rhymes rhyming',
);
lex(
  'creative.form',
  1,
  'story stories tale tales song songs fiction fictional novel novella poet rap jingle riddle riddles joke jokes ' +
    'monologue parody satire myth',
);
lex(
  'creative.term',
  1,
  'protagonist antagonist worldbuilding backstory storytelling narrator roleplay dystopian whimsical imaginative ' +
    'bedtime chorus',
);
lex(
  'creative.term',
  0.6,
  'character characters plot villain hero heroine narrative dialogue scene scenes chapter fantasy dragon dragons ' +
    'wizard mystery detective horror romance comedic metaphor imagery creative imagine pretend legend ' +
    'kingdom adventure quest haunted magical whimsy melancholy nostalgic rhythm pun puns epic',
);

// ---------------------------------------------------------------------------------------------------------
// Request forms: the head noun of "write/compose/tell me … a … X" decides what is asked for.

const FORM = new Map<string, Topic>();
for (const w of (
  'poem poems poetry haiku haikus sonnet sonnets limerick limericks lyrics song songs story stories tale tales fable ' +
  'fables fairytale screenplay joke jokes riddle riddles rap ballad ode monologue dialogue scene chapter novel ' +
  'novella narrative fanfic fanfiction verse verses character characters backstory lullaby epic myth parody ' +
  'satire villanelle acrostic elegy prologue epilogue anecdote fiction puns pun rhyme mystery thriller romance ' +
  'fantasy tragedy comedy'
).split(' ')) {
  FORM.set(w, 'creative');
}
for (const w of (
  'function functions method methods script scripts code snippet regex regexes query queries api endpoint ' +
  'endpoints component components cli algorithm implementation dockerfile makefile bug bugs app website webpage ' +
  'backend server parser compiler interpreter scraper bot plugin decorator schema struct macro shader loop ' +
  'unittest unittests middleware microservice sql ' +
  'python javascript typescript java golang rust kotlin php ruby swift bash powershell html css'
).split(' ')) {
  FORM.set(w, 'coding');
}
for (const w of (
  'proof equation equations integral integrals derivative derivatives probability theorem inequality limit ' +
  'expression roots eigenvalues determinant'
).split(' ')) {
  FORM.set(w, 'math');
}
/** Words after which "script" is a play or film script, not code. */
const SCRIPT_CREATIVE_BEFORE = new Set(
  'movie film play tv theater theatre radio comedy skit youtube podcast video stage'.split(' '),
);
/** Words that end the request's noun phrase ("a poem *about* …"). */
const PHRASE_END = new Set(
  ('about that which who whom where when for to in on with of from using explaining describing based like so ' +
    'because while if and or but as into onto by than whose featuring starring called named set').split(' '),
);

// ---------------------------------------------------------------------------------------------------------
// Phrase rules, anchored on their first word: the tokenizer runs a rule's sticky regex only where one of its
// trigger words starts (inside a request window). Patterns are case-insensitive and start at the trigger.

interface Rule {
  re: RegExp;
  apply: (m: RegExpExecArray, ev: Evidence) => void;
}
const TRIGGERS = new Map<string, Rule[]>();

function rule(triggers: string, source: string, apply: Rule['apply']): void {
  const r: Rule = { re: new RegExp(source, 'iy'), apply };
  for (const t of triggers.split(/\s+/)) {
    if (!t) continue;
    const rules = TRIGGERS.get(t);
    if (rules) rules.push(r);
    else TRIGGERS.set(t, [r]);
  }
}

const NUM = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a hundred|a single|single)`;
const NUM_WORDS = 'one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty hundred single';
const UNIT = String.raw`(?:words?|sentences?|paragraphs?|bullets?|bullet points?|bulleted items?|points?|items?|lines?|characters?|chars|letters?|sections?|steps?|tips?|examples?|reasons?|questions?|options?|ideas?|names?|titles?|emojis?|syllables?|tokens?|pages?|rows?|columns?|keywords?|hashtags?|adjectives?|verbs?|nouns?)`;
const SHORT_UNIT = String.raw`(?:word|sentence|paragraph|bullet|line|item|point|character|syllable)s?`;

interface ConstraintKind {
  kind: string;
  label: string;
}
const CONSTRAINT_KINDS: ConstraintKind[] = [
  { kind: 'length', label: 'length limit' },
  { kind: 'format', label: 'output format' },
  { kind: 'exclusion', label: 'exclusions' },
  { kind: 'case', label: 'letter case' },
  { kind: 'position', label: 'start/end rule' },
  { kind: 'per-item', label: 'per-item rule' },
  { kind: 'rules', label: 'explicit output rules' },
];
const constraint =
  (kind: string): Rule['apply'] =>
  (_m, ev) => {
    const prev = ev.constraints.get(kind) ?? 0;
    if (ev.weight > prev) ev.constraints.set(kind, ev.weight);
  };

// instructions: length limits
rule(
  'exactly precisely no not at under fewer less maximum max minimum min up limited limit between within',
  String.raw`(?:exactly|precisely|no more than|not more than|no fewer than|no less than|not exceeding|at most|at least|under|fewer than|less than|maximum(?: of)?|max|minimum(?: of)?|min|up to|limited to|limit (?:it |yourself |the \w+ |each \w+ )?to|between|within)\s+${NUM}(?:\s*(?:-|to|and)\s*${NUM})?\s+${UNIT}\b`,
  constraint('length'),
);
rule(
  'in',
  String.raw`in\s+(?:just\s+|only\s+|exactly\s+|about\s+|around\s+)?${NUM}\s+(?:words?|sentences?|paragraphs?|bullet points?|bullets?|lines?|characters?|points?|steps?|syllables?)\b`,
  constraint('length'),
);
rule(NUM_WORDS, String.raw`${NUM}-${SHORT_UNIT}\b(?!\s+problem)`, constraint('length'));
rule('word character', String.raw`(?:word|character) (?:count|limit)\b`, constraint('length'));
// instructions: output format
rule(
  'respond responds responding reply replies answer answers output outputs return returns format formatted give ' +
    'provide present write structure list put',
  String.raw`(?:respond|reply|answer|output|return|format|give|provide|present|write|structure|list|put)\w*\b[^.\n]{0,40}?\b(?:in|as|using|into)\s+(?:(?:a|an|valid|strict|raw|proper|the form of|plain)\s+)*(?:json|yaml|xml|csv|markdown|(?:markdown\s+)?table|numbered list|bulleted list|bullet(?:ed)? points?|bullets|list form|plain text|title case|headings|sections|key[- ]value pairs|code block|a single paragraph|one paragraph|a single line|one line)\b`,
  constraint('format'),
);
rule('json', String.raw`json (?:object|array|format|schema)\b`, constraint('format'));
rule('valid only pure strict', String.raw`(?:valid|only|pure|strict) json\b`, constraint('format'));
rule('numbered', String.raw`numbered (?:list|steps)\b`, constraint('format'));
rule('one each', String.raw`(?:one (?:\w+ )?per line|each on (?:a|its own) (?:new |separate )?line)\b`, constraint('format'));
rule(
  'use using with include',
  String.raw`(?:use|using|with|include)\s+(?:\w+\s+){0,2}?(?:headings|bullet points|bullets|subheadings|emojis?|hashtags?|markdown)\b`,
  constraint('format'),
);
rule('format formatted', String.raw`format(?:ted)? (?:it |this |the (?:answer|response|output) )?(?:as|like)\b`, constraint('format'));
rule('in using with', String.raw`(?:in|using|with) (?:the|this) (?:following )?format\b`, constraint('format'));
rule('use', String.raw`use this (?:format|template|structure)\b`, constraint('format'));
rule('following', String.raw`following (?:format|template|structure|schema)\b`, constraint('format'));
rule('with', String.raw`with (?:the )?(?:keys|fields)\b`, constraint('format'));
rule('table', String.raw`table with columns\b`, constraint('format'));
rule('a an as in', String.raw`(?:a|an|as|in) (?:json|yaml|xml|csv) (?:list|array|object|format|table|response|output|document)\b`, constraint('format'));
rule('fields keys columns', String.raw`(?:fields|keys|columns) only\b`, constraint('format'));
// instructions: exclusions
rule(
  'do don dont never avoid',
  String.raw`(?<!\b(?:i|we|they|he|she|it|you)\s)(?:do not|don't|don’t|dont|never|avoid)\s+(?:use|using|mention|mentioning|include|including|say|saying|repeat|repeating|exceed|exceeding|start|begin|write|explain|explanations?|intro|introduction|preamble|commentary|commas?|emojis?|hashtags?|markdown|bullet points|headings|jargon|apolog\w+|disclaimers?|extra text|filler|quotes|quotation marks|capital letters|capitals|the (?:letters?|words?))\b`,
  constraint('exclusion'),
);
rule(
  'without',
  String.raw`without (?:using |any |mentioning |including )*(?:the (?:letters?|words?)|commas?|emojis?|hashtags?|markdown|bullet points|headings|jargon|code|numbers|quotes|quotation marks|capital letters|capitals|explanations?|repeating|technical terms)\b`,
  constraint('exclusion'),
);
rule(
  'no',
  String.raw`no (?:commas|emojis|bullet points|markdown|headings|intro(?:duction)?|preamble|explanations?|descriptions?|details|numbering|extra (?:text|words)|additional text|apolog\w+|disclaimers?|jargon|filler|commentary|capital letters)\b`,
  constraint('exclusion'),
);
// instructions: letter case
rule(
  'all in title sentence capitalize capitalise lowercase uppercase only',
  String.raw`(?:all (?:capital|caps|uppercase|lowercase|lower[- ]case|upper[- ]case)(?: letters)?|in (?:all )?(?:caps|capitals|capital letters|uppercase|lowercase|lower[- ]case|upper[- ]case)|title case|sentence case|capitali[sz]e (?:every|each|all|the first)|lowercase only|uppercase only|only (?:lowercase|uppercase))\b`,
  constraint('case'),
);
// instructions: start/end rules
rule(
  'start starts starting begin begins beginning end ends ending finish finishes conclude concludes open opens close closes',
  String.raw`(?:start|begin|end|finish|conclude|open|close)(?:s|ing)?\s+(?:(?:your|the|each|every|my)\s+)?(?:(?:entire\s+|whole\s+)?(?:response|answer|reply|output|message|summary|email|essay|story|poem|sentence|paragraph|line|bullet|item|list|text|post)s?\s+)?(?:with|by)\s+(?:the (?:word|phrase|letter|sentence)|a (?:question|summary|verb|noun|capital|number|quote|call to action)|exactly|["'“‘])`,
  constraint('position'),
);
rule('wrap', String.raw`wrap (?:your |the )?(?:entire |whole )?(?:response|answer|output|reply)\b`, constraint('position'));
rule(
  'in within wrapped enclosed',
  String.raw`(?:in|within|wrapped in|enclosed in) (?:double )?(?:quotes|quotation marks|square brackets|angle brackets|double angular brackets|asterisks)\b`,
  constraint('position'),
);
rule('p postscript', String.raw`(?:p\.s\.|postscript\b)`, constraint('position'));
// instructions: per-item rules
rule(
  'each every',
  String.raw`(?:each|every)\s+(?:sentence|line|bullet|bullet point|paragraph|item|point|word|answer|response|section|tip|step|entry)\s+(?:must|should|has to|needs to|starts?|begins?|ends?|contains?|is|has|under|no|with|at most|limited|of no more)\b`,
  constraint('per-item'),
);
// instructions: explicit output rules
rule(
  'your the',
  String.raw`(?:your|the)\s+(?:response|answer|reply|output|summary|text|list|email|description)\s+(?:must|should|has to|needs to|cannot|can't|must not|should not|may not)\b`,
  constraint('rules'),
);
rule(
  'make ensure',
  String.raw`(?:make sure|ensure) (?:that )?(?:the |your )?(?:response|answer|output|reply|(?:each|every) (?:sentence|line|bullet|paragraph|item|word))\b`,
  constraint('rules'),
);
rule('only', String.raw`only (?:output|return|respond with|reply with|answer with|give me|list|print)\b`, constraint('rules'));
rule('just only', String.raw`(?:just|only) (?:the )?(?:names|titles|numbers|answer|final answer|result|list|code|words)\b(?=\s*[,.;:!]|\s*$|\s+(?:and|please|no)\b)`, constraint('rules'));
rule(
  'respond reply answer',
  String.raw`(?:respond|reply|answer) (?:only )?with (?:only |just )?(?:yes|no|true|false|a single|one|the letter|the number|a number|an integer|a word|a letter)\b`,
  constraint('rules'),
);
rule('nothing', String.raw`nothing else\b`, constraint('rules'));
rule('yes true only', String.raw`(?:(?:yes or no|true or false) only|only (?:yes or no|true or false))\b`, constraint('rules'));
rule('repeat', String.raw`repeat the (?:request|question|prompt)\b`, constraint('rules'));
rule('include', String.raw`include the (?:keywords?|words?|phrases?)\b`, constraint('rules'));
rule('the', String.raw`the (?:word|letter)s? ["'“‘]?\w+["'”’]? (?:should|must|at least|appears?)\b`, constraint('rules'));
rule('at', String.raw`at least \d+ times\b`, constraint('rules'));
rule('highlight', String.raw`highlight at least\b`, constraint('rules'));
rule(
  'separated separate',
  String.raw`separated?(?: (?:them|each|items|it|the \w+))? (?:by|with) (?:commas|semicolons|newlines|a comma|pipes|dashes|asterisks|\*\*\*)`,
  constraint('rules'),
);
rule('placeholder placeholders', String.raw`placeholders?\s+(?:in|with|represented by|like|such as|\[)`, constraint('rules'));
rule('no', String.raw`no (?:longer|shorter) than\b`, constraint('rules'));

// requests: the object of the verb
rule(
  'write writing compose create generate make draft craft produce give tell come implement build code develop ' +
    'design fix debug refactor optimize optimise review rewrite convert port find solve prove derive compute ' +
    'calculate evaluate simplify need want recite sing invent show add help continue finish extend',
  String.raw`[a-z]+\b((?:[ \t]+[A-Za-z0-9'+#-]+){1,7})`,
  (m, ev) => {
    const words = (m[1] ?? '').trim().split(/[ \t]+/);
    let topic: Topic | undefined;
    let noun = '';
    let prev = '';
    for (const raw of words) {
      const w = raw.toLowerCase().replace(/'s$/, '');
      if (PHRASE_END.has(w)) break;
      const f = FORM.get(w);
      if (f !== undefined) {
        topic = w === 'script' && SCRIPT_CREATIVE_BEFORE.has(prev) ? 'creative' : f;
        noun = w;
      }
      prev = w;
    }
    if (topic === undefined) return;
    const group: GroupId =
      topic === 'creative' ? 'creative.request' : topic === 'math' ? 'math.request' : 'coding.request';
    if (ev.primary === undefined || ev.weight > ev.primary.weight) {
      ev.primary = { topic, noun, weight: ev.weight };
      ev.add(group, 3.5, `a ${noun}`);
    } else {
      ev.add(group, 1.2, `a ${noun}`);
    }
  },
);

// math phrasing
const mathPhrase: Rule['apply'] = (m, ev) => ev.add('math.phrase', 2.5, `"${m[0].toLowerCase()}"`);
rule('solve', String.raw`solve for [a-z]\b`, mathPhrase);
rule('prove', String.raw`prove that\b`, mathPhrase);
rule(
  'show',
  String.raw`show that\b(?=[^.\n]{0,80}(?:[=<>≤≥]|\b(?:divisible|irrational|rational|prime|even|odd|infinite|continuous|convergent|bounded|integer)\b))`,
  mathPhrase,
);
rule(
  'find',
  String.raw`find (?:the |all )?(?:values?|derivative|integral|limit|roots?|zeros?|area|volume|probability|sum|product|minimum|maximum|slope|equation|solutions?|gcd|lcm|eigenvalues?|inverse|determinant|x|y|n)\b`,
  mathPhrase,
);
rule('how', String.raw`how many (?:ways|different (?:ways|arrangements|combinations)|combinations|permutations|arrangements)\b`, mathPhrase);
rule(
  'expected standard square prime word if interior exterior natural real complex whole compound simple uniformly',
  String.raw`(?:expected value|standard deviation|square roots?|prime numbers?|word problem|if and only if|(?:interior|exterior) angles?|(?:natural|real|complex|whole) numbers?|compound interest|simple interest|uniformly at random)\b`,
  mathPhrase,
);
rule('in to', String.raw`(?:in simplest form|to (?:\d|two|three) decimal places)\b`, mathPhrase);
rule('for', String.raw`for all (?:real |positive |natural )?(?:numbers |integers )?[a-z]\b`, mathPhrase);
rule(
  'what whats',
  String.raw`what(?:'s| is) \d[\d.,]*\s*(?:[-+*/x×÷^%]|plus|minus|times|divided by|to the power of|percent of)\s*\d`,
  mathPhrase,
);
rule('divide dividing divided division', String.raw`(?:divid(?:e|ing|ed)|division) by zero\b`, mathPhrase);
rule('equal equals', String.raw`(?<=\d[.…]*\s)equals?(?: to)?\s+-?\d`, mathPhrase);
rule('percent', String.raw`(?<=\d\s?)percent\s+of\s+\$?\d`, mathPhrase);
// numeric word problems: a quantity question (the numbers are counted per window; number words count too)
const QUANTITY_WORDS = new Set(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'hundred', 'thousand', 'half', 'twice', 'double', 'triple', 'thrice', 'third', 'quarter', 'dozen', 'dozens']);
const wordProblemCue: Rule['apply'] = (_m, ev) => {
  ev.quantityCue = true;
};
rule('how', String.raw`how (?:many|much|long|far|fast|old|tall|heavy|often)\b`, wordProblemCue);
rule(
  'what whats',
  String.raw`what(?:'s| is| was| were| will be| would be)? (?:the |her |his |their |its )?(?:total|average|probability|percentage|percent|speed|rate|ratio|sum|difference|area|volume|cost|value|distance|price|amount|number|profit|change|age|length|width|height|weight|score|fraction|balance|remainder)\b`,
  wordProblemCue,
);
rule('calculate find determine', String.raw`(?:calculate|find|determine|compute) (?:the |her |his |their |how )?(?:total|average|number|amount|price|cost|age|distance|time|value|sum|difference|percentage|many|much)\b`, wordProblemCue);
rule('worth', String.raw`worth (?:after|in)\b`, wordProblemCue);
rule('on per at', String.raw`(?:on average|per (?:hour|year|month|day|week|annum|minute|second|unit|person)|at what (?:time|speed|rate))\b`, wordProblemCue);

// creative phrasing
const creativePhrase: Rule['apply'] = (m, ev) => ev.add('creative.phrase', 2, `"${m[0].toLowerCase()}"`);
rule(
  'once fairy short bedtime free rhyme in from plot main sci scifi fan writing opening flash imagine a',
  String.raw`(?:imagine (?:a|an) (?:world|future|universe|city|society|planet|kingdom|place)|a day in the life of|flash fiction|once upon a time|fairy ?tales?|short stor(?:y|ies)|bedtime stor(?:y|ies)|free verse|rhyme scheme|in the (?:style|voice) of|from the perspective of|plot twist|main character|sci-?fi|fan fiction|writing prompt|opening (?:line|paragraph|scene|chapter))\b`,
  creativePhrase,
);

// programming phrases (precise where single words are ambiguous)
const codingPhrase: Rule['apply'] = (m, ev) => ev.add('coding.phrase', 1.5, m[0].toLowerCase());
rule(
  'list for while infinite pull unit stack linked binary hash race memory null type edge big time space data ' +
    'design version command environment primary foreign code merge syntax off dependency rate rest load source ' +
    'regular package virtual web dev continuous github http status',
  String.raw`(?:list comprehensions?|for[- ]loops?|while[- ]loops?|infinite loops?|pull requests?|unit tests?|stack (?:overflow|trace)|linked lists?|binary (?:trees?|search)|hash (?:maps?|tables?)|race conditions?|memory leaks?|null pointers?|type errors?|edge cases?|big[- ]o|(?:time|space) complexity|data structures?|design patterns?|version control|command[- ]line|environment variables?|primary keys?|foreign keys?|code reviews?|merge conflicts?|syntax errors?|off[- ]by[- ]one|dependency injection|rate limit(?:ing|er)?|rest api|load balancer|source code|regular expressions?|package manager|virtual environment|web (?:server|app|framework)|dev server|continuous integration|github actions|http (?:request|status)|status code)\b`,
  codingPhrase,
);

// competitive-programming statements: limits, input format, "implement it in C++" (their constraints look like math)
const contestPhrase: Rule['apply'] = (m, ev) => {
  // a contest statement asks for a program: its math vocabulary (vertices, integers) is subject matter
  if (ev.primary === undefined) ev.primary = { topic: 'coding', noun: 'program', weight: ev.weight };
  ev.add('coding.contest', 3, m[0].toLowerCase().trim());
};
rule(
  'time memory input output first implement design',
  String.raw`(?:(?:time|memory) limits?:? (?:(?:is|of|per test) )?\d|(?:time|memory) limit exceeded\b|(?:input|output) format(?::|[ \t]*\n)|first line (?:of (?:the )?input )?contains\b|implement (?:it|this|them|the (?:solution|algorithm|function)) in (?:c\+\+|c#|java|python|rust|go|kotlin)(?![\w+#])|design an? (?:o\(|efficient algorithm|linear[- ]time algorithm|algorithm\b))`,
  contestPhrase,
);

rule(
  'undo revert amend squash cherry rebase push reset',
  String.raw`(?:undo|revert|amend|squash|cherry-pick|rebase|push|reset)\s+(?:(?:my|the|a|this|that|last|previous|latest|local|recent|two|few|\d+)\s+){0,3}commits?\b`,
  codingPhrase,
);

// ---------------------------------------------------------------------------------------------------------
// Structural regexes, each starting on a rare character so prose is skipped quickly.

const FENCE_RE = /```[ \t]*([A-Za-z0-9+#_.-]*)/g;
const MATH_FENCE_TAGS = new Set(['latex', 'tex', 'math']);
const TEXT_FENCE_TAGS = new Set(['', 'text', 'txt', 'plaintext', 'md', 'markdown']);
const DATA_FENCE_TAGS = new Set(['json', 'yaml', 'yml', 'xml', 'csv', 'toml']);
const INLINE_CODE_RE = /`[^`\n]{1,80}`/g;
/** Tested at the start of each line (sticky). */
const CODE_LINE_RE =
  /[ \t]*(?:def \w|class \w|import [\w{*]|from [\w.]+ import|#include|function[ (]|const [\w{[]|let [\w{[]|var \w|return\b|public |private |protected |static |async |await |export |if ?\(|for ?\(|while ?\(|elif |else ?[:{]|fn \w|func \w|package \w|using \w|try ?[:{]|catch ?\(|except\b|print\(|console\.|System\.|SELECT |INSERT |UPDATE |DELETE |CREATE |@\w+\(|\/\/|#!|<\/?[a-z][a-z0-9]*[ >/]|\})/y;
/** JS/Java stack frame at the start of a line: `at fn (file.js:1:2)`, `at a.B.c(B.java:42)`, `at file.js:1:2`. */
const STACK_LINE_RE = /[ \t]+at (?:async )?(?:[\w$.<>[\]]+ ?\()?[^\s()]+:\d+/y;
const OPS_RE =
  /=>|===|!==|==|!=|->|::|&&|\|\||\+\+|\+=|\.(?<=\w\.)[a-z_]\w*\(|\((?<=\w\()\)|=(?<=(?<![\w.])[a-z_]\w*\s?=)\s?[[{]/g;
const TRACE_RE =
  /Traceback \(most recent call last\)|File "[^"\n]+", line \d+|\.(?<=[\w-]\.)(?:js|ts|tsx|jsx|py|java|go|rs|c|cpp|rb|php|kt|swift|cs):\d+|Exception in thread\b|Segmentation fault\b|Uncaught [A-Z]\w+|ERR!(?<=npm ERR!)|: (?<=\bpanic: )|\(core dumped\)|TS\d{3,5}(?<=[Ee]rror TS\d{3,5})|CS\d{4}(?<=[Ee]rror CS\d{4})|\[E\d{4}\](?<=[Ee]rror\[E\d{4}\])/g;
/** Tested at the start of each line (sticky). */
const ERROR_LINE_RE = /(?:[Ee]rror|ERROR|Fatal|FATAL|Warning|WARN)(?::|\b)/y;
const FILE_RE =
  /\.(?<=[\w-]{2}\.)(?:tsx?|jsx?|mjs|cjs|py|ipynb|rb|go|rs|java|kt|kts|cs|cpp|cc|cxx|hpp|h|c|php|swift|scala|sh|bash|zsh|ps1|sql|ya?ml|toml|lock|gradle|vue|svelte|css|scss|sass|less|html?|dart|lua|ex|exs|erl|hs|clj|env|ini|cfg|conf|tf|proto|graphql|jar|dll|exe|so|gitignore|dockerignore|json)(?![\w-])/g;
const SQL_RE =
  /\b(?:SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|ALTER TABLE|DROP TABLE|(?:LEFT |RIGHT |INNER |OUTER |FULL |CROSS )JOIN|GROUP BY|ORDER BY|HAVING|WHERE|PRIMARY KEY|FOREIGN KEY|NOT NULL|DISTINCT|COUNT\(|UNION ALL|LIMIT \d)\b/g;
/** Words after which a capitalized `C`, `Go` or `R` is the language ("written in C", "learn Go"). */
const LANG_LETTER_BEFORE = new Set(['in', 'using', 'with', 'learn', 'learning', 'to', 'for', 'of', 'and', 'or']);
const V = String.raw`(?:\d|(?<![A-Za-z_])[a-z]|\))`; // operand just before an operator: digit, 1-letter variable, ")"
const MATH_EXPR_RE = new RegExp(
  [
    String.raw`(?:\*\*|[+*×÷^=<>≤≥])(?<=${V}\s?(?:\*\*|[+*×÷^=<>≤≥]))\s?\(?-?(?:\d|[a-z](?![A-Za-z]))`,
    String.raw`[-/](?<=\d [-/]) (?=\(?-?\d)`,
    String.raw`\((?<=(?<![A-Za-z])[fgh]\()(?=[a-z]\))`,
    String.raw`\/(?<=\d\s?\/)(?=\s?\d+\s?[=+*-])`,
    String.raw`\/(?<=\bdy\/)(?=dx\b)`,
    String.raw`\((?<=\b(?:log|ln|sin|cos|tan|sqrt)\s?\()`,
  ].join('|'),
  'g',
);
const LATEX_RE =
  /\\(?:frac|dfrac|int|iint|oint|sum|prod|sqrt|lim|infty|alpha|beta|gamma|delta|epsilon|theta|lambda|mu|sigma|pi|phi|omega|cdot|times|div|leq|geq|neq|approx|partial|nabla|mathbb|mathcal|binom|log|ln|sin|cos|tan|vec|hat|forall|exists|subseteq|cup|cap|mathrm|begin\{(?:equation|align|matrix|pmatrix|bmatrix|cases)\})(?![a-z])|\$\$|\\\[|\\\(/g;
const MATH_SYMBOLS = new Set([...'∫∑∏√π∞≤≥≠≈∂∆∇θ±÷²³ⁿ∈∀∃⊂⊆∪∩'].map((ch) => ch.charCodeAt(0)));
/** Character classes for the tokenizer: 0 separator, 1 lowercase letter, 2 uppercase letter, 3 `_`, 4 digit. */
const CHAR_CLASS = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) {
  const latinLetter = c >= 0xc0 && c !== 0xd7 && c !== 0xf7; // À-ɏ except × and ÷
  CHAR_CLASS[c] =
    c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c === 95 ? 3 : c >= 48 && c <= 57 ? 4 : latinLetter ? 1 : 0;
}
/** Window-only: rules whose first token is a number or a symbol (the tokenizer only triggers on words). */
const DIGIT_LENGTH_RE = new RegExp(
  String.raw`\b\d+-${SHORT_UNIT}\b(?!\s+problem)|\ban? \d+ ${SHORT_UNIT}\b|\b\d+ (?:words|sentences|characters) (?:or less|or fewer|max(?:imum)?)\b`,
  'gi',
);
const PERCENT_OF_RE = /%(?<=\d\s?%)\s*of\s*\$?\d/g;
/** Four or more numbers in a comma-separated list: data to compute on. */
const NUMBER_LIST_RE = /\d+(?:\.\d+)?(?:\s*,\s*(?:and\s+)?-?\d+(?:\.\d+)?){3,}/g;

// ---------------------------------------------------------------------------------------------------------
// Scanning

interface Segment {
  text: string;
  weight: number;
}

const ROLE_WEIGHT: Record<string, number> = { user: 1, system: 0.6, tool: 0.6, assistant: 0.35 };
const EARLIER_USER_WEIGHT = 0.7;

/** The parts of each message that fall in the first / last SCAN_EDGE_CHARS of the conversation. */
function segmentsOf(messages: ChatMessage[]): Segment[] {
  const texts: Segment[] = [];
  let lastUser = -1;
  for (let i = 0; i < messages.length; i++) if (messages[i]?.role === 'user') lastUser = i;
  let total = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!m) continue;
    const text = messageText(m);
    if (text.length === 0) continue;
    const weight = m.role === 'user' && i !== lastUser ? EARLIER_USER_WEIGHT : (ROLE_WEIGHT[m.role] ?? 0.5);
    texts.push({ text, weight });
    total += text.length + 2;
  }
  if (total <= 2 * SCAN_EDGE_CHARS) return texts;
  const out: Segment[] = [];
  const headEnd = SCAN_EDGE_CHARS;
  const tailStart = total - SCAN_EDGE_CHARS;
  let offset = 0;
  for (const t of texts) {
    const start = offset;
    const end = offset + t.text.length;
    offset = end + 2;
    const head = start < headEnd ? t.text.slice(0, Math.min(t.text.length, headEnd - start)) : '';
    const tail = end > tailStart ? t.text.slice(Math.max(head.length, tailStart - start)) : '';
    if (head.length === 0 && tail.length === 0) continue;
    out.push({ text: head.length > 0 && tail.length > 0 ? head + '\n' + tail : head + tail, weight: t.weight });
  }
  return out;
}

class Evidence {
  readonly groups = new Map<GroupId, GroupState>();
  /** constraint kind → strongest role weight it was found with. */
  readonly constraints = new Map<string, number>();
  /** The request whose head noun names a form: the first one in the most weighted message (the last user turn). */
  primary: { topic: Topic; noun: string; weight: number } | undefined;
  /** Role weight of the segment being scanned. */
  weight = 1;
  /** A quantity question was seen in the current segment's request window. */
  quantityCue = false;

  add(id: GroupId, weight: number, item?: string, count = true): void {
    let g = this.groups.get(id);
    if (!g) {
      g = { raw: 0, count: 0, items: [] };
      this.groups.set(id, g);
    }
    g.raw += weight * this.weight;
    if (count) g.count++;
    if (item !== undefined && g.items.length < 3 && !g.items.includes(item)) g.items.push(item);
  }
}


function forEachMatch(re: RegExp, text: string, max: number, onMatch: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  let n = 0;
  let m: RegExpExecArray | null;
  while (n < max && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    onMatch(m);
    n++;
  }
}

/** camelCase with a lowercase head of two or more letters (`getUser`, not `iPhone`/`YouTube`) and error names. */
function identifierShape(tok: string, lower: string, ev: Evidence): void {
  const first = tok.charCodeAt(0);
  if (first >= 65 && first <= 90) {
    if (lower.length >= 9 && (lower.endsWith('error') || lower.endsWith('exception')) && tok !== tok.toUpperCase()) {
      ev.add('coding.error', 2, tok);
    }
    return;
  }
  let lowerRun = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (c >= 97 && c <= 122) lowerRun++;
    else {
      if (c >= 65 && c <= 90 && i === lowerRun && lowerRun >= 2) ev.add('coding.ident', 0.6, tok);
      return;
    }
  }
}

const cls = (c: number): number => (c < 0x250 ? (CHAR_CLASS[c] as number) : 0);

/**
 * The tokenizer pass: lexicon, identifiers, languages written with symbols or a single letter (`C++`, `C#`,
 * `.NET`, "in C", "learn Go"), math symbols, numbers, and the phrase rules triggered inside the request
 * windows.
 */
function scanTokens(text: string, ev: Evidence): void {
  const n = text.length;
  const lowerAll = text.toLowerCase();
  const sameLength = lowerAll.length === n;
  const windowEnd = Math.min(n, REQUEST_WINDOW_CHARS);
  const windowStart = Math.max(windowEnd, n - REQUEST_WINDOW_CHARS);
  // the quantities of a word problem are in its question: numeric answer options ("A. 23") are not given quantities
  const countedUntil = answerOptionsStart(text) ?? n;
  let numbers = 0;
  let prevWord = '';
  ev.quantityCue = false;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const k = cls(c);
    if (k === 0) {
      if (c >= 0xb1 && MATH_SYMBOLS.has(c)) ev.add('math.symbol', 0.6, text[i]);
      else if (c === 46 && i + 3 < n && lowerAll.startsWith('net', i + 1) && cls(text.charCodeAt(i + 4)) === 0) {
        ev.add('coding.lang', 2, '.NET'); // ".NET"
      }
      i++;
      continue;
    }
    if (k === 4) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (cls(d) === 4 || ((d === 46 || d === 44) && cls(text.charCodeAt(j + 1)) === 4)) j++;
        else break;
      }
      if ((i < windowEnd || i >= windowStart) && i < countedUntil) numbers++;
      i = j;
      continue;
    }
    let j = i + 1;
    let upperInside = false;
    let underscoreInside = false;
    for (; j < n; j++) {
      const kd = cls(text.charCodeAt(j));
      if (kd === 0) break;
      if (kd === 2) upperInside = true;
      else if (kd === 3) underscoreInside = true;
    }
    const word = sameLength ? lowerAll.slice(i, j) : text.slice(i, j).toLowerCase();
    const len = j - i;
    if (QUANTITY_WORDS.has(word) && (i < windowEnd || i >= windowStart) && i < countedUntil) numbers++;
    if (len > 2) {
      if (underscoreInside && text.charCodeAt(j - 1) !== 95) ev.add('coding.ident', 0.5, text.slice(i, j));
      else if (upperInside && len > 3) identifierShape(text.slice(i, j), word, ev);
    } else if (len === 1 && (c === 67 || c === 99 || c === 70 || c === 102)) {
      // C++, C#, F#
      const next = text.charCodeAt(j);
      const sharp = next === 35;
      if (sharp || (next === 43 && text.charCodeAt(j + 1) === 43)) {
        const after = text.charCodeAt(sharp ? j + 1 : j + 2); // NaN past the end
        if (!(cls(after) !== 0 || after === 43 || after === 35)) {
          ev.add('coding.lang', 2, sharp ? (c === 70 || c === 102 ? 'F#' : 'C#') : 'C++');
        }
      } else if (c === 67 && LANG_LETTER_BEFORE.has(prevWord) && isLanguageLetterEnd(text, j)) {
        ev.add('coding.lang', 1.5, 'C');
      }
    }
    if ((c === 71 && word === 'go') || (c === 82 && len === 1)) {
      if (LANG_LETTER_BEFORE.has(prevWord) && isLanguageLetterEnd(text, j)) {
        ev.add('coding.lang', 1.5, c === 71 ? 'Go' : 'R');
      }
    }
    const lw = LEXICON.get(word);
    if (lw !== undefined) {
      if (lw.gen !== generation) {
        lw.gen = generation;
        lw.seen = 0;
      }
      lw.seen++;
      if (lw.seen <= 4) {
        const factor = lw.seen === 1 ? 1 : 0.25;
        for (const e of lw.entries) {
          const item = e.group === 'coding.lang' ? (DISPLAY.get(word) ?? word) : word;
          ev.add(e.group, e.weight * factor, item, lw.seen === 1);
        }
      }
    }
    if (i < windowEnd || i >= windowStart) {
      const rules = TRIGGERS.get(word);
      if (rules !== undefined) {
        for (const r of rules) {
          r.re.lastIndex = i;
          const m = r.re.exec(text);
          if (m !== null) r.apply(m, ev);
        }
      }
    }
    prevWord = word;
    i = j;
  }
  if (ev.quantityCue && numbers >= 2) ev.add('math.word-problem', 2.5);
}

/** Characters that may follow a one-letter language name: space, newline, tab, `,` `.` `?` `!` `)` `:` `;`. */
const LANGUAGE_LETTER_END = new Set([32, 10, 9, 44, 46, 63, 33, 41, 58, 59]);

/** "in C", "learn Go": the letter is a word of its own, not "C-suite", "Go's" or "R&D". */
function isLanguageLetterEnd(text: string, j: number): boolean {
  if (j >= text.length) return true;
  const d = text.charCodeAt(j);
  return LANGUAGE_LETTER_END.has(d);
}

/** Code-like lines: a code statement at the start of a line, or a line ending in `;`, `{`, `):` or `=>`. */
function scanLines(text: string, ev: Evidence): void {
  let start = 0;
  let lines = 0;
  const n = text.length;
  while (start < n && lines < 2000) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    lines++;
    let codeLike = false;
    CODE_LINE_RE.lastIndex = start;
    if (CODE_LINE_RE.test(text) && CODE_LINE_RE.lastIndex <= end) codeLike = true;
    else {
      let k = end - 1;
      while (k >= start && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9 || text.charCodeAt(k) === 13)) k--;
      if (k >= start) {
        const last = text.charCodeAt(k);
        const prev = k > start ? text.charCodeAt(k - 1) : 0;
        // ';' '{' or '):' '=>'
        codeLike = last === 59 || last === 123 || (last === 58 && prev === 41) || (last === 62 && prev === 61);
      }
    }
    if (codeLike) ev.add('coding.syntax', 0.45);
    const c0 = text.charCodeAt(start);
    if (c0 === 69 || c0 === 101 || c0 === 70 || c0 === 87) {
      ERROR_LINE_RE.lastIndex = start;
      const m = ERROR_LINE_RE.exec(text);
      if (m !== null) ev.add('coding.error', 1, m[0].replace(/:$/, ''));
    }
    if (c0 === 32 || c0 === 9) {
      STACK_LINE_RE.lastIndex = start;
      if (STACK_LINE_RE.test(text) && STACK_LINE_RE.lastIndex <= end) {
        ev.add('coding.trace', ev.groups.has('coding.trace') ? 0.5 : 3);
      }
    }
    start = end + 1;
  }
}

function scanStructure(text: string, ev: Evidence): void {
  if (text.includes('```')) {
    let fences = 0;
    forEachMatch(FENCE_RE, text, 32, (m) => {
      fences++;
      if (fences % 2 === 0) return; // closing fence
      const tag = (m[1] ?? '').toLowerCase();
      if (MATH_FENCE_TAGS.has(tag)) {
        ev.add('math.latex', 2, 'fenced ' + tag);
      } else if (TEXT_FENCE_TAGS.has(tag)) {
        ev.add('coding.fence', 1.5);
      } else if (DATA_FENCE_TAGS.has(tag)) {
        ev.add('coding.fence', 2, DISPLAY.get(tag) ?? tag);
      } else {
        ev.add('coding.fence', 3.5, DISPLAY.get(tag) ?? tag);
      }
    });
  } else if (text.includes('`')) {
    forEachMatch(INLINE_CODE_RE, text, 8, () => ev.add('coding.inline', 0.5));
  }
  scanLines(text, ev);
  forEachMatch(OPS_RE, text, 12, (m) => ev.add('coding.ops', 0.3, m[0].length <= 3 && m[0] !== '()' ? m[0] : undefined));
  forEachMatch(TRACE_RE, text, 12, () => ev.add('coding.trace', ev.groups.has('coding.trace') ? 0.5 : 3));
  forEachMatch(FILE_RE, text, 6, (m) => {
    let k = m.index;
    while (k > 0 && /[\w.-]/.test(text[k - 1] as string)) k--;
    ev.add('coding.file', 1.5, text.slice(k, m.index + m[0].length));
  });
  forEachMatch(SQL_RE, text, 10, (m) => ev.add('coding.sql', 0.9, m[0].replace(/\s+\w+\s+SET$/, ' … SET')));
  forEachMatch(MATH_EXPR_RE, text, 12, (m) => {
    const from = Math.max(0, m.index - 3);
    ev.add('math.expr', 0.8, text.slice(from, m.index + m[0].length + 2).trim());
  });
  if (text.includes('\\') || text.includes('$$')) {
    forEachMatch(LATEX_RE, text, 10, (m) => ev.add('math.latex', 0.9, m[0]));
  }
}

/** Window-only patterns that start with a digit or a symbol. */
function scanWindow(window: string, ev: Evidence): void {
  DIGIT_LENGTH_RE.lastIndex = 0;
  if (DIGIT_LENGTH_RE.test(window)) constraint('length')([] as unknown as RegExpExecArray, ev);
  if (window.includes('%')) forEachMatch(PERCENT_OF_RE, window, 2, (m) => mathPhrase(m, ev));
  forEachMatch(NUMBER_LIST_RE, window, 1, () => ev.add('math.expr', 1.2, 'list of numbers'));
}

function requestWindow(text: string): string {
  if (text.length <= 2 * REQUEST_WINDOW_CHARS) return text;
  return text.slice(0, REQUEST_WINDOW_CHARS) + '\n' + text.slice(text.length - REQUEST_WINDOW_CHARS);
}

// ---------------------------------------------------------------------------------------------------------
// Scoring and decision

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const clamp01 = (x: number): number => (Number.isFinite(x) ? (x < 0 ? 0 : x > 1 ? 1 : x) : 0);
const saturate = (raw: number): number => 1 - Math.exp(-raw / EVIDENCE_SCALE);
const formatInt = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

interface TopicResult {
  score: Record<Topic, number>;
  describe: Record<Topic, string>;
}

function scoreTopics(ev: Evidence): TopicResult {
  const raw: Record<Topic, number> = { coding: 0, math: 0, creative: 0, instructions: 0 };
  const parts: Record<Topic, { raw: number; structural: boolean; text: string }[]> = {
    coding: [],
    math: [],
    creative: [],
    instructions: [],
  };
  const primary = ev.primary?.topic;
  for (const [id, g] of ev.groups) {
    const def: GroupDef = GROUPS[id];
    let r = Math.min(g.raw, def.cap);
    if (def.vocabulary && primary !== undefined && primary !== def.topic) r *= SUBJECT_DISCOUNT;
    if (r <= 0) continue;
    raw[def.topic] += r;
    parts[def.topic].push({ raw: r, structural: !def.vocabulary, text: def.describe(g) });
  }
  // instructions: distinct constraint kinds, with a stacking bonus from three on
  if (ev.constraints.size > 0) {
    let r = 0;
    const labels: string[] = [];
    for (const c of CONSTRAINT_KINDS) {
      const w = ev.constraints.get(c.kind);
      if (w === undefined) continue;
      r += CONSTRAINT_WEIGHT * w;
      labels.push(c.label);
    }
    if (ev.constraints.size >= 3) r += CONSTRAINT_STACK_BONUS;
    raw.instructions = r;
    parts.instructions.push({
      raw: r,
      structural: true,
      text: `${plural(labels.length, 'explicit constraint')} (${labels.join(', ')})`,
    });
  }
  const score = {} as Record<Topic, number>;
  const describe = {} as Record<Topic, string>;
  for (const t of TOPICS) {
    score[t] = saturate(raw[t]);
    // structure first (it is the most telling), then vocabulary; strongest first within each
    describe[t] = parts[t]
      .sort((a, b) => Number(b.structural) - Number(a.structural) || b.raw - a.raw)
      .slice(0, 3)
      .map((p) => p.text)
      .join(', ');
  }
  return { score, describe };
}

/** Detect the task of a request. Pure and deterministic. */
export function detectTask(input: RequestInput, opts: DetectTaskOptions = {}): TaskDetection {
  generation = (generation + 1) | 0;
  const messages = messagesOf(input);
  const images = imageCount(input);
  const turns = userTurns(input);
  const chars = textLength(input);
  const given = opts.inputTokens;
  const hasGiven = typeof given === 'number' && Number.isFinite(given) && given >= 0;
  const tokens = hasGiven ? given : Math.ceil(chars / CHARS_PER_TOKEN_ESTIMATE);

  // topical evidence
  const ev = new Evidence();
  const segments = segmentsOf(messages);
  for (const seg of segments) {
    ev.weight = seg.weight;
    // The topic comes from what is asked: output-format instructions are blanked, their format constraint kept.
    const topical = withoutOutputFormat(seg.text);
    if (topical.found) constraint('format')([] as unknown as RegExpExecArray, ev);
    // structure first: its regexes also flatten a concatenated string before the tokenizer's char loop
    scanStructure(topical.text, ev);
    scanTokens(topical.text, ev);
    scanWindow(requestWindow(topical.text), ev);
  }
  const topics = scoreTopics(ev);
  const ranked = [...TOPICS].sort((a, b) => topics.score[b] - topics.score[a] || TOPICS.indexOf(a) - TOPICS.indexOf(b));
  const best = ranked[0] as Topic;
  const second = ranked[1] as Topic;
  const s1 = topics.score[best];
  const s2 = topics.score[second];

  const isLong = tokens > LONG_CONTEXT_TOKENS;
  const longScore = isLong
    ? 0.75 + 0.24 * Math.min(1, (tokens - LONG_CONTEXT_TOKENS) / LONG_CONTEXT_TOKENS)
    : 0.6 * (tokens / LONG_CONTEXT_TOKENS);
  const multiTurnScore =
    turns >= MULTI_TURN_MIN_USER_TURNS
      ? Math.min(0.9, 0.55 + 0.1 * (turns - MULTI_TURN_MIN_USER_TURNS))
      : turns === 2
        ? 0.3
        : 0;

  const scores: Record<Task, number> = {
    coding: round3(topics.score.coding),
    math: round3(topics.score.math),
    creative: round3(topics.score.creative),
    instructions: round3(topics.score.instructions),
    'long-context': round3(clamp01(longScore)),
    vision: images > 0 ? 1 : 0,
    'multi-turn': round3(multiTurnScore),
    general: round3(clamp01(1 - s1)),
  };

  const topicReason = (t: Topic): string => `${t}: ${topics.describe[t]}`;
  /** Topics with real evidence, as secondary reasons. */
  const secondary = (exclude?: Topic): string[] =>
    ranked
      .filter((t) => t !== exclude && topics.score[t] >= TOPIC_MIN)
      .slice(0, 2)
      .map(topicReason);

  let task: Task;
  let confidence: number;
  let reasons: string[];
  if (images > 0) {
    task = 'vision';
    confidence = 0.97;
    reasons = [`vision: ${plural(images, 'image part')} (images take precedence over the topic)`, ...secondary()];
  } else if (isLong) {
    task = 'long-context';
    confidence = longScore;
    const count = hasGiven
      ? `${formatInt(tokens)} input tokens`
      : `~${formatInt(tokens)} input tokens (estimated from ${formatInt(chars)} chars)`;
    reasons = [`long-context: ${count} > ${formatInt(LONG_CONTEXT_TOKENS)}`, ...secondary()];
  } else if (turns >= MULTI_TURN_MIN_USER_TURNS && s1 < TOPIC_STRONG) {
    task = 'multi-turn';
    confidence = multiTurnScore * (1 - 0.5 * s1);
    const hint = s1 >= 0.05 ? ` (best: ${best} ${s1.toFixed(2)} < ${TOPIC_STRONG})` : '';
    reasons = [`multi-turn: ${turns} user turns, no strong topical signal${hint}`, ...secondary()];
  } else if (s1 >= TOPIC_MIN) {
    task = best;
    const margin = s1 > 0 ? (s1 - s2) / s1 : 0;
    confidence = 0.25 + 0.7 * s1 * (0.4 + 0.6 * margin);
    reasons = [topicReason(best), ...secondary(best).slice(0, 1)];
    if (turns >= MULTI_TURN_MIN_USER_TURNS) {
      reasons.push(`multi-turn: ${turns} user turns, but the ${best} signal is strong`);
    }
    if (ev.primary !== undefined && ev.primary.topic !== best) {
      reasons.push(`note: asks for a ${ev.primary.noun}, outweighed by ${best} evidence`);
    }
  } else {
    task = 'general';
    confidence = chars === 0 ? 0.5 : Math.max(0.5, 0.9 - s1);
    reasons = [
      chars === 0
        ? 'general: empty input'
        : s1 >= 0.05
          ? `general: no strong task signal (best: ${best} ${s1.toFixed(2)} < ${TOPIC_MIN})`
          : 'general: no task-specific signal',
    ];
  }
  return { task, confidence: round3(clamp01(confidence)), reasons, scores };
}
