import type { Queryable } from './database.ts';

/** A message the embedded SMTP sink received. */
export interface MailboxMessage {
  id: number;
  messageId: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  receivedAt: string;
}

interface MailRow {
  id: number | string;
  message_id: string | null;
  mail_from: string | null;
  mail_to: string[];
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  received_at: Date;
}

const toMessage = (r: MailRow): MailboxMessage => ({
  id: Number(r.id),
  messageId: r.message_id,
  from: r.mail_from,
  to: r.mail_to,
  subject: r.subject,
  html: r.html,
  text: r.text,
  headers: r.headers,
  receivedAt: new Date(r.received_at).toISOString(),
});

/** Keeps a received message. */
export async function keepMail(db: Queryable, m: Omit<MailboxMessage, 'id' | 'receivedAt'>): Promise<void> {
  await db.query(
    'insert into sink_mail (message_id, mail_from, mail_to, subject, html, text, headers) values ($1, $2, $3::jsonb, $4, $5, $6, $7::jsonb)',
    [m.messageId, m.from, JSON.stringify(m.to), m.subject, m.html, m.text, JSON.stringify(m.headers)],
  );
}

/** Received messages, newest first, optionally only those to one address. */
export async function listMail(db: Queryable, opts: { to?: string; limit?: number } = {}): Promise<MailboxMessage[]> {
  const rows = opts.to
    ? await db.query<MailRow>(`select * from sink_mail where mail_to ? $1 order by id desc limit $2`, [
        opts.to,
        opts.limit ?? 50,
      ])
    : await db.query<MailRow>('select * from sink_mail order by id desc limit $1', [opts.limit ?? 50]);
  return rows.map(toMessage);
}

/** One received message. */
export async function findMail(db: Queryable, id: number): Promise<MailboxMessage | undefined> {
  const [row] = await db.query<MailRow>('select * from sink_mail where id = $1', [id]);
  return row ? toMessage(row) : undefined;
}
