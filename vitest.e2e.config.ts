import { defineConfig } from 'vitest/config';

/** `npm run test:e2e`: the extension in a real VS Code (code-server + Chromium). Slow; one file at a time. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
