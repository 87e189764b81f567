import type { Queryable } from './database.ts';

/** Why an address is suppressed. */
export type SuppressionReason = 'hard-bounce' | 'soft-bounce' | 'complaint' | 'manual';

/** One address on the suppression list. */
export interface Suppression {
  address: string;
  reason: SuppressionReason;
  /** What reported it: `smtp` (a refusal while sending), `dsn`, `arf`, `api`, an ESP's name. */
  source: string;
  /** The mail server's words (a bounce) or a note (added by hand). */
  detail: string | null;
  userId: string | null;
  createdAt: string;
}

interface SuppressionRow {
  address: string;
  reason: SuppressionReason;
  source: string;
  detail: string | null;
  user_id: string | null;
  created_at: Date | string;
}

const toSuppression = (r: SuppressionRow): Suppression => ({
  address: r.address,
  reason: r.reason,
  source: r.source,
  detail: r.detail,
  userId: r.user_id,
  createdAt: new Date(r.created_at).toISOString(),
});

/** The key an address is suppressed under: mailbox providers treat addresses case-insensitively. */
export const suppressionKey = (address: string): string => address.trim().toLowerCase();

/** Puts an address on the suppression list; an address already there keeps its first reason. True when it was added now. */
export async function suppressAddress(
  db: Queryable,
  s: { address: string; reason: SuppressionReason; source: string; detail?: string | null; userId?: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `insert into suppressions (address, reason, source, detail, user_id) values ($1, $2, $3, $4, $5)
     on conflict (address) do nothing returning address`,
    [suppressionKey(s.address), s.reason, s.source, s.detail ?? null, s.userId ?? null],
  );
  return rows.length > 0;
}

/** The suppression of an address, or undefined when mail may go to it. */
export async function findSuppression(db: Queryable, address: string): Promise<Suppression | undefined> {
  const [row] = await db.query<SuppressionRow>('select * from suppressions where address = $1', [
    suppressionKey(address),
  ]);
  return row ? toSuppression(row) : undefined;
}

/** The suppressions among many addresses (a broadcast batch's), by suppression key; addresses mail may go to are absent. */
export async function findSuppressions(db: Queryable, addresses: string[]): Promise<Map<string, Suppression>> {
  if (addresses.length === 0) return new Map();
  const rows = await db.query<SuppressionRow>('select * from suppressions where address = any($1::text[])', [
    addresses.map(suppressionKey),
  ]);
  return new Map(rows.map((r) => [r.address, toSuppression(r)]));
}

/** Takes an address off the suppression list; true when it was on it. */
export async function removeSuppression(db: Queryable, address: string): Promise<boolean> {
  const rows = await db.query('delete from suppressions where address = $1 returning address', [
    suppressionKey(address),
  ]);
  return rows.length > 0;
}

/** A page of the suppression list, newest first; `search` matches part of the address (case-insensitive). */
export async function listSuppressions(
  db: Queryable,
  opts: { search?: string | undefined; limit: number; offset: number },
): Promise<{ suppressions: Suppression[]; total: number }> {
  const pattern = opts.search ? `%${opts.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '%';
  const rows = await db.query<SuppressionRow & { total: string | number }>(
    `select *, count(*) over () as total from suppressions where address like $1
     order by created_at desc, address limit $2 offset $3`,
    [pattern, opts.limit, opts.offset],
  );
  const total = rows[0]
    ? Number(rows[0].total)
    : Number(
        (
          await db.query<{ n: string | number }>('select count(*) as n from suppressions where address like $1', [
            pattern,
          ])
        )[0]?.n ?? 0,
      );
  return { suppressions: rows.map(toSuppression), total };
}

/** A bounce or complaint report, as kept once per report. */
export interface BounceReport {
  /** What makes a repeated report the same one (a DSN's own Message-ID, a send's key). */
  reportKey: string;
  address: string;
  kind: 'hard' | 'soft' | 'complaint';
  sendKey: string | null;
  diagnostic: string | null;
  source: string;
}

/** Keeps a report; false when the same report was kept before (it is then not acted on again). */
export async function keepBounceReport(db: Queryable, r: BounceReport): Promise<boolean> {
  const rows = await db.query(
    `insert into bounces (report_key, address, kind, send_key, diagnostic, source) values ($1, $2, $3, $4, $5, $6)
     on conflict (report_key) do nothing returning report_key`,
    [r.reportKey, suppressionKey(r.address), r.kind, r.sendKey, r.diagnostic, r.source],
  );
  return rows.length > 0;
}

/** How many soft bounces an address had in the last `days` days. */
export async function softBouncesSince(db: Queryable, address: string, days: number): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    `select count(*) as n from bounces where address = $1 and kind = 'soft' and received_at > now() - make_interval(secs => $2)`,
    [suppressionKey(address), days * 86_400],
  );
  return Number(row?.n ?? 0);
}

/** The send a bounce names, by the local part of its Message-ID (`<abc` of `<abc@host>`); the latest when a resend shares it. */
export async function findSendByMessageIdLocal(
  db: Queryable,
  local: string,
): Promise<
  | {
      idempotencyKey: string;
      userId: string;
      journeyId: string | null;
      stepId: string | null;
      template: string;
      recipient: string | null;
      smtpMessageId: string | null;
    }
  | undefined
> {
  const [row] = await db.query<{
    idempotency_key: string;
    user_id: string;
    journey_id: string | null;
    step_id: string | null;
    template: string;
    recipient: string | null;
    smtp_message_id: string | null;
  }>(
    `select idempotency_key, user_id, journey_id, step_id, template, recipient, smtp_message_id from messages
     where smtp_message_id is not null and split_part(smtp_message_id, '@', 1) = $1 order by created_at desc limit 1`,
    [`<${local}`],
  );
  return row
    ? {
        idempotencyKey: row.idempotency_key,
        userId: row.user_id,
        journeyId: row.journey_id,
        stepId: row.step_id,
        template: row.template,
        recipient: row.recipient,
        smtpMessageId: row.smtp_message_id,
      }
    : undefined;
}

/** The latest send to an address (case-insensitive), for reports that name only the recipient (some ESP webhooks). */
export async function findLatestSendTo(db: Queryable, address: string) {
  const [row] = await db.query<{ smtp_message_id: string | null }>(
    `select smtp_message_id from messages where lower(recipient) = $1 and smtp_message_id is not null order by created_at desc limit 1`,
    [suppressionKey(address)],
  );
  const local = row?.smtp_message_id ? /^<([^@]+)@/.exec(row.smtp_message_id)?.[1] : undefined;
  return local ? findSendByMessageIdLocal(db, local) : undefined;
}

/** Hard bounces and complaints received since `since`, each report once (the doctor's rates). */
export async function bounceCountsSince(db: Queryable, since: Date): Promise<{ hard: number; complaints: number }> {
  const [row] = await db.query<{ hard: number | string; complaints: number | string }>(
    `select count(*) filter (where kind = 'hard') as hard, count(*) filter (where kind = 'complaint') as complaints
     from bounces where received_at >= $1`,
    [since.toISOString()],
  );
  return { hard: Number(row?.hard ?? 0), complaints: Number(row?.complaints ?? 0) };
}
