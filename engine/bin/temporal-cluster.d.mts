/** The Temporal server release built here. */
export declare const temporalServerVersion: string;
/** The four services, each its own process. */
export declare const clusterServices: readonly string[];
/** Where the built binaries and schema files are cached (outside the clone). */
export declare function temporalServerCacheDir(version?: string): string;
/** The cached server, SQL tool and PostgreSQL schema folder; built with `go install` when missing. */
export declare function ensureTemporalServer(opts?: { log?: (line: string) => void; version?: string }): {
  server: string;
  sqlTool: string;
  schemaDir: string;
};
/** A running Temporal cluster on PostgreSQL. */
export interface TemporalCluster {
  /** host:port of the frontend (TEMPORAL_ADDRESS). */
  address: string;
  namespace: string;
  /** A `boomerang` database on the same PostgreSQL (DATABASE_URL). */
  databaseUrl: string;
  postgresUrl: string;
  services: Record<string, { pid: number | undefined }>;
  stop(): Promise<void>;
}
/** Starts PostgreSQL, the schemas and the four Temporal services; resolves once the namespace answers. */
export declare function startCluster(opts?: {
  dataDir?: string;
  frontendPort?: number;
  postgresPort?: number;
  namespace?: string;
  log?: (line: string) => void;
  timeoutMs?: number;
}): Promise<TemporalCluster>;
