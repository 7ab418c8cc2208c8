import { z } from 'zod';

/** Routing tasks, as detected by `shared/routing/detect-task.ts`. Kept here so the policy schema stays importable alone. */
export const POLICY_TASKS = ['coding', 'math', 'creative', 'instructions', 'long-context', 'vision', 'multi-turn', 'general'] as const;

const priority = z.number().min(0).max(1);

/** MCP `ModelPreferences`, as in the spec: priorities 0..1 and name hints tried in order. */
export const preferencesSchema = z
  .strictObject({
    costPriority: priority.optional().describe('0..1: how much a lower cost matters.'),
    speedPriority: priority.optional().describe('0..1: how much a faster answer matters.'),
    intelligencePriority: priority.optional().describe('0..1: how much answer quality for the task matters.'),
    hints: z
      .array(z.union([z.string(), z.object({ name: z.string() })]))
      .optional()
      .describe('Model name substrings, first one first (MCP hints; { name } objects accepted).'),
  })
  .describe('MCP ModelPreferences.');

/**
 * Success targets a policy or a rule may set instead of the cost/quality balance of the priorities; the router
 * ranks with `utility()` in `shared/routing/predict/utility.ts`, which defines them.
 */
const targetShape = {
  minSuccess: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('0..1: use the cheapest model predicted to answer well at least this often (if none, the most likely one).'),
  pricePerPoint: z
    .number()
    .nonnegative()
    .optional()
    .describe('USD worth paying per percentage point of predicted success (linear): 0.001 buys 10 points for a cent.'),
};

/** A rule's preference override: MCP ModelPreferences plus the success targets. */
export const rulePreferencesSchema = preferencesSchema.extend(targetShape).describe('MCP ModelPreferences, plus success targets.');

export const requireSchema = z
  .strictObject({
    tools: z.boolean().optional(),
    vision: z.boolean().optional(),
    json: z.boolean().optional(),
    reasoning: z.boolean().optional(),
    pdf: z.boolean().optional(),
    audio: z.boolean().optional(),
  })
  .describe('Capabilities every candidate must have.');

const modelGlob = z.string().min(1).describe('A model id or a glob over model ids: "anthropic/*", "*preview*".');

export const ruleSchema = z
  .strictObject({
    description: z.string().optional(),
    when: z
      .strictObject({
        task: z.union([z.enum(POLICY_TASKS), z.array(z.enum(POLICY_TASKS)).min(1)]).optional(),
        inputTokensOver: z.number().int().nonnegative().optional(),
        inputTokensUnder: z.number().int().positive().optional(),
        tag: z.string().optional().describe('Matches when the request carries this tag.'),
      })
      .describe('All given conditions must hold.'),
    use: z.string().optional().describe('Route to this model when the rule matches (it must still pass the hard filters).'),
    preferences: rulePreferencesSchema.optional(),
    require: requireSchema.optional(),
  })
  .refine((r) => r.use !== undefined || r.preferences !== undefined || r.require !== undefined, {
    message: 'a rule needs "use", "preferences" or "require"',
  });

export const PROVIDER_SORTS = ['price', 'latency', 'throughput'] as const;

/** Which endpoint serves the chosen model, after OpenRouter's provider routing. */
export const providerRoutingSchema = z
  .strictObject({
    order: z.array(z.string().min(1)).optional().describe('Providers to prefer, in order (e.g. ["anthropic", "bedrock"]).'),
    only: z.array(z.string().min(1)).optional().describe('Only these providers.'),
    ignore: z.array(z.string().min(1)).optional().describe('Never these providers.'),
    sort: z.enum(PROVIDER_SORTS).optional().describe('How to pick among the remaining endpoints (default price).'),
  })
  .describe('Endpoint choice: which providers may serve the chosen model, and in what order.');

export const policySchema = z.strictObject({
  extends: z.string().optional().describe('A built-in or another named policy whose settings this one starts from.'),
  description: z.string().optional(),
  preferences: preferencesSchema.optional(),
  ...targetShape,
  allow: z.array(modelGlob).optional().describe('Only models matching one of these globs.'),
  deny: z.array(modelGlob).optional().describe('Never models matching one of these globs.'),
  require: requireSchema.optional(),
  localOnly: z.boolean().optional().describe('Only models served by local providers (Ollama, LM Studio, vLLM, loopback endpoints).'),
  maxCostPerRequest: z.number().nonnegative().optional().describe('USD: skip models whose estimate for this request is higher.'),
  fallbacks: z.array(z.string()).optional().describe('Models to try, in order, when the chosen one fails.'),
  providers: providerRoutingSchema.optional(),
  minSuccess: z.number().min(0).max(1).optional().describe('Quality target: the cheapest model whose predicted success for the request is at least this (0..1).'),
  pricePerPoint: z.number().positive().optional().describe('USD you will pay per percentage point of predicted success; replaces the cost priority with a linear trade-off.'),
  rules: z.array(ruleSchema).optional(),
});

export const budgetSchema = z
  .strictObject({
    daily: z.number().nonnegative().optional().describe('USD per calendar day (local time).'),
    monthly: z.number().nonnegative().optional().describe('USD per calendar month.'),
  })
  .describe('Spend limits. A workspace may lower the user’s budget, never raise it.');

