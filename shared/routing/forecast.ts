import type { Task } from './detect-task.js';
import { isGreetingOnly } from './greeting.js';
import { answerOptionsStart } from './answer-options.js';
import type { ThinkingAsk } from './thinking.js';

/**
 * How many output tokens a request will need: from the length it asks for, what it asks to be returned (a whole
 * refactored file is about as long as the file), the task, and — for models that think before answering — the hidden
 * reasoning tokens they bill as output. Pure and cheap: a few regexes over the edges of the last user message.
 */
export interface OutputForecast {
  /** Visible answer tokens: the expected value and a low–high range. */
  tokens: number;
  low: number;
  high: number;
  /** Hidden reasoning tokens a reasoning model adds (expected, low, high); 0 for a given budget. */
  reasoning: { tokens: number; low: number; high: number };
  /** The request asked every model to think (`reasoning_effort` low or more, a thinking budget): all bill `reasoning`. */
  everyModelThinks?: true;
  /** How it was forecast, for people: `asked for 2,000 words`, `returns the code it was given (~1,800 tokens)`. */
  basis: string;
}

export interface ForecastInput {
  /** The last user message (what is asked). */
  request: string;
  task: Task;
  inputTokens: number;
  /** Tokens of code in the input (fenced blocks and code-like lines). */
  codeTokens: number;
  /** A difficulty in 0..1 from the success predictor: harder problems take longer reasoning. */
  difficulty: number;
  /** The caller fixed the output size (`--output-tokens`, `max_tokens`): no forecast. */
  given?: number;
  /** What the request asks of thinking: scales (and caps) the hidden reasoning, and may make every model think. */
  thinking?: ThinkingAsk;
}

/** Typical answer length by task when nothing more specific is known. */
const TASK_TOKENS: Record<Task, number> = {
  general: 350,
  coding: 700,
  math: 550,
  creative: 800,
  instructions: 300,
  'long-context': 600,
  vision: 350,
  'multi-turn': 400,
};

/** Tokens per unit of an explicit length request. */
const UNIT_TOKENS: [RegExp, number][] = [
  [/^tokens?$/, 1],
  [/^words?$/, 1.35],
  [/^(characters?|chars?)$/, 0.27],
  [/^sentences?$/, 25],
  [/^(lines?|rows?)$/, 12],
  [/^(bullets?|bullet points?|points?|items?|examples?|ideas?|questions?|tips?|steps?|names?|titles?)$/, 30],
  [/^(paragraphs?|stanzas?|verses?)$/, 110],
  [/^pages?$/, 650],
  [/^(sections?|chapters?)$/, 500],
];

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15, twenty: 20, fifty: 50, hundred: 100,
};

const LENGTH_REQUEST = /\b(\d{1,3}(?:[,\s]\d{3})*|\d+(?:\.\d+)?k?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|fifty|hundred)[\s-]+(?:(?:short|long|brief|detailed|full|concise|complete)\s+)?(tokens?|words?|characters?|chars?|sentences?|lines?|rows?|bullet points?|bullets?|points?|items?|examples?|ideas?|questions?|tips?|steps?|names?|titles?|paragraphs?|stanzas?|verses?|pages?|sections?|chapters?)\b/gi;
const WHOLE_CODE = /\b(?:the\s+)?(?:whole|entire|full|complete|updated|refactored|rewritten|modified|fixed)\s+(?:file|code|module|class|program|script|component|implementation|source)\b|\b(?:rewrite|refactor|convert|port|translate|migrate)\b[^.?!\n]{0,80}\b(?:file|code|module|class|component|function|script|this)\b/i;
const TRANSLATE = /\btranslate\b/i;
const SUMMARIZE = /\b(summari[sz]e|summary|tl;?dr|key points|gist)\b/i;
const BRIEF = /\b(one word|single word|yes or no|true or false|just the (?:answer|number|name)|only the (?:answer|number|name)|in (?:a|one) (?:word|sentence|line)|briefly|short answer|one-liner)\b/i;
/** A multiple-choice question asks something: a question mark, "which of the following", "Answer:". */
const QUESTION = /\?|\bwhich of the following\b|\banswer\s*:\s*$/i;
/** Asked to show the working, not only to pick. */
const EXPLAIN = /\b(explain|justify|show (?:your|the) work(?:ing)?|step[- ]by[- ]step|walk me through|give (?:your|the) reasons?)\b/i;
const DETAILED = /\b(in (?:great )?detail|detailed|comprehensive|thorough(?:ly)?|in[- ]depth|step[- ]by[- ]step|exhaustive|complete guide)\b/i;

