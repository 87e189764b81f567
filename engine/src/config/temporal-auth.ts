// How Boomerang authenticates to a Temporal frontend that is not the embedded dev server: TLS with an
// optional client certificate (mTLS, self-hosted or Temporal Cloud) and/or an API key (Temporal Cloud).

import type { TemporalAuth } from '../temporal/connection.ts';

export type { TemporalAuth };

type AuthVariables = {
  TEMPORAL_ADDRESS?: string | undefined;
  TEMPORAL_TLS?: 'true' | 'false' | undefined;
  TEMPORAL_TLS_CERT_FILE?: string | undefined;
  TEMPORAL_TLS_KEY_FILE?: string | undefined;
  TEMPORAL_TLS_CA_FILE?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  TEMPORAL_API_KEY?: string | undefined;
};

/** Settings that do not fit together, each naming its variables (empty when all is well). */
export function temporalAuthProblems(e: AuthVariables): string[] {
  const problems: string[] = [];
  if (Boolean(e.TEMPORAL_TLS_CERT_FILE) !== Boolean(e.TEMPORAL_TLS_KEY_FILE))
    problems.push(
      'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: set both (a client certificate and its key) or neither',
    );
  const remoteOnly = (
    ['TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_CA_FILE', 'TEMPORAL_API_KEY'] as const
  ).filter((v) => e[v]);
  if (!e.TEMPORAL_ADDRESS && remoteOnly.length)
    problems.push(
      `${remoteOnly.join(', ')}: only used with TEMPORAL_ADDRESS (the embedded dev server needs no credentials)`,
    );
  if (e.TEMPORAL_TLS === 'false' && (e.TEMPORAL_API_KEY || e.TEMPORAL_TLS_CERT_FILE))
    problems.push('TEMPORAL_TLS=false: an API key or client certificate is only sent over TLS');
  return problems;
}

/** The settings from the (already checked) environment. */
export function temporalAuthFrom(e: AuthVariables): TemporalAuth {
  const tls =
    e.TEMPORAL_TLS === 'true' ||
    (e.TEMPORAL_TLS !== 'false' && Boolean(e.TEMPORAL_TLS_CERT_FILE || e.TEMPORAL_TLS_CA_FILE || e.TEMPORAL_API_KEY));
  return {
    tls,
    ...(e.TEMPORAL_TLS_CERT_FILE && { certFile: e.TEMPORAL_TLS_CERT_FILE }),
    ...(e.TEMPORAL_TLS_KEY_FILE && { keyFile: e.TEMPORAL_TLS_KEY_FILE }),
    ...(e.TEMPORAL_TLS_CA_FILE && { caFile: e.TEMPORAL_TLS_CA_FILE }),
    ...(e.TEMPORAL_TLS_SERVER_NAME && { serverName: e.TEMPORAL_TLS_SERVER_NAME }),
    ...(e.TEMPORAL_API_KEY && { apiKey: e.TEMPORAL_API_KEY }),
  };
}
