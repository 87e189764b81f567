import type { Queryable } from './database.ts';

/** What the message log says about one send. */
export type SendStatus = 'sending' | 'sent' | 'failed' | 'in-doubt' | 'skipped-unsubscribed' | 'skipped-no-email';

/** One line of the message log. */
export interface MessageRecord {
  idempotencyKey: string; userId: string; journeyId: string | null; version: number | null; stepId: string | null;
  template: string; templateVersion: string | null; recipient: string | null; subject: string | null;
  status: SendStatus; smtpMessageId: string | null; error: string | null; createdAt: string; sentAt: string | null;
}

interface MessageRow {
  idempotency_key: string; user_id: string; journey_id: string | null; version: number | null; step_id: string | null;
  template: string; template_version: string | null; recipient: string | null; subject: string | null;
  status: SendStatus; smtp_message_id: string | null; error: string | null; created_at: Date; sent_at: Date | null;
}

const toRecord = (r: MessageRow): MessageRecord => ({
  idempotencyKey: r.idempotency_key, userId: r.user_id, journeyId: r.journey_id, version: r.version, stepId: r.step_id,
  template: r.template, templateVersion: r.template_version, recipient: r.recipient, subject: r.subject, status: r.status,
  smtpMessageId: r.smtp_message_id, error: r.error, createdAt: new Date(r.created_at).toISOString(),
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
});

/** Who, where and what a send is about. */
export interface SendSubject { idempotencyKey: string; userId: string; journeyId: string; version: number; stepId: string; template: string }

/**
 * Claims the right to send. 'claimed': go ahead. 'done': an earlier attempt finished (sent or
 * skipped). 'in-doubt': an earlier attempt died mid-send; it may have reached the SMTP server, so we
 * never send again (at most once).
 */
export async function claimSend(db: Queryable, s: SendSubject): Promise<'claimed' | 'done' | 'in-doubt'> {
  const inserted = await db.query(
    `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status)
     values ($1, $2, $3, $4, $5, $6, 'sending') on conflict (idempotency_key) do nothing returning idempotency_key`,
    [s.idempotencyKey, s.userId, s.journeyId, s.version, s.stepId, s.template]);
  if (inserted.length > 0) return 'claimed';
  const retried = await db.query(`update messages set status = 'sending', error = null where idempotency_key = $1 and status = 'failed' returning idempotency_key`, [s.idempotencyKey]);
  if (retried.length > 0) return 'claimed';
  const marked = await db.query(`update messages set status = 'in-doubt' where idempotency_key = $1 and status = 'sending' returning idempotency_key`, [s.idempotencyKey]);
  return marked.length > 0 ? 'in-doubt' : 'done';
}

/** Records the outcome of a claimed send. */
export async function finishSend(db: Queryable, key: string, outcome: { status: SendStatus; recipient?: string | null; subject?: string | null; templateVersion?: string | null; smtpMessageId?: string | null; error?: string | null }): Promise<void> {
  await db.query(
    `update messages set status = $2, recipient = coalesce($3, recipient), subject = coalesce($4, subject), template_version = coalesce($5, template_version),
       smtp_message_id = coalesce($6, smtp_message_id), error = $7, sent_at = case when $2 = 'sent' then now() else sent_at end
     where idempotency_key = $1`,
    [key, outcome.status, outcome.recipient ?? null, outcome.subject ?? null, outcome.templateVersion ?? null, outcome.smtpMessageId ?? null, outcome.error ?? null]);
}

/** The message log, newest first, optionally for one customer. */
export async function listMessages(db: Queryable, opts: { userId?: string; limit?: number } = {}): Promise<MessageRecord[]> {
  const rows = opts.userId
    ? await db.query<MessageRow>('select * from messages where user_id = $1 order by created_at desc limit $2', [opts.userId, opts.limit ?? 100])
    : await db.query<MessageRow>('select * from messages order by created_at desc limit $1', [opts.limit ?? 100]);
  return rows.map(toRecord);
}
