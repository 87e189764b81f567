import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, keyLocations, loadConfig } from '../../../engine/src/config/index.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'boomerang-config-'));

describe('start-up configuration', () => {
  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://db/boomerang'],
    ['TEMPORAL_ADDRESS', 'temporal.example.com'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['PUBLIC_URL', 'not a url'],
    ['BOOMERANG_ROLES', 'api,mailer'],
    ['BOOMERANG_PLUGINS', './shop,,./billing'],
    ['WEBHOOK_ALLOW', '127.0.0.1, not a host'],
    ['HOST', 'local host'],
    ['DATE_CHECK_MINUTES', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['TEMPORAL_METRICS_PORT', '99999'],
  ])('stops on a bad %s (%s) with a message naming the variable and the value', (name, value) => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${name}: .*got "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
  });

  it.each([
    ['WRITE_KEY', 'short'],
    ['ADMIN_TOKEN', 'adm_x'],
    ['LINK_SECRET', 'a-link-secret-that-is-too-short'],
    ['LINK_SECRET', `${'n'.repeat(40)},old-and-short`],
    ['WEBHOOK_SECRET', 'too-short'],
    ['METRICS_TOKEN', 'mt_short'],
  ])('stops on a bad %s naming the variable and what is wrong, without showing the secret', (name, value) => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), [name]: value });
    expect(load).toThrow(
      new RegExp(`${name}: .*at least .*got a secret of ${value.length} characters \\(not shown\\)`),
    );
    expect(load).not.toThrow(value);
  });

  it.each([
    ['DATABASE_URL', 'mysql://boomerang:s3cret-pw@db:3306/boomerang', 'mysql://boomerang:****@db:3306/boomerang'],
    ['SMTP_URL', 'http://mailer:p%40ss:word@mail.example.com', 'http://mailer:****@mail.example.com'],
  ])('stops on a bad %s showing the URL with its password masked', (name, value, shown) => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), [name]: value });
    expect(load).toThrow(`${name}: must start with`);
    expect(load).toThrow(`got "${shown}"`);
    expect(load).not.toThrow(/s3cret-pw|word@/);
  });

  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.temporalDevPort).toBe(7233);
    expect(config.temporalNamespace).toBe('default');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.mailFrom).toBe('Boomerang <hello@localhost>');
    expect([...config.roles].sort()).toEqual(['api', 'router', 'worker']);
    expect(config.plugins).toEqual([]);
    expect(config.dateCheckMinutes).toBe(60);
    expect(config.logLevel).toBe('info');
    expect(config.metricsToken).toBeUndefined();
    expect(config.temporalMetricsPort).toBeUndefined();
  });

  it('reads LOG_LEVEL in any case, METRICS_TOKEN and TEMPORAL_METRICS_PORT', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      LOG_LEVEL: 'Debug',
      METRICS_TOKEN: 'mt_0123456789abcdef',
      TEMPORAL_METRICS_PORT: '9464',
    });
    expect(config.logLevel).toBe('debug');
    expect(config.metricsToken).toBe('mt_0123456789abcdef');
    expect(config.temporalMetricsPort).toBe(9464);
  });

  it('reads the plugin list from BOOMERANG_PLUGINS: paths and package names, comma-separated', () => {
    expect(
      loadConfig({ DATA_DIR: dataDir(), BOOMERANG_PLUGINS: './templates/plugins/shop, @acme/boomerang-stripe' })
        .plugins,
    ).toEqual(['./templates/plugins/shop', '@acme/boomerang-stripe']);
  });

  it('signs webhooks with WEBHOOK_SECRET, or a secret derived from the link secret that stays the same across restarts', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir, WEBHOOK_SECRET: 'a-webhook-secret-of-some-length' }).webhookSecret).toBe(
      'a-webhook-secret-of-some-length',
    );
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

  it('keeps the webhook secret when a new link secret is put in front of the old one', () => {
    const old = 'o'.repeat(40);
    const before = loadConfig({ DATA_DIR: dataDir(), LINK_SECRET: old });
    const rotated = loadConfig({ DATA_DIR: dataDir(), LINK_SECRET: `${'n'.repeat(40)},${old}` });
    expect(rotated.webhookSecret).toBe(before.webhookSecret);
  });

  it('says where the keys are and which come from the environment, never their values', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'adm_from_environment' });
    const lines = keyLocations(config).join('\n');
    expect(lines).toContain(`Write key (ingest):   in ${join(dir, 'keys.json')} ("writeKey")`);
    expect(lines).toContain('Admin token (API):    from ADMIN_TOKEN');
    for (const secret of [config.writeKey, config.adminToken, config.linkSecret, config.webhookSecret])
      expect(lines).not.toContain(secret);
  });
});

describe('worker tuning', () => {
  it('passes WORKER_* to the Temporal worker under its option names, and leaves unset ones to the SDK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boomerang-tuning-'));
    expect(loadConfig({ DATA_DIR: dir }).workerTuning).toEqual({});
    expect(
      loadConfig({
        DATA_DIR: dir,
        WORKER_MAX_WORKFLOW_TASKS: '20',
        WORKER_MAX_ACTIVITIES: '200',
        WORKER_STICKY_CACHE: '5000',
        WORKER_WORKFLOW_POLLERS: '4',
        WORKER_ACTIVITY_POLLERS: '8',
      }).workerTuning,
    ).toEqual({
      maxConcurrentWorkflowTaskExecutions: 20,
      maxConcurrentActivityTaskExecutions: 200,
      maxCachedWorkflows: 5000,
      maxConcurrentWorkflowTaskPolls: 4,
      maxConcurrentActivityTaskPolls: 8,
    });
  });

  it('names the variable of a bad value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boomerang-tuning-'));
    expect(() => loadConfig({ DATA_DIR: dir, WORKER_MAX_ACTIVITIES: '0' })).toThrow(/WORKER_MAX_ACTIVITIES: .*got "?0/);
    expect(() => loadConfig({ DATA_DIR: dir, WORKER_STICKY_CACHE: 'lots' })).toThrow(/WORKER_STICKY_CACHE/);
  });
});
