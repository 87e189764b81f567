import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claimBroadcastSends,
  claimSend,
  migrate,
  openDatabase,
  type Database,
  type SendContent,
} from '../../engine/src/db/index.ts';

// A broadcast claims a whole batch in one transaction; each key must get the answer a journey email's
// claimSend gives for the same line of the message log (its doc comment, worked by hand below), and
// leave the line as claimSend leaves it. Real PGlite, no Temporal.

const content: SendContent = { subject: null, event: { event: 'Broadcast', properties: { broadcastId: 'b' } } };
let db: Database;

/** Puts a message-log line for `key` in `status`, as an earlier attempt would have left it. */
async function lineIn(key: string, status: string): Promise<void> {
  await claimSend(db, {
    idempotencyKey: key,
    userId: key,
    journeyId: null,
    version: null,
    stepId: null,
    template: 'tips',
    content,
  });
  await db.query('update messages set status = $2 where idempotency_key = $1', [key, status]);
}

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-claims-')) });
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
});

describe('claiming a broadcast batch', () => {
  it('answers each key as claimSend would and leaves each line as claimSend leaves it', async () => {
    await lineIn('failed', 'failed');
    await lineIn('died-preparing', 'preparing');
    await lineIn('was-sending', 'sending');
    await lineIn('in-doubt', 'in-doubt');
    await lineIn('sent', 'sent');
    await lineIn('suppressed', 'skipped-suppressed');
    await lineIn('failed-resent', 'failed');
    await db.query(
      `insert into messages (idempotency_key, user_id, template, status, resend_of) values ('resend-1', 'x', 'tips', 'sent', 'failed-resent')`,
    );
    const keys = ['new', 'failed', 'died-preparing', 'was-sending', 'in-doubt', 'sent', 'suppressed', 'failed-resent'];
    const answers = await claimBroadcastSends(
      db,
      keys.map((key) => ({ key, userId: key, template: 'tips', content })),
    );
    expect(Object.fromEntries(answers)).toEqual({
      new: 'claimed',
      failed: 'claimed', // a clean failure is tried again
      'died-preparing': 'claimed', // died before SMTP: nothing left
      'was-sending': 'in-doubt', // died mid-send: it may have arrived
      'in-doubt': 'in-doubt',
      sent: 'done',
      suppressed: 'done',
      'failed-resent': 'done', // an admin resent it meanwhile
    });
    const lines = await db.query<{ idempotency_key: string; status: string }>(
      'select idempotency_key, status from messages where idempotency_key = any($1::text[]) order by idempotency_key',
      [keys],
    );
    expect(Object.fromEntries(lines.map((l) => [l.idempotency_key, l.status]))).toEqual({
      new: 'preparing',
      failed: 'preparing',
      'died-preparing': 'preparing',
      'was-sending': 'in-doubt',
      'in-doubt': 'in-doubt',
      sent: 'sent',
      suppressed: 'skipped-suppressed',
      'failed-resent': 'failed',
    });
  });
});
