import type { PolicyDefinition } from './schema.js';

export const DEFAULT_POLICY = 'balanced';

/** The built-in policies every workspace starts with; user config and the workspace file may override them by name. */
export const BUILTIN_POLICIES: Record<string, PolicyDefinition> = {
  cheapest: {
    description: 'The lowest estimated cost for this request, quality as a tie-breaker.',
    preferences: { costPriority: 1, speedPriority: 0.05, intelligencePriority: 0.15 },
  },
  balanced: {
    description: 'Good quality for the task at a sensible price.',
    preferences: { costPriority: 0.5, speedPriority: 0.2, intelligencePriority: 0.7 },
  },
  best: {
    description: 'The strongest model for the detected task, whatever it costs.',
    preferences: { costPriority: 0.05, speedPriority: 0, intelligencePriority: 1 },
  },
  fastest: {
    description: 'The quickest answer: small, fast models on fast providers.',
    preferences: { costPriority: 0.2, speedPriority: 1, intelligencePriority: 0.2 },
  },
  'local-only': {
    description: 'Only models on local providers (Ollama, LM Studio, vLLM, loopback endpoints): nothing leaves the machine.',
    preferences: { costPriority: 0.2, speedPriority: 0.3, intelligencePriority: 0.8 },
    localOnly: true,
  },
};
