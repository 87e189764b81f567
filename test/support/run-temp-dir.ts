import { rmSync } from 'node:fs';

/** Vitest global setup: when the run ends, removes the run's temporary folder (see test/vitest.config.ts). */
export default function setup(): () => void {
  return () => {
    const dir = process.env['BOOMERANG_TEST_TMP'];
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