/** `.switchyard.json` at the workspace root. Provider endpoints and keys are not allowed here. */
export const workspacePolicyFileSchema = z.strictObject({
  $schema: z.string().optional(),
  active: z.string().optional().describe('The policy used when a request names none.'),
  policies: z.record(z.string(), policySchema).optional(),
  budget: budgetSchema.optional(),
});

export const PROVIDER_APIS = ['openai', 'anthropic', 'gemini'] as const;

export const userModelSchema = z.strictObject({
  id: z.string().min(1).describe('The model name at the provider; it joins the catalog as provider/id.'),
  name: z.string().optional().describe('The name sent in API requests, when it differs from id.'),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive().optional(),
  pricing: z.strictObject({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    cachedInputPerMTok: z.number().nonnegative().optional(),
  }),
  capabilities: z.array(z.enum(['tools', 'vision', 'json', 'reasoning', 'pdf', 'audio'])).optional(),
  quality: z.record(z.string(), z.number()).optional().describe('Arena-style ratings per category, if you have them.'),
});

export const providerConfigSchema = z.strictObject({
  api: z.enum(PROVIDER_APIS).optional().describe('Wire format; built-in providers know theirs.'),
  baseUrl: z.url().optional().describe('API base URL, e.g. http://127.0.0.1:8080/v1'),
  apiKeyEnv: z.string().optional().describe('The environment variable holding the API key.'),
  local: z.boolean().optional().describe('Runs on this machine (defaults to true for loopback URLs).'),
  models: z.array(userModelSchema).optional(),
});

export const DEFAULT_CALL_TIMEOUTS = Object.freeze({ firstByteMs: 30_000, idleMs: 30_000, totalMs: 120_000 });

// At most 30 minutes: the ledger takes a reservation older than that for one whose process died.
const ms = (what: string, fallback: number) =>
  z.number().int().min(100).max(1_800_000).optional().describe(`${what} Milliseconds (100 to 1800000); default ${fallback}.`);

export const callTimeoutsSchema = z
  .strictObject({
    firstByteMs: ms('Per attempt: the longest wait for the upstream’s first byte (for a non-streamed call, that is the whole answer).', DEFAULT_CALL_TIMEOUTS.firstByteMs),
    idleMs: ms('Per attempt: the longest silence inside a streamed answer.', DEFAULT_CALL_TIMEOUTS.idleMs),
    totalMs: ms('Per call: the deadline across every attempt and fallback; the call then ends with an error listing the attempts.', DEFAULT_CALL_TIMEOUTS.totalMs),
  })
  .describe('Time limits for calls to model providers.');

export const stateConfigSchema = z
  .strictObject({
    redis: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
      .optional()
      .describe('Redis URL for state shared by every instance (budget reservations, spend totals, breakers, latencies, rate limits); SWITCHYARD_REDIS_URL wins. Unset: local files.'),
  })
  .describe('Where instances keep shared state (team deployments).');

export const httpTokenSchema = z.strictObject({
  name: z.string().regex(/^[\w.@-]{1,64}$/, 'letters, digits and . _ - @, at most 64').describe('Who the token belongs to: a user or a team; budgets, metrics and the ledger name it.'),
  tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/i).optional().describe('The environment variable holding the bearer token (the token itself is never written in a config file).'),
  tokenFile: z.string().optional().describe('A file holding the bearer token, outside the workspace (absolute, or ~/…).'),
  budget: budgetSchema.optional(),
});

/** `~/.config/switchyard/config.json`: everything a workspace file has, plus providers, time limits, shared state, HTTP tokens and tag budgets. */
export const userConfigFileSchema = workspacePolicyFileSchema.extend({
  providers: z.record(z.string(), providerConfigSchema).optional(),
  timeouts: callTimeoutsSchema.optional(),
  state: stateConfigSchema.optional(),
  http: z
    .strictObject({
      tokens: z.array(httpTokenSchema).optional().describe('Bearer tokens of `serve --http`, each mapped to a name with its own budget.'),
    })
    .optional()
    .describe('The HTTP endpoint of `switchyard serve --http`.'),
  tags: z
    .record(z.string().regex(/^[\w.:-]{1,64}$/), z.strictObject({ budget: budgetSchema.optional() }))
    .optional()
    .describe('Budgets per tag: requests carry tags in the x-switchyard-tags header (comma-separated).'),
  predictor: z
    .strictObject({
      weights: z.string().min(1).describe('A weights file made by `switchyard train` from your own graded prompts; a relative path is read from this file\'s folder. SWITCHYARD_WEIGHTS overrides it.'),
    })
    .optional()
    .describe('The success predictor the router ranks models with. Default: the bundled weights, trained on public per-prompt data.'),
});

export type UserModel = z.infer<typeof userModelSchema>;
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type UserConfigFile = z.infer<typeof userConfigFileSchema>;
export type Preferences = z.infer<typeof preferencesSchema>;
export type RulePreferences = z.infer<typeof rulePreferencesSchema>;
export type RequireCaps = z.infer<typeof requireSchema>;
export type PolicyRule = z.infer<typeof ruleSchema>;
export type PolicyDefinition = z.infer<typeof policySchema>;
export type Budget = z.infer<typeof budgetSchema>;
export type ProviderRouting = z.infer<typeof providerRoutingSchema>;
export type CallTimeouts = z.infer<typeof callTimeoutsSchema>;
export type HttpTokenConfig = z.infer<typeof httpTokenSchema>;
export type WorkspacePolicyFile = z.infer<typeof workspacePolicyFileSchema>;
