import { countSend } from '../observability/index.ts';
import type { Database, Queryable } from './database.ts';
import type { SendContent, SendStatus } from './messages.ts';

// The message log, a whole broadcast batch per statement: the same claims, marks and outcomes as one
// journey email's (claimSend, startSending, finishSend), for hundreds of recipients at once.

/** How a claim of a batch answered for one key (see claimSend). */
export type BatchClaim = 'claimed' | 'done' | 'in-doubt';

/** One recipient's outcome, as finishSend records it. */
export interface BatchOutcome {
  key: string;
  status: SendStatus;
  recipient?: string | null | undefined;
  subject?: string | null | undefined;
  templateVersion?: string | null | undefined;
  smtpMessageId?: string | null | undefined;
  error?: string | null | undefined;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Claims the right to send for each key of a batch, in one transaction, answering as claimSend does for
 * each: a new key, or one that failed cleanly or died before SMTP (and was not resent by an admin), is
 * claimed; one that was being sent or is in doubt is (kept) in doubt; anything else is done.
 */
export async function claimBroadcastSends(
  db: Database,
  sends: Array<{ key: string; userId: string; template: string; content: SendContent }>,
): Promise<Map<string, BatchClaim>> {
  if (sends.length === 0) return new Map();
  const keys = sends.map((s) => s.key);
  return db.transaction(async (tx) => {
    const inserted = await tx.query<{ idempotency_key: string }>(
      `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status, content)
       select s.key, s.user_id, null, null, null, s.template, 'preparing', s.content
       from jsonb_to_recordset($1::jsonb) as s(key text, user_id text, template text, content jsonb)
       on conflict (idempotency_key) do nothing returning idempotency_key`,
      [json(sends.map((s) => ({ key: s.key, user_id: s.userId, template: s.template, content: s.content })))],
    );
    const answers = new Map<string, BatchClaim>(inserted.map((r) => [r.idempotency_key, 'claimed']));
    if (answers.size === keys.length) return answers;
    // The keys met before, locked as claimSend locks them, each with whether an admin resent it meanwhile.
    const earlier = await tx.query<{ idempotency_key: string; status: SendStatus; resent: boolean }>(
      `select m.idempotency_key, m.status, exists (select 1 from messages r where r.resend_of = m.idempotency_key
         and r.status in ('preparing', 'sending', 'sent', 'in-doubt')) as resent
       from messages m where m.idempotency_key = any($1::text[]) and not (m.idempotency_key = any($2::text[]))
       for update of m`,
      [keys, [...answers.keys()]],
    );
    const retaken: string[] = [];
    const inDoubt: string[] = [];
    for (const row of earlier) {
      const takeOver = (row.status === 'failed' || row.status === 'preparing') && !row.resent;
      const doubtful = row.status === 'sending' || row.status === 'in-doubt';
      if (takeOver) retaken.push(row.idempotency_key);
      if (doubtful) inDoubt.push(row.idempotency_key);
      answers.set(row.idempotency_key, takeOver ? 'claimed' : doubtful ? 'in-doubt' : 'done');
    }
    if (retaken.length > 0)
      await tx.query(`update messages set status = 'preparing', error = null where idempotency_key = any($1::text[])`, [
        retaken,
      ]);
    if (inDoubt.length > 0)
      await tx.query(`update messages set status = 'in-doubt' where idempotency_key = any($1::text[])`, [inDoubt]);
    return answers;
  });
}

/** Marks claimed sends as handed to SMTP, right before they are; returns the keys this attempt may send. */
export async function startBroadcastSends(db: Queryable, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.query<{ idempotency_key: string }>(
    `update messages set status = 'sending' where idempotency_key = any($1::text[]) and status = 'preparing'
     returning idempotency_key`,
    [keys],
  );
  return new Set(rows.map((r) => r.idempotency_key));
}

/** Records the outcomes of claimed sends in one statement (as finishSend does for one). */
export async function finishBroadcastSends(db: Queryable, outcomes: BatchOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `update messages m set status = o.status, recipient = coalesce(o.recipient, m.recipient),
       subject = coalesce(o.subject, m.subject), template_version = coalesce(o.template_version, m.template_version),
       smtp_message_id = coalesce(o.smtp_message_id, m.smtp_message_id), error = o.error,
       sent_at = case when o.status = 'sent' then now() else m.sent_at end
     from jsonb_to_recordset($1::jsonb) as o(key text, status text, recipient text, subject text,
       template_version text, smtp_message_id text, error text)
     where m.idempotency_key = o.key`,
    [
      json(
        outcomes.map((o) => ({
          key: o.key,
          status: o.status,
          recipient: o.recipient ?? null,
          subject: o.subject ?? null,
          template_version: o.templateVersion ?? null,
          smtp_message_id: o.smtpMessageId ?? null,
          error: o.error ?? null,
        })),
      ),
    ],
  );
  for (const o of outcomes) countSend(o.status);
}

/** The message log's status and error of each key. */
export async function broadcastSendStatuses(
  db: Queryable,
  keys: string[],
): Promise<Map<string, { status: SendStatus; error: string | null }>> {
  const rows = await db.query<{ idempotency_key: string; status: SendStatus; error: string | null }>(
    'select idempotency_key, status, error from messages where idempotency_key = any($1::text[])',
    [keys],
  );
  return new Map(rows.map((r) => [r.idempotency_key, { status: r.status, error: r.error }]));
}

/** The customers of a batch by user id: traits and whether they unsubscribed from all email. */
export async function broadcastCustomers(
  db: Queryable,
  userIds: string[],
): Promise<Map<string, { traits: Record<string, unknown>; unsubscribed: boolean }>> {
  const rows = await db.query<{ user_id: string; traits: Record<string, unknown>; unsubscribed: boolean }>(
    'select user_id, traits, unsubscribed_at is not null as unsubscribed from customers where user_id = any($1::text[])',
    [userIds],
  );
  return new Map(rows.map((r) => [r.user_id, { traits: r.traits, unsubscribed: r.unsubscribed }]));
}
