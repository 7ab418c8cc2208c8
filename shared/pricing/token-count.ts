import { FAMILY_INFO, type TokenizerFamily } from './tokenizer-family.js';
import { cl100kCounter, o200kCounter, roughTokenCount } from './tokenizers.js';

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
/** An image at typical resolution; providers differ (OpenAI high detail 765, Anthropic ~1,600 at 1 MP). */
const TOKENS_PER_IMAGE = 1000;
const NOT_LOADED = '±30% (tokenizer tables not loaded yet: about 4 characters per token)';

/**
 * Counts input tokens once per tokenizer family. Counting is the expensive part of an estimate, so a
 * request's counts are memoized here and reused across every model of the same family.
 */
export class RequestTokenCounter {
  private readonly counts = new Map<TokenizerFamily, TokenCount>();
  private o200kTextCount: number | undefined;

  constructor(private readonly input: TokenizableInput) {}

  count(family: TokenizerFamily): TokenCount {
    let result = this.counts.get(family);
    if (!result) {
      result = this.compute(family);
      this.counts.set(family, result);
    }
    return result;
  }

  /**
   * Bounds on `count(family).tokens` without running a second BPE when this family has not been counted yet (the
   * exact count otherwise): a byte-level BPE token is at least one UTF-8 byte, and a UTF-16 unit is at most three.
   */
  tokenRange(family: TokenizerFamily): { least: number; most: number } {
    if (this.counts.has(family) || family !== 'cl100k' || !cl100kCounter()) {
      const tokens = this.count(family).tokens;
      return { least: tokens, most: tokens };
    }
    const texts = this.input.texts;
    const fixed = (texts.length > 1 ? texts.length * PER_MESSAGE_TOKENS + REPLY_PRIMING_TOKENS : 0) + this.input.images * TOKENS_PER_IMAGE;
    return { least: fixed, most: fixed + 3 * texts.reduce((n, t) => n + t.length, 0) };
  }

  private compute(family: TokenizerFamily): TokenCount {
    const texts = this.input.texts;
    const framing = texts.length > 1 ? texts.length * PER_MESSAGE_TOKENS + REPLY_PRIMING_TOKENS : 0;
    const images = this.input.images * TOKENS_PER_IMAGE;
    const exactText = this.input.images === 0;
    const o200k = o200kCounter();
    const cl100k = cl100kCounter();
    if (!o200k || !cl100k) {
      return { tokens: sumTokens(texts, roughTokenCount) + framing + images, exact: false, family, note: NOT_LOADED };
    }
    if (family === 'cl100k') return { tokens: sumTokens(texts, cl100k) + framing + images, exact: exactText, family };
    this.o200kTextCount ??= sumTokens(texts, o200k);
    if (family === 'o200k') return { tokens: this.o200kTextCount + framing + images, exact: exactText, family };
    const info = FAMILY_INFO[family];
    return { tokens: Math.ceil(this.o200kTextCount * info.factor) + framing + images, exact: false, family, note: info.expectedError };
  }
}

function sumTokens(texts: string[], counter: (text: string) => number): number {
  let total = 0;
  for (const text of texts) total += text.length === 0 ? 0 : counter(text);
  return total;
}

/** o200k count of one string (a rough count before the tables are loaded). */
export function countO200kTokens(text: string): number {
  return (o200kCounter() ?? roughTokenCount)(text);
}
