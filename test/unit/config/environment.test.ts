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
    ['BOOMERANG_PLUGINS', './shop,,./billing'],
    ['WEBHOOK_SECRET', 'too-short'],
    ['DATE_CHECK_MINUTES', '0'],
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
    expect(config.plugins).toEqual([]);
    expect(config.dateCheckMinutes).toBe(60);
  });

  it('reads the plugin list from BOOMERANG_PLUGINS: paths and package names, comma-separated', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), BOOMERANG_PLUGINS: './templates/plugins/shop, @acme/boomerang-stripe' }).plugins)
      .toEqual(['./templates/plugins/shop', '@acme/boomerang-stripe']);
  });

  it('signs webhooks with WEBHOOK_SECRET, or a secret derived from the link secret that stays the same across restarts', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir, WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }).webhookSecret).toBe('a-webhook-secret-of-some-length');
    const derived = loadConfig({ DATA_DIR: dir }).webhookSecret;
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ DATA_DIR: dir }).webhookSecret).toBe(derived);
    expect(derived).not.toBe(loadConfig({ DATA_DIR: dir }).linkSecret);
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
