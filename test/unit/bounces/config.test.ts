import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/src/config/index.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'boomerang-bounce-config-'));

describe('bounce configuration', () => {
  it('is off by default, with a soft-bounce limit of 3 within 7 days', () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({
      bounceDomain: undefined,
      bounceSmtpPort: undefined,
      softBounceLimit: 3,
      softBounceDays: 7,
    });
  });

  it('reads the bounce domain (lower-cased), the listener port and the soft-bounce policy', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      BOUNCE_DOMAIN: 'Bounces.Example.com',
      BOUNCE_SMTP_PORT: '2526',
      SOFT_BOUNCE_LIMIT: '5',
      SOFT_BOUNCE_DAYS: '14',
    });
    expect(config).toMatchObject({
      bounceDomain: 'bounces.example.com',
      bounceSmtpPort: 2526,
      softBounceLimit: 5,
      softBounceDays: 14,
    });
  });

  it.each([
    ['BOUNCE_DOMAIN', 'not a domain'],
    ['BOUNCE_SMTP_PORT', '70000'],
    ['SOFT_BOUNCE_LIMIT', '0'],
    ['SOFT_BOUNCE_DAYS', 'a week'],
  ])('stops on a bad %s (%s), naming it', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), BOUNCE_DOMAIN: 'b.example.com', [name]: value })).toThrow(
      new RegExp(`${name}: .*got "${value}"`),
    );
  });

  it('refuses a listener port without a bounce domain, saying what to set', () => {
    const load = () => loadConfig({ DATA_DIR: dataDir(), BOUNCE_SMTP_PORT: '2526' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/BOUNCE_SMTP_PORT: .*set BOUNCE_DOMAIN/);
  });
});
