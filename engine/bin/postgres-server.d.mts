/** A PostgreSQL server started by startPostgresServer. */
export interface PostgresServerHandle {
  port: number;
  /** The connection URL of one database on it (trust auth, no password). */
  url(database: string): string;
  stop(): Promise<void>;
  restart(whileDown?: () => Promise<void>): Promise<void>;
}
export declare function waitForPostgres(
  url: string,
  sql?: string,
  timeoutMs?: number,
  needRows?: boolean,
): Promise<{ rowCount: number | null; rows: unknown[] }>;
export declare function startPostgresServer(opts: {
  dir: string;
  port: number;
  user: string;
  fsync?: boolean;
}): Promise<PostgresServerHandle>;
export declare function ensureDatabase(server: PostgresServerHandle, database: string): Promise<boolean>;
