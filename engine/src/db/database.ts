import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { join } from 'node:path';

/** A row as returned by the driver. */
export type Row = Record<string, unknown>;

/** What the rest of the engine needs from a database: parameterised queries and transactions. */
export interface Queryable {
  query<T extends object = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** The database handle: embedded PGlite or a Postgres pool, behind one interface. */
export interface Database extends Queryable {
  /** Runs `work` in one transaction; everything in it commits together or not at all. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

function pgliteDatabase(db: PGlite): Database {
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T extends object>(sql: string, params: unknown[] = []) {
      const result = await q.query<T>(sql, params);
      return result.rows;
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(db),
    transaction: (work) => db.transaction((tx) => work(asQueryable(tx))),
    exec: async (sql) => { await db.exec(sql); },
    close: () => db.close(),
  };
}

function postgresDatabase(pool: pg.Pool): Database {
  const asQueryable = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends object>(sql: string, params: unknown[] = []) {
      const result = await q.query(sql, params);
      return result.rows as T[]; // the SQL decides the row shape
    },
  });
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(asQueryable(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => { await pool.query(sql); },
    close: () => pool.end(),
  };
}

/** Opens Postgres when `databaseUrl` is set, else the embedded PGlite database in `dataDir`. */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) return postgresDatabase(new pg.Pool({ connectionString: opts.databaseUrl, max: 10 }));
  const db = await PGlite.create({ dataDir: join(opts.dataDir, 'pglite') });
  return pgliteDatabase(db);
}
