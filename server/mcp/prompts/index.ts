import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { z } from 'zod';
import type { ToolDeps } from '../tools/deps.js';

/** Prompts a user can pick in their client: they ask the assistant to use Switchyard's tools for common jobs. */
export function registerPrompts(server: McpServer, deps: ToolDeps): void {
  // Required (the SDK only completes required arguments); "active" means the workspace's active policy.
  const policyArg = completable(z.string().describe('A policy name, or "active" for the workspace’s active policy.'), (value) =>
    ['active', ...deps.policies().names].filter((name) => name.toLowerCase().startsWith((value ?? '').toLowerCase())),
  );

  server.registerPrompt(
    'pick-model',
    {
      title: 'Pick a model for a task',
      description: 'Ask Switchyard which model fits a task best under a policy, what it will cost, and what the alternatives are.',
      argsSchema: { task: z.string().describe('What you need a model for.'), policy: policyArg },
    },
    ({ task, policy }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Use the Switchyard "route" tool${policy && policy !== 'active' ? ` with policy "${policy}"` : ''} to choose a model for this task:\n\n${task}\n\nThen tell me the chosen model, its estimated cost, the two best alternatives with their costs, and in one or two sentences why it was chosen (from the explanation). Mention any warnings.`,
          },
        },
      ],
    }),
  );

  server.registerPrompt(
    'cost-check',
    {
      title: 'What would this prompt cost?',
      description: 'Price a prompt across the catalog (or chosen models) before sending it.',
      argsSchema: { prompt: z.string().describe('The prompt to price.'), outputTokens: z.string().optional().describe('Expected output tokens (default 500).') },
    },
    ({ prompt, outputTokens }) => ({
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: `Use the Switchyard "estimate_cost" tool on the prompt below${outputTokens ? ` with outputTokens ${outputTokens}` : ''}, and show me a short table of the 10 cheapest models and where well-known models (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro) fall. Note which counts are estimates.\n\n---\n${prompt}`,
          },
        },
      ],
    }),
  );

  server.registerPrompt(
    'spend-review',
    { title: 'Review model spend', description: 'Summarize what model calls have cost today and this month, against the budgets.' },
    () => ({
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: 'Use the Switchyard "spend" tool and summarize spend today and this month against the budgets, the three most expensive models, and anything unusual.' },
        },
      ],
    }),
  );
}
