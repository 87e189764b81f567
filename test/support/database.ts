import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { migrate, openDatabase, type Database } from '../../engine/src/db/index.ts';
import { startPostgres, type PostgresServer } from './postgres.ts';

/** Which database a suite runs on: embedded PGlite, or a throwaway PostgreSQL server. */
export type DatabaseKind = 'pglite' | 'postgres';

/** A migrated database of `kind`, opened before the suite's tests and closed (server stopped) after them. */
export function useDatabase(
  kind: DatabaseKind,
  name: string,
  seed?: (db: Database) => Promise<void>,
): { readonly db: Database; readonly url: string | undefined } {
  let db: Database | undefined;
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    db = await openDatabase({ databaseUrl: server?.url, dataDir: mkdtempSync(join(tmpdir(), `boomerang-${name}-`)) });
    await migrate(db);
    await seed?.(db);
  }, 90_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });
  return {
    get db() {
      if (!db) throw new Error('the database is opened in beforeAll; use it inside a test');
      return db;
    },
    get url() {
      return server?.url;
    },
  };
}
