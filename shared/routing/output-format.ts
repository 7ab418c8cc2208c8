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
const ANSWER_SENTENCE = /[^.\n]*\b(?:show|put|give|write|provide|place|return|state|present|output|enclose)\b[^.\n]{0,40}\b(?:final answer|answer|result|output|solution)\b[^\n]*/gi;
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
  if (out.includes('`')) out = out.replace(ANSWER_SENTENCE, (sentence) => sentence.replace(INLINE_CODE, blank));
  return { text: out, found };
}
