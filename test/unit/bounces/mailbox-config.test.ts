import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../engine/src/config/index.ts';

// The bounce mailbox (BOUNCE_IMAP_*) and SendGrid key settings as loadConfig reads them: off unless
// set, read from a URL or from separate variables, and a half-set mailbox stops start-up naming what
// to set, never showing the password.
const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-mailbox-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env });

describe('bounce mailbox configuration', () => {
  it('is off by default', () => {
    expect(load({ PORT: '3000' }).bounceMailbox).toBeUndefined();
  });

  it.each([
    [
      'imaps://bounces%40example.com:p%40ss-word@mail.example.com/Bounces',
      {
        host: 'mail.example.com',
        port: 993,
        tls: 'tls',
        user: 'bounces@example.com',
        password: 'p@ss-word',
        mailbox: 'Bounces',
      },
    ],
    [
      'imap://dsn:secret-pass@127.0.0.1:1143',
      { host: '127.0.0.1', port: 1143, tls: 'starttls', user: 'dsn', password: 'secret-pass', mailbox: 'INBOX' },
    ],
  ])('reads BOUNCE_IMAP_URL %s', (url, expected) => {
    expect(load({ BOUNCE_IMAP_URL: url }).bounceMailbox).toEqual({
      ...expected,
      doneFolder: undefined,
      pollSeconds: 60,
    });
  });

  it('reads the separate variables, the done folder and the poll interval', () => {
    expect(
      load({
        BOUNCE_IMAP_HOST: 'localhost',
        BOUNCE_IMAP_TLS: 'off',
        BOUNCE_IMAP_USER: 'bounces',
        BOUNCE_IMAP_PASSWORD: 'hunter2-hunter2',
        BOUNCE_IMAP_DONE_FOLDER: 'Processed',
        BOUNCE_IMAP_POLL_SECONDS: '30',
      }).bounceMailbox,
    ).toEqual({
      host: 'localhost',
      port: 143,
      tls: 'off',
      user: 'bounces',
      password: 'hunter2-hunter2',
      mailbox: 'INBOX',
      doneFolder: 'Processed',
      pollSeconds: 30,
    });
  });

  it('stops on a half-set mailbox, naming what to set and never showing the password', () => {
    expect(() => load({ BOUNCE_IMAP_USER: 'bounces' })).toThrow(/BOUNCE_IMAP_USER: .*BOUNCE_IMAP_HOST/);
    expect(() => load({ BOUNCE_IMAP_HOST: 'imap.example.com', BOUNCE_IMAP_USER: 'b' })).toThrow(
      /BOUNCE_IMAP_PASSWORD: set the password/,
    );
    expect(() => load({ BOUNCE_IMAP_URL: 'imap://b:pw-pw-pw@mail.example.com', BOUNCE_IMAP_TLS: 'off' })).toThrow(
      /BOUNCE_IMAP_TLS: "off" sends the mailbox password unencrypted/,
    );
    const wrong = () => load({ BOUNCE_IMAP_URL: 'https://bounces:top-secret-1@mail.example.com' });
    expect(wrong).toThrow(ConfigError);
    expect(wrong).toThrow(/BOUNCE_IMAP_URL: imaps:\/\//);
    expect(wrong).not.toThrow(/top-secret-1/);
  });
});

describe('SendGrid webhook key', () => {
  it('takes the base64 key SendGrid shows and refuses anything else, naming the variable', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64');
    expect(load({ SENDGRID_WEBHOOK_PUBLIC_KEY: key }).espWebhooks.sendgridPublicKey).toBe(key);
    expect(() => load({ SENDGRID_WEBHOOK_PUBLIC_KEY: 'not-a-key' })).toThrow(/SENDGRID_WEBHOOK_PUBLIC_KEY: /);
  });
});
