import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/src/config/index.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'boomerang-config-'));

describe('start-up configuration', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db/boomerang'],
    ['TEMPORAL_ADDRESS', 'temporal.example.com'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['PUBLIC_URL', 'not a url'],
    ['WRITE_KEY', 'short'],
    ['BOOMERANG_ROLES', 'api,mailer'],
  ])('stops on a bad %s (%s) with a message naming the variable and the value', (name, value) => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${name}: .*got "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).toBe(3000);
    expect(config.temporalDevPort).toBe(7233);
    expect(config.temporalNamespace).toBe('default');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.mailFrom).toBe('Boomerang <hello@localhost>');
    expect([...config.roles].sort()).toEqual(['api', 'router', 'worker']);
  });

  it('generates the keys once into DATA_DIR and keeps them across restarts', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.writeKey).toMatch(/^wk_[0-9a-f]{32}$/);
    expect(second.writeKey).toBe(first.writeKey);
    expect(second.adminToken).toBe(first.adminToken);
    expect(loadConfig({ DATA_DIR: dir, WRITE_KEY: 'wk_from_environment' }).writeKey).toBe('wk_from_environment');
  });
});
