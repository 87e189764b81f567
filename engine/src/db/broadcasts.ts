import type { BroadcastCounts, BroadcastState, LocalTime } from '../temporal/contract.ts';
import type { Queryable } from './database.ts';

// Broadcasts: one row per one-off send to an audience, one row per recipient handled. The counts are
// aggregates of the recipients' rows, so a batch recorded twice (a retry) still counts each person once.

/** A broadcast as stored, with its counts. */
export interface BroadcastRecord {
  id: string;
  name: string;
  audienceId: string;
  /** Exactly one of the two: the template sent, or the journey each recipient enters. */
  template: string | null;
  journeyId: string | null;
  subject: string | null;
  ratePerSecond: number;
  holdoutPercent: number;
  startAt: string;
  /** Delivered at this wall-clock time in each recipient's zone (none: at startAt). */
  localTime: LocalTime | null;
  state: BroadcastState;
  workflowId: string;
  createdAt: string;
  updatedAt: string;
  counts: BroadcastCounts;
}

/** What creating a broadcast stores. */
export type NewBroadcast = Omit<BroadcastRecord, 'state' | 'createdAt' | 'updatedAt' | 'counts'>;

/** How one recipient of a broadcast was handled: a message log status, or `held-out`. */
export interface BroadcastRecipient {
  userId: string;
  status: string;
  reason: string | null;
  messageKey: string | null;
  updatedAt: string;
}

interface BroadcastRow {
  id: string;
  name: string;
  audience_id: string;
  template: string | null;
  journey_id: string | null;
  local_time: LocalTime | null;
  subject: string | null;
  rate_per_second: number;
  holdout_percent: number;
  start_at: Date | string;
  state: BroadcastState;
  total: number | null;
  workflow_id: string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

const emptyCounts = (total: number | null): BroadcastCounts => ({
  sent: 0,
  skipped: {},
  failed: 0,
  inDoubt: 0,
  heldOut: 0,
  enrolled: 0,
  total,
});

async function countsOf(db: Queryable, rows: BroadcastRow[]): Promise<Map<string, BroadcastCounts>> {
  const counts = new Map(rows.map((r) => [r.id, emptyCounts(r.total)]));
  if (rows.length === 0) return counts;
  const tallies = await db.query<{ broadcast_id: string; status: string; n: string }>(
    `select broadcast_id, status, count(*) as n from broadcast_recipients where broadcast_id = any($1::text[])
     group by broadcast_id, status`,
    [rows.map((r) => r.id)],
  );
  for (const t of tallies) {
    const c = counts.get(t.broadcast_id);
    if (!c) continue;
    const n = Number(t.n);
    if (t.status === 'sent') c.sent += n;
    else if (t.status === 'failed') c.failed += n;
    else if (t.status === 'in-doubt') c.inDoubt += n;
    else if (t.status === 'held-out') c.heldOut += n;
    else if (t.status === 'enrolled') c.enrolled += n;
    else if (t.status === 'enrolling')
      continue; // an entry under way: counted once it is done
    else c.skipped[t.status] = (c.skipped[t.status] ?? 0) + n;
  }
  return counts;
}

async function withCounts(db: Queryable, rows: BroadcastRow[]): Promise<BroadcastRecord[]> {
  const counts = await countsOf(db, rows);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    audienceId: r.audience_id,
    template: r.template,
    journeyId: r.journey_id,
    subject: r.subject,
    ratePerSecond: Number(r.rate_per_second),
    holdoutPercent: Number(r.holdout_percent),
    startAt: iso(r.start_at),
    localTime: r.local_time,
    state: r.state,
    workflowId: r.workflow_id,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    counts: counts.get(r.id) ?? emptyCounts(r.total),
  }));
}

/** Stores a new broadcast (state `scheduled`); false when the id is taken. */
export async function createBroadcast(db: Queryable, b: NewBroadcast): Promise<boolean> {
  const inserted = await db.query(
    `insert into broadcasts (id, name, audience_id, template, subject, rate_per_second, holdout_percent, start_at,
       workflow_id, journey_id, local_time)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb) on conflict (id) do nothing returning id`,
    [
      b.id,
      b.name,
      b.audienceId,
      b.template,
      b.subject,
      b.ratePerSecond,
      b.holdoutPercent,
      b.startAt,
      b.workflowId,
      b.journeyId,
      b.localTime === null ? null : JSON.stringify(b.localTime),
    ],
  );
  return inserted.length > 0;
}

/** One broadcast with its counts. */
export async function findBroadcast(db: Queryable, id: string): Promise<BroadcastRecord | undefined> {
  const rows = await db.query<BroadcastRow>('select * from broadcasts where id = $1', [id]);
  return (await withCounts(db, rows))[0];
}

/** Every broadcast, newest first, with its counts. */
export async function listBroadcasts(db: Queryable): Promise<BroadcastRecord[]> {
  return withCounts(db, await db.query<BroadcastRow>('select * from broadcasts order by created_at desc, id'));
}

/** Records where a broadcast stands; `total` (the audience size) is kept once set. */
export async function setBroadcastState(
  db: Queryable,
  id: string,
  state: BroadcastState,
  total?: number,
): Promise<number | null> {
  const [row] = await db.query<{ total: number | null }>(
    `update broadcasts set state = $2, total = coalesce(total, $3), updated_at = now() where id = $1 returning total`,
    [id, state, total ?? null],
  );
  return row?.total ?? null;
}

/** Records how each recipient of a batch was handled (a recipient recorded again takes the newer status). */
export async function recordBroadcastRecipients(
  db: Queryable,
  broadcastId: string,
  recipients: Array<Pick<BroadcastRecipient, 'userId' | 'status' | 'reason' | 'messageKey'>>,
): Promise<void> {
  if (recipients.length === 0) return;
  await db.query(
    `insert into broadcast_recipients (broadcast_id, user_id, status, reason, message_key)
     select $1, r.user_id, r.status, r.reason, r.message_key
     from jsonb_to_recordset($2::jsonb) as r(user_id text, status text, reason text, message_key text)
     on conflict (broadcast_id, user_id) do update set status = excluded.status, reason = excluded.reason,
       message_key = excluded.message_key, updated_at = now()`,
    [
      broadcastId,
      JSON.stringify(
        recipients.map((r) => ({ user_id: r.userId, status: r.status, reason: r.reason, message_key: r.messageKey })),
      ),
    ],
  );
}

/** The recipients handled so far, after `after` in user id order, optionally of one status. */
export async function broadcastRecipientsPage(
  db: Queryable,
  broadcastId: string,
  opts: { after: string; limit: number; status?: string | undefined },
): Promise<BroadcastRecipient[]> {
  const rows = await db.query<{
    user_id: string;
    status: string;
    reason: string | null;
    message_key: string | null;
    updated_at: Date | string;
  }>(
    `select user_id, status, reason, message_key, updated_at from broadcast_recipients
     where broadcast_id = $1 and user_id > $2 and ($3::text is null or status = $3) order by user_id limit $4`,
    [broadcastId, opts.after, opts.status ?? null, opts.limit],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    status: r.status,
    reason: r.reason,
    messageKey: r.message_key,
    updatedAt: iso(r.updated_at),
  }));
}