/** Hidden reasoning a reasoning model spends, by task, before the difficulty adjustment. */
const REASONING_TOKENS: Record<Task, number> = {
  general: 600,
  coding: 2500,
  math: 3000,
  creative: 800,
  instructions: 600,
  'long-context': 1500,
  vision: 800,
  'multi-turn': 800,
};

export function forecastOutput(input: ForecastInput): OutputForecast {
  const forecast = answerForecast(input);
  return input.thinking?.mode === 'on' && input.given === undefined ? { ...forecast, everyModelThinks: true } : forecast;
}

function answerForecast(input: ForecastInput): OutputForecast {
  const reasoning = reasoningFor(input);
  if (input.given !== undefined) {
    return { tokens: input.given, low: input.given, high: input.given, reasoning: { tokens: 0, low: 0, high: 0 }, basis: `given: ${input.given} tokens` };
  }
  const text = edges(input.request);
  const asked = askedLength(text);
  if (asked) return { ...range(asked.tokens, 0.75, 1.4), reasoning, basis: `asked for ${asked.phrase} (~${round(asked.tokens)} tokens)` };
  if (input.codeTokens >= 150 && WHOLE_CODE.test(text)) {
    const tokens = input.codeTokens * 1.1 + 150;
    return { ...range(tokens, 0.7, 1.5), reasoning, basis: `returns the code it was given (~${round(input.codeTokens)} code tokens in the input)` };
  }
  if (input.inputTokens >= 300 && TRANSLATE.test(text)) {
    return { ...range(input.inputTokens * 1.1, 0.7, 1.5), reasoning, basis: `a translation is about as long as its input (~${round(input.inputTokens)} tokens)` };
  }
  if (input.inputTokens >= 1500 && SUMMARIZE.test(text)) {
    const tokens = Math.min(1200, Math.max(200, input.inputTokens * 0.08));
    return { ...range(tokens, 0.5, 2), reasoning, basis: `a summary of ~${round(input.inputTokens)} input tokens` };
  }
  // the reply to a greeting is a line ("Hello! How can I help you today?", ~10 tokens), not a typical answer
  if (isGreetingOnly(text)) return { ...range(20, 0.4, 5), reasoning, basis: 'a greeting: a one-line reply' };
  if (BRIEF.test(text)) return { ...range(40, 0.25, 4), reasoning, basis: 'asks for a brief answer' };
  if (answerOptionsStart(text) !== undefined && QUESTION.test(text) && !EXPLAIN.test(text)) return { ...range(60, 0.05, 4), reasoning, basis: 'picks one of the lettered options' };
  const base = TASK_TOKENS[input.task];
  if (DETAILED.test(text)) return { ...range(base * 2.2, 0.5, 2), reasoning, basis: `a detailed ${input.task} answer` };
  return { ...range(base, 0.35, 2.5), reasoning, basis: `typical for a ${input.task} request` };
}

/** The output tokens one model is expected to bill: the answer plus its hidden reasoning, within its output limit. */
export function modelOutputTokens(forecast: OutputForecast, reasoningModel: boolean, maxOutputTokens: number): { tokens: number; low: number; high: number; reasoning: number } {
  const r = reasoningModel || forecast.everyModelThinks ? forecast.reasoning : { tokens: 0, low: 0, high: 0 };
  const cap = (n: number) => Math.max(1, Math.min(maxOutputTokens, Math.round(n)));
  return { tokens: cap(forecast.tokens + r.tokens), low: cap(forecast.low + r.low), high: cap(forecast.high + r.high), reasoning: Math.min(Math.round(r.tokens), maxOutputTokens) };
}

