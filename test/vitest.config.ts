import { defineConfig } from 'vitest/config';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Every temporary folder of a run (databases, data dirs, uploads) goes under one folder of its own, which
// test/support/run-temp-dir.ts removes when the run ends: repeated runs do not fill the disk.
if (!process.env['BOOMERANG_TEST_TMP']) {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-test-run-'));
  chmodSync(dir, 0o1777); // like /tmp: the Postgres the tests start runs as the postgres user
  process.env['BOOMERANG_TEST_TMP'] = dir;
  process.env['TMPDIR'] = dir;
}

// Three projects: pure unit tests run in parallel; Temporal time-skipping tests and
// whole-stack end-to-end tests each run serially (they start servers and share ports).
export default defineConfig({
  test: {
    root,
    globalSetup: ['test/support/run-temp-dir.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: ['test/temporal/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
