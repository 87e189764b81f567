// A second stack on a throwaway PostgreSQL (fresh data dir and ports, same keys), for the benches
// that print a Postgres figure beside the embedded one; started after the embedded stack is down.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../engine/src/config/index.ts';
import { silentLogger } from '../../engine/src/observability/index.ts';
import { startBoomerang, type Boomerang } from '../../engine/src/runtime/boomerang.ts';
import { freeDevServerPort, freePort } from '../support/ports.ts';
import { startPostgres } from '../support/postgres.ts';

/** Runs `work` against a stack on Postgres started from `env`, then stops both; `url` is its HTTP base. */
export async function onPostgresStack(
  env: NodeJS.ProcessEnv,
  work: (b: Boomerang, url: string) => Promise<void>,
): Promise<void> {
  const server = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-bench-pg-'));
  try {
    const config = loadConfig({
      ...env,
      DATABASE_URL: server.url,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      SMTP_SINK_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freeDevServerPort()),
    });
    const b = await startBoomerang(config, silentLogger());
    try {
      await work(b, `http://127.0.0.1:${config.port}`);
    } finally {
      await b.stop();
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
