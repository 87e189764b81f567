import type { ZoneFilter } from '../temporal/contract.ts';
import type { Queryable } from './database.ts';

// What a broadcast reads of its audience beyond plain paging: members by time zone (local-time
// delivery), and the marks that make entering a journey happen once per broadcast and person.

/** How many of an audience's current members have each value of the `timezone` trait (null: none). */
export async function audienceZoneTallies(
  db: Queryable,
  audienceId: string,
): Promise<Array<{ zone: string | null; members: number }>> {
  const rows = await db.query<{ zone: string | null; n: number }>(
    `select c.traits->>'timezone' as zone, count(*)::int as n from audience_memberships m
     left join customers c on c.user_id = m.user_id
     where m.audience_id = $1 and m.left_at is null group by 1 order by 1`,
    [audienceId],
  );
  return rows.map((r) => ({ zone: r.zone, members: Number(r.n) }));
}

/** The next up to `limit` member ids after `after` whose zone the filter takes, in id order. */
export async function audienceMembersInZones(
  db: Queryable,
  audienceId: string,
  filter: ZoneFilter,
  after: string,
  limit: number,
): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `select m.user_id from audience_memberships m left join customers c on c.user_id = m.user_id
     where m.audience_id = $1 and m.left_at is null and m.user_id > $2
       and (c.traits->>'timezone' = any($4::text[])
            or ($5::text[] is not null and coalesce(c.traits->>'timezone', '') <> all($5::text[])))
     order by m.user_id limit $3`,
    [audienceId, after, limit, filter.zones, filter.unzonedBesides ?? null],
  );
  return rows.map((r) => r.user_id);
}

/** How a broadcast handled a recipient already, with when it was recorded (none: not yet). */
export async function broadcastRecipientMark(
  db: Queryable,
  broadcastId: string,
  userId: string,
): Promise<{ status: string; reason: string | null; at: string } | undefined> {
  const [row] = await db.query<{ status: string; reason: string | null; updated_at: Date | string }>(
    'select status, reason, updated_at from broadcast_recipients where broadcast_id = $1 and user_id = $2',
    [broadcastId, userId],
  );
  return row ? { status: row.status, reason: row.reason, at: new Date(row.updated_at).toISOString() } : undefined;
}

/** When the customer's current entry into a journey run began (none: never entered). */
export async function enrollmentEnteredAt(db: Queryable, workflowId: string): Promise<string | undefined> {
  const [row] = await db.query<{ entered_at: Date | string }>(
    'select entered_at from enrollments where workflow_id = $1',
    [workflowId],
  );
  return row ? new Date(row.entered_at).toISOString() : undefined;
}

/** Marks a recipient as being worked on (kept if marked already, so the first mark's time stays). */
export async function markBroadcastRecipient(
  db: Queryable,
  broadcastId: string,
  userId: string,
  status: string,
): Promise<void> {
  await db.query(
    `insert into broadcast_recipients (broadcast_id, user_id, status) values ($1, $2, $3)
     on conflict (broadcast_id, user_id) do nothing`,
    [broadcastId, userId, status],
  );
}
