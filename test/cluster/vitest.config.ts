import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// `npm run test:cluster`: a real multi-service Temporal on PostgreSQL with Boomerang's parts as separate
// processes. Not part of `npm test` (it builds the server once and takes minutes); .ci/run calls it after.
export default defineConfig({
  test: {
    root,
    include: ['test/cluster/**/*.test.ts'],
    testTimeout: 540_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
