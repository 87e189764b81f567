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
  /**
   * Calls `onNotify` whenever a transaction that ran `pg_notify(channel, ...)` commits, in this
   * process or any other on the same database; resolves to the function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
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
    exec: async (sql) => {
      await db.exec(sql);
    },
    listen: (channel, onNotify) => db.listen(channel, () => onNotify()),
    close: () => db.close(),
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). A lost
 * connection is re-opened after a second, and `onNotify` is called then, since notifications sent
 * while it was away are gone.
 */
async function listenOnPostgres(
  connectionString: string,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify();
    });
    const reconnect = () => {
      if (stopped || client !== c) return;
      client = undefined;
      c.end().catch(() => undefined);
      retry = setTimeout(() => {
        connect().then(onNotify, reconnect);
      }, 1000);
    };
    c.on('error', reconnect);
    c.on('end', reconnect);
    client = c;
    await c.connect();
    await c.query(`listen ${pg.escapeIdentifier(channel)}`);
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end();
  };
}

function postgresDatabase(pool: pg.Pool, connectionString: string): Database {
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
    exec: async (sql) => {
      await pool.query(sql);
    },
    listen: (channel, onNotify) => listenOnPostgres(connectionString, channel, onNotify),
    close: () => pool.end(),
  };
}

/** Opens Postgres when `databaseUrl` is set, else the embedded PGlite database in `dataDir`. */
export async function openDatabase(opts: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client whose server went away (Postgres restarting) is reported here; unheard, the event
    // would end the process. The pool drops that client and opens a new one on the next query.
    pool.on('error', (error) => console.error('[database] a pooled connection was lost:', error.message));
    return postgresDatabase(pool, opts.databaseUrl);
  }
  const db = await PGlite.create({ dataDir: join(opts.dataDir, 'pglite') });
  return pgliteDatabase(db);
}
