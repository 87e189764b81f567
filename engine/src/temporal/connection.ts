import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** The Temporal connection settings read from the environment (files by path; read at connect time). */
export interface TemporalAuth {
  /** TLS on: set by TEMPORAL_TLS=true, a client certificate, a CA file or an API key. */
  tls: boolean;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  serverName?: string;
  /** Never printed (see secrets.ts). */
  apiKey?: string;
}

/** What both Connection.connect (client) and NativeConnection.connect (worker) take to reach a frontend. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
  metadata?: Record<string, string>;
}

/** A certificate or key file that cannot be read: which variable named it and why. */
export class TemporalCredentialsError extends Error {}

/**
 * The connection options for `address` from the TLS / API key settings: files are read through
 * `readFile` (so tests pass a table), and an API key also names the namespace in the request metadata,
 * as Temporal Cloud routes on it.
 */
export function temporalConnectionOptions(
  address: string,
  namespace: string,
  auth: TemporalAuth,
  readFile: (path: string) => Uint8Array = readFileSync,
): TemporalConnectionOptions {
  if (!auth.tls) return { address };
  const read = (variable: string, path: string) => {
    try {
      return readFile(path);
    } catch (error) {
      throw new TemporalCredentialsError(
        `${variable}: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  };
  const tls: TLSConfig = {};
  if (auth.serverName) tls.serverNameOverride = auth.serverName;
  if (auth.caFile) tls.serverRootCACertificate = read('TEMPORAL_TLS_CA_FILE', auth.caFile);
  if (auth.certFile && auth.keyFile)
    tls.clientCertPair = {
      crt: read('TEMPORAL_TLS_CERT_FILE', auth.certFile),
      key: read('TEMPORAL_TLS_KEY_FILE', auth.keyFile),
    };
  return auth.apiKey
    ? { address, tls, apiKey: auth.apiKey, metadata: { 'temporal-namespace': namespace } }
    : { address, tls };
}
