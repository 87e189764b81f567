import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/src/config/index.ts';
import { TemporalCredentialsError, temporalConnectionOptions } from '../../../engine/src/temporal/connection.ts';

// The connection options Boomerang builds for a Temporal cluster or Temporal Cloud from the environment,
// with certificate files served from a table instead of the disk.
const files: Record<string, string> = {
  '/certs/client.pem': '-----BEGIN CERTIFICATE-----client',
  '/certs/client.key': '-----BEGIN PRIVATE KEY-----client',
  '/certs/ca.pem': '-----BEGIN CERTIFICATE-----ca',
};
const bytes = (path: string) => new TextEncoder().encode(files[path]);
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return new TextEncoder().encode(text);
};
const optionsFor = (env: Record<string, string>) => {
  const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'boomerang-config-')), ...env });
  return temporalConnectionOptions(config.temporalAddress!, config.temporalNamespace, config.temporalAuth, readFile);
};
const cloud = { TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'acme.a1b2c' };

describe('Temporal connection options from the environment', () => {
  it('connect in plain text to a self-hosted cluster when nothing asks for TLS', () => {
    expect(optionsFor({ TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toEqual({ address: '127.0.0.1:7233' });
  });

  it('present the client certificate and key (mTLS) to Temporal Cloud, without an API key', () => {
    expect(
      optionsFor({ ...cloud, TEMPORAL_TLS_CERT_FILE: '/certs/client.pem', TEMPORAL_TLS_KEY_FILE: '/certs/client.key' }),
    ).toEqual({
      address: 'acme.a1b2c.tmprl.cloud:7233',
      tls: { clientCertPair: { crt: bytes('/certs/client.pem'), key: bytes('/certs/client.key') } },
    });
  });

  it('send an API key over TLS with the namespace in the request metadata', () => {
    expect(optionsFor({ ...cloud, TEMPORAL_API_KEY: 'eyJhbGciOi.cloud-api-key' })).toEqual({
      address: 'acme.a1b2c.tmprl.cloud:7233',
      tls: {},
      apiKey: 'eyJhbGciOi.cloud-api-key',
      metadata: { 'temporal-namespace': 'acme.a1b2c' },
    });
  });

  it('trust a private CA and check the server under another name', () => {
    expect(
      optionsFor({
        TEMPORAL_ADDRESS: '10.0.0.7:7233',
        TEMPORAL_TLS_CA_FILE: '/certs/ca.pem',
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      }),
    ).toEqual({
      address: '10.0.0.7:7233',
      tls: { serverNameOverride: 'temporal.internal', serverRootCACertificate: bytes('/certs/ca.pem') },
    });
    expect(optionsFor({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS: 'true' })).toEqual({
      address: 'temporal.internal:7233',
      tls: {},
    });
  });

  it.each([
    [
      { ...cloud, TEMPORAL_TLS_CERT_FILE: '/certs/client.pem' },
      /TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: set both/,
    ],
    [{ TEMPORAL_TLS_KEY_FILE: '/k', TEMPORAL_TLS_CERT_FILE: '/c' }, /only used with TEMPORAL_ADDRESS/],
    [{ ...cloud, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k-123' }, /TEMPORAL_TLS=false: .*only sent over TLS/],
    [{ ...cloud, TEMPORAL_TLS: 'yes' }, /TEMPORAL_TLS: .*got "yes"/],
  ])('refuse settings that do not fit together, naming the variables (%#)', (env, message) => {
    const load = () => loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'boomerang-config-')), ...env });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('never show the API key in a configuration error', () => {
    const load = () =>
      loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'boomerang-config-')), TEMPORAL_API_KEY: 'k-secret-9' });
    expect(load).toThrow(/TEMPORAL_API_KEY/);
    expect(load).not.toThrow(/k-secret-9/);
  });

  it('name the variable and the path of a certificate file that cannot be read', () => {
    const build = () =>
      optionsFor({
        ...cloud,
        TEMPORAL_TLS_CERT_FILE: '/certs/missing.pem',
        TEMPORAL_TLS_KEY_FILE: '/certs/client.key',
      });
    expect(build).toThrow(TemporalCredentialsError);
    expect(build).toThrow(/^TEMPORAL_TLS_CERT_FILE: cannot read \/certs\/missing.pem \(ENOENT/);
  });
});