const FENCE = /```[^\n]*\n([\s\S]*?)(?:```|$)/g;
const CODE_LINE = /^\s*(?:[{}()[\];]|(?:def|class|function|const|let|var|import|export|return|if|for|while|public|private|fn|func|package|#include)\b|.*[;{}]\s*$)/;

/** About how many tokens of code the text holds: fenced blocks, else code-like lines when most lines are code. */
export function codeTokensIn(text: string): number {
  let fenced = 0;
  for (const m of text.matchAll(FENCE)) fenced += (m[1] ?? '').length;
  if (fenced > 0) return Math.round(fenced / 3.5);
  if (text.length < 400) return 0;
  // Unfenced code pasted after a request: when a good share of the lines look like code, the text is mostly code.
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const codeLines = lines.filter((l) => CODE_LINE.test(l)).length;
  return codeLines >= 5 && codeLines / lines.length >= 0.25 ? Math.round(text.length / 3.5) : 0;
}

function reasoningFor(input: ForecastInput): OutputForecast['reasoning'] {
  if (input.given !== undefined) return { tokens: 0, low: 0, high: 0 };
  // Harder problems think longer: from a third of the task's typical budget to about twice it; the effort asked
  // scales that, and a thinking budget caps it.
  const tokens = REASONING_TOKENS[input.task] * (0.35 + 1.65 * clamp01(input.difficulty)) * (input.thinking?.scale ?? 1);
  const cap = (n: number) => Math.round(Math.min(n, input.thinking?.budget ?? Number.POSITIVE_INFINITY));
  return { tokens: cap(tokens), low: cap(tokens * 0.3), high: cap(tokens * 3) };
}

/** The last text `askedLength` read and what it found: the forecast and the difficulty prior ask it of the same prompt. */
let lastAsked: { text: string; found: AskedLength | undefined } | undefined;

type AskedLength = { readonly tokens: number; readonly phrase: string };

/** The largest explicit length request in the text: "2,000 words", "10 bullet points", "three paragraphs". */
export function askedLength(text: string): AskedLength | undefined {
  if (lastAsked?.text !== text) lastAsked = { text, found: findAskedLength(text) };
  return lastAsked.found;
}

function findAskedLength(text: string): AskedLength | undefined {
  let best: { tokens: number; phrase: string } | undefined;
  for (const m of text.matchAll(LENGTH_REQUEST)) {
    const count = parseCount(m[1] ?? '');
    const unit = (m[2] ?? '').toLowerCase();
    const per = UNIT_TOKENS.find(([re]) => re.test(unit))?.[1];
    if (count === undefined || per === undefined || count <= 0) continue;
    // "under 50 words" and "in 3 sentences" cap the answer as much as they size it: the number is the size either way.
    const tokens = Math.min(count * per + 20, 200_000);
    if (!best || tokens > best.tokens) best = { tokens, phrase: m[0].trim() };
  }
  return best;
}

function parseCount(s: string): number | undefined {
  const word = NUMBER_WORDS[s.toLowerCase()];
  if (word !== undefined) return word;
  const k = /k$/i.test(s);
  const n = Number(s.replace(/[,\s]/g, '').replace(/k$/i, ''));
  return Number.isFinite(n) ? n * (k ? 1000 : 1) : undefined;
}

/** Requests and length constraints are stated at the start or the end of a message. */
function edges(text: string): string {
  return text.length <= 3000 ? text : `${text.slice(0, 1500)}\n${text.slice(-1500)}`;
}

function range(tokens: number, lowFactor: number, highFactor: number): { tokens: number; low: number; high: number } {
  return { tokens: Math.round(tokens), low: Math.max(1, Math.round(tokens * lowFactor)), high: Math.round(tokens * highFactor) };
}

function round(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}
