import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase, startPostgresServer } from '../../engine/bin/postgres-server.mjs';
import { freePort } from './ports.ts';

/** A throwaway PostgreSQL server on 127.0.0.1, for tests of the DATABASE_URL path. */
export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
  /** Stops the server (pg_ctl, fast mode: clients are cut off), runs `whileDown`, and starts it again on the same data dir and port. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

/** Initialises a cluster in a temp dir and starts it with a `boomerang` database (fsync off: it is thrown away). */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-pg-'));
  const server = await startPostgresServer({ dir, port: await freePort(), user: 'boomerang', fsync: false });
  await ensureDatabase(server, 'boomerang');
  return {
    url: server.url('boomerang'),
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: (whileDown) => server.restart(whileDown),
  };
}
