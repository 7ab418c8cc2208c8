import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { FAMILY_INFO, type TokenizerFamily } from './tokenizer-family.js';

/** What the token counter needs to know about a request, independent of message shapes. */
export interface TokenizableInput {
  /** Each message's text (a bare prompt is one message). */
  texts: string[];
  images: number;
}

export interface TokenCount {
  tokens: number;
  exact: boolean;
  family: TokenizerFamily;
  /** For estimates: the expected error, stated for users. */
  note?: string;
}

/** OpenAI chat format: every message costs 3 tokens of framing, and the reply is primed with 3. */
const PER_MESSAGE_TOKENS = 3;
const REPLY_PRIMING_TOKENS = 3;
/** User text may contain `<|endoftext|>` and the like: count it as text rather than throwing. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
/** An image at typical resolution; providers differ (OpenAI high detail 765, Anthropic ~1,600 at 1 MP). */
const TOKENS_PER_IMAGE = 1000;

/**
 * Counts input tokens once per tokenizer family. Counting is the expensive part of an estimate, so a
 * request's counts are memoized here and reused across every model of the same family.
 */
export class RequestTokenCounter {
  private readonly counts = new Map<TokenizerFamily, TokenCount>();

  constructor(private readonly input: TokenizableInput) {}

  count(family: TokenizerFamily): TokenCount {
    let result = this.counts.get(family);
    if (!result) {
      result = this.compute(family);
      this.counts.set(family, result);
    }
    return result;
  }

  private compute(family: TokenizerFamily): TokenCount {
    const texts = this.input.texts;
    const framing = texts.length > 1 ? texts.length * PER_MESSAGE_TOKENS + REPLY_PRIMING_TOKENS : 0;
    const images = this.input.images * TOKENS_PER_IMAGE;
    const exactText = this.input.images === 0;
    if (family === 'cl100k') return { tokens: sumTokens(texts, (t) => countCl100k(t, PLAIN_TEXT)) + framing + images, exact: exactText, family };
    const o200kText = this.o200kText();
    if (family === 'o200k') return { tokens: o200kText + framing + images, exact: exactText, family };
    const info = FAMILY_INFO[family];
    return { tokens: Math.ceil(o200kText * info.factor) + framing + images, exact: false, family, note: info.expectedError };
  }

  private o200kTextCount: number | undefined;
  private o200kText(): number {
    this.o200kTextCount ??= sumTokens(this.input.texts, (t) => countO200k(t, PLAIN_TEXT));
    return this.o200kTextCount;
  }
}

function sumTokens(texts: string[], counter: (text: string) => number): number {
  let total = 0;
  for (const text of texts) total += text.length === 0 ? 0 : counter(text);
  return total;
}

/** Exact o200k count of one string, for callers that only need a quick size (task detection, limits). */
export function countO200kTokens(text: string): number {
  return countO200k(text, PLAIN_TEXT);
}
