// Writes schemas/switchyard.schema.json and schemas/user-config.schema.json from the zod schemas. Run from the repository root: npm run schema
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { policyFileJsonSchema, userConfigJsonSchema } from '../shared/policy/json-schema.js';

for (const [file, schema] of [
  ['schemas/switchyard.schema.json', policyFileJsonSchema()],
  ['schemas/user-config.schema.json', userConfigJsonSchema()],
] as const) {
  const out = path.resolve(file);
  writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${out}`);
}
