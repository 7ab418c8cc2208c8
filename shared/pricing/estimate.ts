/** A request's estimated cost on one model: token counts and what they cost. */
export interface CostEstimate {
  model: string;
  inputTokens: number;
  outputTokens: number;
  inputCost: number;
  outputCost: number;
  totalCost: number;
  /** True when the input count comes from the model's own tokenizer. */
  exact: boolean;
  /** For estimates: the expected error of the token count. */
  note?: string;
}
