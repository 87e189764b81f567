import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NOT_A_REPORT_KEYWORD,
  returnPath,
  startBounceMailbox,
  type BounceMailboxReader,
  type BounceMailboxSettings,
  type InboundOutcome,
} from '../../../engine/src/bounces/index.ts';
import { findSuppression, latestEventsOf, migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { silentLogger } from '../../../engine/src/observability/index.ts';
import { recordDeliveredSend } from '../../support/delivered-send.ts';
import { dsnText } from '../../support/dsn.ts';
import { mailClientOf, startImapServer, type ImapServer } from '../../support/imap-server.ts';
import { eventually } from '../../support/ports.ts';

// The bounce mailbox against a real IMAP server (Debian's Dovecot on 127.0.0.1) and a real embedded
// database: a DSN from the fixtures is APPENDed to the mailbox as a mail server would deliver it, and
// the reader turns it into a suppression; the message is marked \Seen (or moved to the done folder),
// so a second reader (a restart) records nothing again; a message that is no report stays, flagged.
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bounces/${name}`, import.meta.url));
// The Exchange DSN quotes this Message-ID and reports 5.1.1 for this address (see fixtures/bounces/README.md).
const QUOTED_ID = '<3f8a1c2e9b7d4a6f8e1c2b3a4d5e6f70@boomerang>';
const ADDRESS = 'email_that_does_not_exists_this_is_just_a_test@gmail.com';
const AUTO_REPLY = Buffer.from(
  'From: Kim <kim@example.com>\r\nTo: bounce@bounces.example.com\r\nSubject: Out of office\r\n' +
    'Message-ID: <ooo-1@example.com>\r\n\r\nI am away until Monday.\r\n',
);
let dir: string;
let db: Database;
let imap: ImapServer;

const settings = (user: string, doneFolder?: string): BounceMailboxSettings => ({
  host: imap.host,
  port: imap.port,
  tls: 'off',
  user,
  password: imap.password,
  mailbox: 'INBOX',
  doneFolder,
  pollSeconds: 3600, // the tests call check() and IDLE notices; the poll never fires during them
});

/** A mail client of the test's own, to deliver into the mailbox and look at it afterwards. */
const client = (user: string) => mailClientOf(imap, user);

/** Flags of every message in `folder`, by Message-ID. */
async function flagsIn(c: ImapFlow, folder: string): Promise<Record<string, string[]>> {
  const lock = await c.getMailboxLock(folder);
  try {
    const out: Record<string, string[]> = {};
    for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
      // \Recent is about this session, not the message.
      out[m.envelope?.messageId ?? '?'] = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
    }
    return out;
  } finally {
    lock.release();
  }
}

const sendTo = (userId: string, address = ADDRESS, messageId = QUOTED_ID) =>
  recordDeliveredSend(db, userId, address, messageId);

const bouncesOf = async (userId: string) =>
  (await latestEventsOf(db, userId, 20)).filter((e) => e.event === 'Email Bounced').length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'boomerang-mailbox-'));
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
  imap = await startImapServer();
}, 60_000);
afterAll(async () => {
  await imap?.stop();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A DSN as a mail server delivers it to the mailbox: it quotes nothing, only its Delivered-To header (the VERP return path) names the send. */
const verpDsn = (deliveredTo: string, recipient: string) =>
  Buffer.from(
    dsnText({
      deliveredTo,
      to: deliveredTo,
      reportId: '<verp-dsn-1@mx.example.org>',
      finalRecipient: recipient,
      diagnostic: '550 5.1.1 no such user',
    }),
  );

describe('bounce mailbox over IMAP', () => {
  it('suppresses the address a delivered DSN names, marks it \\Seen, flags a non-report, and a restart counts nothing twice', async () => {
    await sendTo('gus');
    const mail = await client('bounces');
    await mail.append('INBOX', fixture('exchange-to-gmail-5.1.1.eml'));
    await mail.append('INBOX', AUTO_REPLY);

    const outcomes: InboundOutcome[] = [];
    const options = {
      db,
      policy: { softLimit: 3, softDays: 7 },
      settings: settings('bounces'),
      linkSecret: 'secret',
      domain: 'bounces.example.com',
      logger: silentLogger(),
      onReport: (o: InboundOutcome) => outcomes.push(o),
    };
    let reader: BounceMailboxReader | undefined = await startBounceMailbox(options);
    await eventually(async () => (outcomes.length === 2 ? true : undefined), 'both messages read');
    expect(await findSuppression(db, ADDRESS)).toMatchObject({ reason: 'hard-bounce', source: 'dsn', userId: 'gus' });
    expect(await bouncesOf('gus')).toBe(1);
    expect(outcomes.map((o) => o.handled).sort()).toEqual(['bounce', 'ignored']);
    // The DSN (no Message-ID of its own: "?") is done; the auto-reply stays for a person, flagged.
    expect(await flagsIn(mail, 'INBOX')).toEqual({
      '?': ['\\Seen'],
      '<ooo-1@example.com>': [NOT_A_REPORT_KEYWORD, '\\Flagged', '\\Seen'].sort(),
    });
    await reader.close();

    // A restart: the new reader finds nothing unread and records nothing.
    reader = await startBounceMailbox({ ...options, onReport: (o) => outcomes.push(o) });
    expect(await reader.check()).toBe(0);
    expect(outcomes).toHaveLength(2);
    expect(await bouncesOf('gus')).toBe(1);
    await reader.close();
    await mail.logout();
  });

  it('moves handled reports to the done folder and leaves what it cannot use in the inbox; a report arriving while it idles is read', async () => {
    await sendTo('ida');
    const mail = await client('bounces2');
    const outcomes: InboundOutcome[] = [];
    const reader = await startBounceMailbox({
      db,
      policy: { softLimit: 3, softDays: 7 },
      settings: settings('bounces2', 'Processed'),
      linkSecret: 'secret',
      domain: undefined,
      logger: silentLogger(),
      onReport: (o) => outcomes.push(o),
    });
    // Delivered after the reader started: IMAP IDLE tells it (the hour-long poll never fires).
    await mail.append('INBOX', AUTO_REPLY);
    await mail.append('INBOX', fixture('exchange-to-gmail-5.1.1.eml'));
    await eventually(async () => (outcomes.length === 2 ? true : undefined), 'both messages read after IDLE');
    expect(Object.values(await flagsIn(mail, 'Processed'))).toEqual([['\\Seen']]);
    expect(Object.keys(await flagsIn(mail, 'INBOX'))).toEqual(['<ooo-1@example.com>']);
    await reader.close();
    await mail.logout();
  });

  it('names the send by the signed return path in Delivered-To when the report quotes no Message-ID', async () => {
    const messageId = `<${'ab'.repeat(16)}@boomerang>`;
    await sendTo('vic', 'vic@example.net', messageId);
    const verp = returnPath('secret', 'bounces.example.com', messageId);
    expect(verp).toMatch(/^bounce\+/);
    const mail = await client('bounces3');
    await mail.append('INBOX', verpDsn(verp!, 'vic@example.net'));
    const outcomes: InboundOutcome[] = [];
    const reader = await startBounceMailbox({
      db,
      policy: { softLimit: 3, softDays: 7 },
      settings: settings('bounces3'),
      linkSecret: 'secret',
      domain: 'bounces.example.com',
      logger: silentLogger(),
      onReport: (o) => outcomes.push(o),
    });
    await eventually(async () => (outcomes.length === 1 ? true : undefined), 'the DSN read');
    expect(outcomes[0]).toMatchObject({ handled: 'bounce', userId: 'vic', suppressed: true });
    expect(await findSuppression(db, 'vic@example.net')).toMatchObject({ reason: 'hard-bounce', userId: 'vic' });
    await reader.close();
    await mail.logout();
  });
});
