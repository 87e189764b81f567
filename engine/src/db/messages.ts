import { countSend } from '../observability/index.ts';
import type { Database, Queryable } from './database.ts';

/** What the message log says about one send. */
export type SendStatus =
  | 'preparing'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'in-doubt'
  | 'skipped-unsubscribed'
  | 'skipped-no-email'
  | 'skipped-invalid-email'
  | 'skipped-suppressed'
  | 'skipped-unsubscribed-group';

/** What a send renders besides the template and the customer's traits: kept so the send can be repeated (a resend). */
export interface SendContent {
  subject: string | null;
  event: { event: string; properties: Record<string, unknown> };
  /** The sender identity id it goes out as (absent: the default); a resend keeps it. */
  sender?: string | undefined;
  /** The subscription group it belongs to, or `transactional` (absent: marketing without a group); a resend keeps it. */
  group?: string | undefined;
}

/** One line of the message log. */
export interface MessageRecord {
  idempotencyKey: string;
  userId: string;
  journeyId: string | null;
  version: number | null;
  stepId: string | null;
  template: string;
  templateVersion: string | null;
  recipient: string | null;
  subject: string | null;
  status: SendStatus;
  smtpMessageId: string | null;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The send this one repeats (a resend), or null. */
  resendOf: string | null;
  content: SendContent | null;
}

interface MessageRow {
  idempotency_key: string;
  user_id: string;
  journey_id: string | null;
  version: number | null;
  step_id: string | null;
  template: string;
  template_version: string | null;
  recipient: string | null;
  subject: string | null;
  status: SendStatus;
  smtp_message_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
  resend_of: string | null;
  content: SendContent | null;
}

const toRecord = (r: MessageRow): MessageRecord => ({
  idempotencyKey: r.idempotency_key,
  userId: r.user_id,
  journeyId: r.journey_id,
  version: r.version,
  stepId: r.step_id,
  template: r.template,
  templateVersion: r.template_version,
  recipient: r.recipient,
  subject: r.subject,
  status: r.status,
  smtpMessageId: r.smtp_message_id,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  resendOf: r.resend_of ?? null,
  content: r.content ?? null,
});

/** Who, where and what a send is about. */
export interface SendSubject {
  idempotencyKey: string;
  userId: string;
  journeyId: string | null;
  version: number | null;
  stepId: string | null;
  template: string;
  content: SendContent;
  resendOf?: string | undefined;
}

/**
 * Claims the right to send. 'claimed': go ahead (a new send, or one that failed cleanly and has not
 * been resent since). 'done': an earlier attempt finished (sent or skipped), or an admin resent it.
 * 'in-doubt': an earlier attempt died mid-send or ended without the server's answer; it may have
 * reached the SMTP server, so it is never sent again here.
 */
export async function claimSend(db: Database, s: SendSubject): Promise<'claimed' | 'done' | 'in-doubt'> {
  return db.transaction((tx) => claimWithin(tx, s));
}

/**
 * Claims a resend of a failed or in-doubt send, keyed by the request (see claimSend for the answers).
 * The original's row is locked first, as a retrying attempt's claim locks it, so a resend and the
 * journey's own next attempt never both go out.
 */
export async function claimResend(
  db: Database,
  originalKey: string,
  s: SendSubject,
): Promise<'claimed' | 'done' | 'in-doubt' | { notResendable: SendStatus | null }> {
  return db.transaction(async (tx) => {
    const [original] = await tx.query<{ status: SendStatus }>(
      'select status from messages where idempotency_key = $1 for update',
      [originalKey],
    );
    if (original?.status !== 'failed' && original?.status !== 'in-doubt')
      return { notResendable: original?.status ?? null };
    return claimWithin(tx, { ...s, resendOf: originalKey });
  });
}

