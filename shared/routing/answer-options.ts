/**
 * Lettered answer options at the end of a message ("A. …", "(B) …", "C) …"; A, B and C at least, in order, one per
 * line), perhaps then "Answer:": a multiple-choice question. Pure.
 */
const OPTIONS_AT_END = /(?:^|\n)[ \t]*\(?A[.):][ \t]+\S[^\n]*\n[ \t]*\(?B[.):][ \t]+\S[^\n]*\n[ \t]*\(?C[.):][ \t]+\S[^\n]*(?:\n[ \t]*\(?[D-J][.):][ \t]+\S[^\n]*)*\s*(?:\n[ \t]*(?:answer|your answer|correct answer)[ \t]*:?[ \t]*)?$/i;

/** Where the trailing answer options begin, or undefined when the text does not end with them. */
export function answerOptionsStart(text: string): number | undefined {
  return OPTIONS_AT_END.exec(text)?.index;
}
