// Writes schemas/switchyard.schema.json from the zod schema. Run from the repository root: npm run schema
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { policyFileJsonSchema } from '../shared/policy/json-schema.js';

const out = path.resolve('schemas/switchyard.schema.json');
writeFileSync(out, `${JSON.stringify(policyFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
