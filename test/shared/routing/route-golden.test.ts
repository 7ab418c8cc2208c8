/**
 * Routing decisions over the bundled catalog are exactly the recorded ones (`test/fixtures/route-golden.jsonl`):
 * speed work must not change a single choice, cost or score. A deliberate change to routing, the catalog or the
 * weights rewrites the file (`node scripts/run-ts.mjs scripts/route-golden.ts --write`) and the diff shows what moved.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { GOLDEN_FILE, goldenLines } from '../../../scripts/route-golden.js';

it('routes the golden prompts under every built-in policy and provider situation exactly as recorded', async () => {
  const want = readFileSync(GOLDEN_FILE, 'utf8').trimEnd().split('\n');
  const got = await goldenLines();
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(got[i], `line ${i + 1}`).toBe(want[i]);
});
