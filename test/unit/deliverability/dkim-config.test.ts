import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, keyLocations, loadConfig } from '../../../engine/src/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'boomerang-dkim-config-'));
const pem = (type: 'rsa' | 'ed25519') =>
  (type === 'rsa'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : generateKeyPairSync('ed25519').privateKey
  )
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();
const rsa = pem('rsa');
const keyFile = join(dir, 'key.pem');
writeFileSync(keyFile, rsa);
const base = { DATA_DIR: join(dir, 'data'), DKIM_DOMAIN: 'shop.example', DKIM_SELECTOR: 'news' };
const problem = (env: Record<string, string>): string => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('DKIM configuration at start-up', () => {
  it('reads the key file and says where the key is, never what it is', () => {
    const config = loadConfig({ ...base, DKIM_PRIVATE_KEY_FILE: keyFile });
    expect(config.dkim?.signing).toMatchObject({ domain: 'shop.example', selector: 'news' });
    const lines = keyLocations(config).join('\n');
    expect(lines).toContain(
      `DKIM key:             from DKIM_PRIVATE_KEY_FILE (${keyFile}), signing as news._domainkey.shop.example`,
    );
    expect(lines).not.toContain(rsa.split('\n')[1]);
  });

  it('names DKIM_PRIVATE_KEY_FILE when the file cannot be read', () => {
    expect(problem({ DKIM_PRIVATE_KEY_FILE: join(dir, 'missing.pem') })).toMatch(
      /DKIM_PRIVATE_KEY_FILE: cannot read .*missing\.pem.*ENOENT/,
    );
  });

  it('names the variable when it holds no private key, without showing what it holds', () => {
    const secretish = 'not-a-key-but-maybe-a-secret';
    const message = problem({ DKIM_PRIVATE_KEY: secretish });
    expect(message).toContain('DKIM_PRIVATE_KEY: the key is not a PEM private key');
    expect(message).not.toContain(secretish);
  });

  it('refuses a key that is not RSA', () => {
    const file = join(dir, 'ed.pem');
    writeFileSync(file, pem('ed25519'));
    expect(problem({ DKIM_PRIVATE_KEY_FILE: file })).toContain('DKIM_PRIVATE_KEY_FILE: the key is a ed25519 key');
  });

  it('names what is missing when DKIM is half configured', () => {
    const message = problem({ DKIM_SELECTOR: '', DKIM_PRIVATE_KEY: rsa.replace(/\n/g, '\\n') });
    expect(message).toContain('DKIM_SELECTOR');
    expect(problem({})).toContain('DKIM_PRIVATE_KEY_FILE: set it');
  });
});
