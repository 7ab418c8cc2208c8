/**
 * Output-format instructions ("present your answer in the following JSON format", a fenced JSON template, "within
 * \boxed{}", "in a code block") say how to answer, not what is asked: task detection blanks them out before it looks
 * for the topic, so a word problem that wants its answer as JSON stays a math problem. The request's format
 * constraint is kept (the caller records it).
 */
const FORMAT_NOUN = String.raw`(?:json|yaml|xml|toml|csv|markdown)(?:\s+(?:format|object|block|schema|response|output|structure|code\s*block|dictionary|dict))?`;
const FORMAT_PHRASE = new RegExp(
  String.raw`\b(?:in|as|using|into|within|inside|with|per|following)\s+(?:(?:a|an|the|this|that|following|valid|strict|plain|proper|same|below|given|single)\s+)*${FORMAT_NOUN}\b` +
    String.raw`|\b(?:in|as|inside|within|using|into)\s+(?:(?:a|an|the|one|single|fenced)\s+)*code\s*blocks?\b` +
    String.raw`|(?:\b(?:in|within|inside|using|with)\s+)?\\boxed\s*\{[^{}\n]{0,40}\}`,
  'gi',
);
const FENCED_BLOCK = /```[ \t]*([A-Za-z]*)[^\n]*\n([\s\S]{0,800}?)```/g;
const TEMPLATE_TAGS = new Set(['', 'json', 'yaml', 'yml', 'xml', 'toml', 'csv', 'text', 'txt', 'plaintext']);
const PLACEHOLDER = /_{2,}|\.\.\.|…|<[^<>\n]{1,30}>|\byour\b|"\s*"|\[\s*\]/i;
const TEMPLATE_CUE = /\b(?:format|following|template|schema|like this|as follows|structure|shape)\b[^\n]{0,40}$/i;
// "put/give/… your final answer …": the verb, then the answer noun within 40 characters of the same sentence
const ANSWER_PHRASE = /\b(?:show|put|give|write|provide|place|return|state|present|output|enclose)\b[^.\n]{0,40}\b(?:final answer|answer|result|output|solution)\b/gi;
const INLINE_CODE = /`[^`\n]{1,80}`/g;

export function withoutOutputFormat(text: string): { text: string; found: boolean } {
  let found = false;
  const blank = (s: string) => {
    found = true;
    return ' '.repeat(s.length);
  };
  let out = text;
  if (out.includes('```')) {
    out = out.replace(FENCED_BLOCK, (block: string, tag: string, body: string, offset: number) => {
      if (!TEMPLATE_TAGS.has(tag.toLowerCase())) return block;
      const before = out.slice(Math.max(0, offset - 200), offset);
      return PLACEHOLDER.test(body) || TEMPLATE_CUE.test(before.trimEnd()) ? blank(block) : block;
    });
  }
  out = out.replace(FORMAT_PHRASE, blank);
  if (out.includes('`')) out = blankInlineCodeInAnswerSentences(out, blank);
  return { text: out, found };
}

/**
 * Inline code in a sentence that says how to give the answer ("put your final answer in `…`") is a format, not
 * the topic: blanked from the start of that sentence (after the last '.' or line break before the phrase) to the
 * end of its line. Linear: one pass for the phrase, no sentence-wide backtracking (which was quadratic in the
 * length of a line without full stops).
 */
function blankInlineCodeInAnswerSentences(text: string, blank: (s: string) => string): string {
  let out = '';
  let copied = 0;
  ANSWER_PHRASE.lastIndex = 0;
  for (let m = ANSWER_PHRASE.exec(text); m !== null; m = ANSWER_PHRASE.exec(text)) {
    const start = Math.max(text.lastIndexOf('.', m.index - 1), text.lastIndexOf('\n', m.index - 1), copied - 1) + 1;
    const newline = text.indexOf('\n', ANSWER_PHRASE.lastIndex);
    const end = newline < 0 ? text.length : newline;
    out += text.slice(copied, start) + text.slice(start, end).replace(INLINE_CODE, blank);
    copied = end;
    ANSWER_PHRASE.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
