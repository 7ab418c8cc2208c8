/** One value of LiteLLM's `model_prices_and_context_window.json`. Fields are checked where they are read. */
export type LiteLLMEntry = Readonly<Record<string, unknown>>;

/** The whole LiteLLM map: key → entry (plus `sample_spec`, which documents the fields and is not a model). */
export type LiteLLMMap = Readonly<Record<string, unknown>>;

export function isEntry(value: unknown): value is LiteLLMEntry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
