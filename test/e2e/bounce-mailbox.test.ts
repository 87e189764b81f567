import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { dsnText } from '../support/dsn.ts';
import { mailClientOf, startImapServer, type ImapServer } from '../support/imap-server.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The whole stack (`boomerang start` with BOUNCE_IMAP_URL) reading its bounce mailbox on a real IMAP
// server (Debian's Dovecot on 127.0.0.1): the welcome email goes out, the receiving server's DSN for
// it lands in the mailbox (APPENDed, as a mail server delivers it), and the address shows up on the
// suppression list, with the message in the mailbox marked \Seen.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const DOMAIN = 'bounces.example.test';
let imap: ImapServer;
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;

const dsnFor = (recipient: string, messageId: string) =>
  dsnText({
    deliveredTo: `bounce@${DOMAIN}`,
    to: `<bounce@${DOMAIN}>`,
    reportId: '<e2e-dsn-1@mx.example.org>',
    finalRecipient: recipient,
    diagnostic: '550 5.1.1 no such user here',
    quoted: { to: recipient, messageId },
  });

beforeAll(async () => {
  imap = await startImapServer();
  stack = await startStack(
    await stackEnv({
      BOUNCE_DOMAIN: DOMAIN,
      BOUNCE_IMAP_URL: `imap://bounces:${imap.password}@${imap.host}:${imap.port}/INBOX`,
      BOUNCE_IMAP_TLS: 'off',
    }),
  );
  api = apiClient(stack.url, keys);
  expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
  if (stack?.env.DATA_DIR) rmSync(stack.env.DATA_DIR, { recursive: true, force: true });
  await imap?.stop();
});

describe('the bounce mailbox', () => {
  it('suppresses the address a DSN in the mailbox names, and marks the DSN \\Seen', async () => {
    await api.identify({ userId: 'una', traits: { email: 'una@example.com', firstName: 'Una' } });
    await api.track({ userId: 'una', event: 'Signed Up', messageId: 'una-signup' });
    const [welcome] = await eventually(async () => {
      const mails = await api.outbox('una@example.com');
      return mails.length ? mails : undefined;
    }, "una's welcome email");
    const messageId = welcome!.headers['message-id'];
    expect(messageId).toMatch(/^<[0-9a-f]{32}@/);

    const mail = await mailClientOf(imap, 'bounces');
    await mail.append('INBOX', dsnFor('una@example.com', messageId!));

    const suppressed = await eventually(async () => {
      const listed = await api.admin('GET', '/v1/suppressions?search=una%40example.com');
      return listed.json.suppressions.find((s: { address: string }) => s.address === 'una@example.com');
    }, 'una@example.com on the suppression list');
    expect(suppressed).toMatchObject({ reason: 'hard-bounce', source: 'dsn', userId: 'una' });

    const seen = await eventually(async () => {
      const lock = await mail.getMailboxLock('INBOX');
      try {
        const unread = (await mail.search({ seen: false }, { uid: true })) || [];
        return unread.length === 0 ? true : undefined;
      } finally {
        lock.release();
      }
    }, 'the DSN marked \\Seen');
    expect(seen).toBe(true);
    await mail.logout();
  });
});
