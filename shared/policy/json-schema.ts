import { z } from 'zod';
import { userConfigFileSchema, workspacePolicyFileSchema } from './schema.js';

function jsonSchemaOf(schema: z.ZodType, meta: { $id: string; title: string; description: string }): Record<string, unknown> {
  return { ...(z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>), ...meta };
}

/** The JSON Schema for `.switchyard.json`, generated from the zod schema so the two cannot drift. */
export function policyFileJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(workspacePolicyFileSchema, {
    $id: 'https://switchyard.dev/schemas/switchyard.schema.json',
    title: 'Switchyard workspace policy (.switchyard.json)',
    description: 'Routing policies for this workspace. Provider URLs and API keys are not allowed here: they belong in the user config or the environment.',
  });
}

/** The JSON Schema for the user config (`~/.config/switchyard/config.json`): policies, providers and time limits. */
export function userConfigJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(userConfigFileSchema, {
    $id: 'https://switchyard.dev/schemas/user-config.schema.json',
    title: 'Switchyard user config (config.json)',
    description: 'Your own policies, budgets, providers (base URLs, key variables, models) and time limits for model calls.',
  });
}