async function claimWithin(tx: Queryable, s: SendSubject): Promise<'claimed' | 'done' | 'in-doubt'> {
  const inserted = await tx.query(
    `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status, content, resend_of)
     values ($1, $2, $3, $4, $5, $6, 'preparing', $7, $8) on conflict (idempotency_key) do nothing returning idempotency_key`,
    [
      s.idempotencyKey,
      s.userId,
      s.journeyId,
      s.version,
      s.stepId,
      s.template,
      JSON.stringify(s.content),
      s.resendOf ?? null,
    ],
  );
  if (inserted.length > 0) return 'claimed';
  const [row] = await tx.query<{ status: SendStatus }>(
    'select status from messages where idempotency_key = $1 for update',
    [s.idempotencyKey],
  );
  // 'preparing': an earlier attempt died before handing the email to SMTP, so nothing left; take it over.
  if (row?.status === 'failed' || row?.status === 'preparing') {
    const resent = await tx.query(
      `select 1 from messages where resend_of = $1 and status in ('preparing', 'sending', 'sent', 'in-doubt') limit 1`,
      [s.idempotencyKey],
    );
    if (resent.length > 0) return 'done'; // an admin sent it again meanwhile
    await tx.query(`update messages set status = 'preparing', error = null where idempotency_key = $1`, [
      s.idempotencyKey,
    ]);
    return 'claimed';
  }
  if (row?.status === 'sending' || row?.status === 'in-doubt') {
    await tx.query(`update messages set status = 'in-doubt' where idempotency_key = $1`, [s.idempotencyKey]);
    return 'in-doubt';
  }
  return 'done';
}

/**
 * Marks a claimed send as handed to SMTP, right before it is: from here on a broken-off attempt is
 * in doubt. False when another attempt got there first (this one then must not send).
 */
export async function startSending(db: Queryable, key: string): Promise<boolean> {
  const rows = await db.query(
    `update messages set status = 'sending' where idempotency_key = $1 and status = 'preparing' returning idempotency_key`,
    [key],
  );
  return rows.length > 0;
}

/** One line of the message log by its key, or undefined. */
export async function findSend(db: Queryable, key: string): Promise<MessageRecord | undefined> {
  const [row] = await db.query<MessageRow>('select * from messages where idempotency_key = $1', [key]);
  return row ? toRecord(row) : undefined;
}

/** A send that needs a person: failed or in-doubt, with its latest resend (if any). */
export interface SendNeedingAttention extends MessageRecord {
  lastResend: { idempotencyKey: string; status: SendStatus; at: string } | null;
}

/** Sends in the given statuses, newest first, each with its latest resend. */
export async function listSendsByStatus(
  db: Queryable,
  statuses: SendStatus[],
  limit = 100,
): Promise<SendNeedingAttention[]> {
  const rows = await db.query<
    MessageRow & { resend_key: string | null; resend_status: SendStatus | null; resend_at: Date | null }
  >(
    `select m.*, r.idempotency_key as resend_key, r.status as resend_status, r.created_at as resend_at
       from messages m
       left join lateral (select idempotency_key, status, created_at from messages where resend_of = m.idempotency_key order by created_at desc limit 1) r on true
      where m.status = any($1::text[]) and m.resend_of is null
      order by m.created_at desc limit $2`,
    [statuses, limit],
  );
  return rows.map((r) => ({
    ...toRecord(r),
    lastResend:
      r.resend_key && r.resend_status && r.resend_at
        ? { idempotencyKey: r.resend_key, status: r.resend_status, at: new Date(r.resend_at).toISOString() }
        : null,
  }));
}

/** Records the outcome of a claimed send. */
export async function finishSend(
  db: Queryable,
  key: string,
  outcome: {
    status: SendStatus;
    recipient?: string | null;
    subject?: string | null;
    templateVersion?: string | null;
    smtpMessageId?: string | null;
    error?: string | null;
  },
): Promise<void> {
  await db.query(
    `update messages set status = $2, recipient = coalesce($3, recipient), subject = coalesce($4, subject), template_version = coalesce($5, template_version),
       smtp_message_id = coalesce($6, smtp_message_id), error = $7, sent_at = case when $2 = 'sent' then now() else sent_at end
     where idempotency_key = $1`,
    [
      key,
      outcome.status,
      outcome.recipient ?? null,
      outcome.subject ?? null,
      outcome.templateVersion ?? null,
      outcome.smtpMessageId ?? null,
      outcome.error ?? null,
    ],
  );
  countSend(outcome.status);
}

/** The message log, newest first, optionally for one customer. */
export async function listMessages(
  db: Queryable,
  opts: { userId?: string; limit?: number } = {},
): Promise<MessageRecord[]> {
  const rows = opts.userId
    ? await db.query<MessageRow>('select * from messages where user_id = $1 order by created_at desc limit $2', [
        opts.userId,
        opts.limit ?? 100,
      ])
    : await db.query<MessageRow>('select * from messages order by created_at desc limit $1', [opts.limit ?? 100]);
  return rows.map(toRecord);
}
