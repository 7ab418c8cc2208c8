import { z } from 'zod';
import { workspacePolicyFileSchema } from './schema.js';

/** The JSON Schema for `.switchyard.json`, generated from the zod schema so the two cannot drift. */
export function policyFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(workspacePolicyFileSchema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://switchyard.dev/schemas/switchyard.schema.json',
    title: 'Switchyard workspace policy (.switchyard.json)',
    description: 'Routing policies for this workspace. Provider URLs and API keys are not allowed here: they belong in the user config or the environment.',
  };
}
