/**
 * The BPE tables are megabytes of data that take ~300 ms to load, so they are loaded on first need rather than at
 * start-up (the MCP server answers `initialize` long before). Callers await `loadTokenizers()` once; counts made
 * before that fall back to a labelled estimate instead of blocking.
 */
type Counter = (text: string) => number;

/** User text may contain `<|endoftext|>` and the like: count it as text rather than throwing. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let o200k: Counter | undefined;
let cl100k: Counter | undefined;
let loading: Promise<void> | undefined;

export function loadTokenizers(): Promise<void> {
  loading ??= Promise.all([import('gpt-tokenizer/encoding/o200k_base'), import('gpt-tokenizer/encoding/cl100k_base')]).then(([a, b]) => {
    o200k = (text) => a.countTokens(text, PLAIN_TEXT);
    cl100k = (text) => b.countTokens(text, PLAIN_TEXT);
  });
  return loading;
}

export function tokenizersLoaded(): boolean {
  return o200k !== undefined;
}

export function o200kCounter(): Counter | undefined {
  return o200k;
}

export function cl100kCounter(): Counter | undefined {
  return cl100k;
}

/** Roughly four characters per token for English text and code: the fallback before the tables are loaded. */
export function roughTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}
