import { readMail, type RawMail } from '../email/index.ts';
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

/** Stores what the sink receives. */
export interface Mailbox {
  /** Resolves once the message's row is stored; rejects when the statement storing it failed. */
  keep(mail: RawMail): Promise<void>;
}

// Rows before migration 105 hold the parsed parts; rows since hold the message as received (`raw`).
interface MailRow {
  id: number | string;
  message_id: string | null;
  mail_from: string | null;
  mail_to: string[];
  subject: string | null;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  /** Base64: PGlite turns bytea into and out of hex one byte at a time in JavaScript, slower than parsing the mail. */
  raw: string | null;
  received_at: Date;
}

/** Messages stored by one statement at most (4 parameters each, far under Postgres's 65,535). */
const MOST_PER_STATEMENT = 100;

/**
 * A mailbox over `db` that stores messages unparsed (they are parsed when read). While one statement
 * runs, the messages arriving meanwhile wait and then go in together in the next one, so concurrent
 * senders cost one statement per group instead of one per message, and the first waits for no one.
 * A group whose statement fails is stored one message at a time, so only a faulty message is refused.
 * (The same design as events/group-commit.ts, which db cannot import: events builds on db.)
 */
export function openMailbox(db: Queryable): Mailbox {
  type Waiting = { mail: RawMail; stored: () => void; failed: (error: unknown) => void };
  const waiting: Waiting[] = [];
  let storing = false;
  const store = async (group: Waiting[]) => {
    try {
      await insertRawMail(
        db,
        group.map((w) => w.mail),
      );
      for (const w of group) w.stored();
    } catch (error) {
      if (group.length === 1) group[0]?.failed(error);
      else for (const w of group) await store([w]);
    }
  };
  const storeAll = async () => {
    storing = true;
    while (waiting.length > 0) await store(waiting.splice(0, MOST_PER_STATEMENT));
    storing = false;
  };
  return {
    keep: (mail) =>
      new Promise<void>((stored, failed) => {
        waiting.push({ mail, stored, failed });
        if (!storing) void storeAll();
      }),
  };
}

async function insertRawMail(db: Queryable, mails: RawMail[]): Promise<void> {
  const params = mails.flatMap((m) => [
    m.envelopeFrom ?? null,
    JSON.stringify(m.to),
    m.raw.toString('base64'),
    m.receivedAt,
  ]);
  const rows = mails.map(
    (_, i) =>
      `($${4 * i + 1}, $${4 * i + 2}::jsonb, decode($${4 * i + 3}::text, 'base64'), $${4 * i + 4}::timestamptz)`,
  );
  await db.query(`insert into sink_mail (mail_from, mail_to, raw, received_at) values ${rows.join(', ')}`, params);
}

const COLUMNS = `id, message_id, mail_from, mail_to, subject, html, text, headers, encode(raw, 'base64') as raw, received_at`;

async function toMessage(r: MailRow): Promise<MailboxMessage> {
  const base = { id: Number(r.id), to: r.mail_to, receivedAt: new Date(r.received_at).toISOString() };
  if (r.raw === null)
    return {
      ...base,
      messageId: r.message_id,
      from: r.mail_from,
      subject: r.subject,
      html: r.html,
      text: r.text,
      headers: r.headers ?? {},
    };
  const m = await readMail({
    raw: Buffer.from(r.raw, 'base64'),
    envelopeFrom: r.mail_from ?? undefined,
    to: r.mail_to,
    receivedAt: new Date(r.received_at),
  });
  return {
    ...base,
    messageId: m.messageId ?? null,
    from: m.from ?? null,
    subject: m.subject ?? null,
    html: m.html ?? null,
    text: m.text ?? null,
    headers: m.headers,
  };
}

const readAll = (rows: MailRow[]) => Promise.all(rows.map(toMessage));

/** Received messages, newest first, optionally only those to one address. */
export async function listMail(db: Queryable, opts: { to?: string; limit?: number } = {}): Promise<MailboxMessage[]> {
  const rows = opts.to
    ? await db.query<MailRow>(`select ${COLUMNS} from sink_mail where mail_to ? $1 order by id desc limit $2`, [
        opts.to,
        opts.limit ?? 50,
      ])
    : await db.query<MailRow>(`select ${COLUMNS} from sink_mail order by id desc limit $1`, [opts.limit ?? 50]);
  return readAll(rows);
}

/** One received message. */
export async function findMail(db: Queryable, id: number): Promise<MailboxMessage | undefined> {
  const [row] = await db.query<MailRow>(`select ${COLUMNS} from sink_mail where id = $1`, [id]);
  return row ? toMessage(row) : undefined;
}
