import type { Database, Queryable } from './database.ts';

/** The notification channel on which stored (or re-queued) events announce themselves to routers. */
export const EVENTS_APPENDED = 'boomerang_events_appended';

/** How long a router may hold the events it claimed before another router may take them over. */
export const LEASE_SECONDS = 120;

/** An outbox row a router claimed: the event's sequence number, customer and how often it was tried before. */
export interface ClaimedEvent {
  seq: number;
  userId: string | null;
  attempts: number;
}

/**
 * Claims up to `limit` unrouted events for `owner`, oldest first, keeping each customer's order across
 * routers: an event is claimed only when every earlier unrouted event of its customer is claimed with
 * it, and none of them waits for a retry. Rows another router is claiming right now are skipped
 * (FOR UPDATE SKIP LOCKED), and so are the customers they belong to.
 */
export async function claimEvents(db: Database, owner: string, limit: number): Promise<ClaimedEvent[]> {
  // Embedded PGlite belongs to one process, so it has one router: nothing to lease, nobody to wait for.
  if (db.kind === 'pglite') return heldBack(await freeEvents(db, limit, ''), new Map());
  return db.transaction(async (tx) => {
    const free = await freeEvents(tx, limit, 'for update of o skip locked');
    if (free.length === 0) return [];
    // A customer's earliest unrouted event outside this set (leased by another router, or locked by one
    // claiming right now) holds back their events in it.
    const customers = [...new Set(free.map((r) => r.user_id).filter((u): u is string => u !== null))];
    const earliest = new Map(
      (
        await tx.query<{ user_id: string; first: string | number }>(
          `select e.user_id, min(o.seq) as first from event_outbox o join events e on e.seq = o.seq
       where e.user_id = any($1::text[]) group by e.user_id`,
          [customers],
        )
      ).map((r) => [r.user_id, Number(r.first)]),
    );
    const claimed = heldBack(free, earliest);
    if (claimed.length > 0) {
      await tx.query(
        `update event_outbox set lease_owner = $1, lease_until = now() + make_interval(secs => $3)
                      where seq = any($2::bigint[])`,
        [owner, claimed.map((c) => c.seq), LEASE_SECONDS],
      );
    }
    return claimed;
  });
}

interface FreeRow {
  seq: string | number;
  user_id: string | null;
  attempts: number;
  waiting: boolean;
}

/** Unrouted events no router holds, oldest first (`lock`: how to lock them, on Postgres). */
function freeEvents(db: Queryable, limit: number, lock: string): Promise<FreeRow[]> {
  return db.query<FreeRow>(
    `select o.seq, e.user_id, o.attempts, coalesce(o.next_attempt_at > now(), false) as waiting
     from event_outbox o join events e on e.seq = o.seq
     where o.lease_until is null or o.lease_until < now()
     order by o.seq limit $1 ${lock}`,
    [limit],
  );
}

/**
 * The free events that may be routed now, in order: a customer's events stop at the first one that
 * waits for a retry, and, when `earliest` knows the customer, start only at their earliest unrouted event.
 */
function heldBack(free: FreeRow[], earliest: Map<string, number>): ClaimedEvent[] {
  const held = new Set<string>();
  const claimed: ClaimedEvent[] = [];
  const started = new Set<string>();
  for (const row of free) {
    const seq = Number(row.seq);
    const customer = row.user_id;
    if (customer !== null) {
      if (held.has(customer)) continue;
      const first = earliest.get(customer);
      if (row.waiting || (!started.has(customer) && first !== undefined && first !== seq)) {
        held.add(customer);
        continue;
      }
      started.add(customer);
    } else if (row.waiting) continue;
    claimed.push({ seq, userId: customer, attempts: row.attempts });
  }
  return claimed;
}

/** Removes routed events from the outbox. */
export async function markRouted(db: Queryable, seqs: number[]): Promise<void> {
  if (seqs.length > 0) await db.query('delete from event_outbox where seq = any($1::bigint[])', [seqs]);
}

/** Gives claimed events back without trying them (their customer's earlier event failed, or the router stops). */
export async function releaseEvents(db: Queryable, owner: string, seqs: number[]): Promise<void> {
  if (seqs.length > 0)
    await db.query(
      'update event_outbox set lease_owner = null, lease_until = null where seq = any($1::bigint[]) and lease_owner = $2',
      [seqs, owner],
    );
}

/** What a failed routing attempt left behind. */
export interface RoutingFailure {
  seq: number;
  userId: string | null;
  journeyId: string | undefined;
  error: string;
  attempts: number;
}

/**
 * Records a failed attempt at routing one event: it is tried again after `retryInMs`, or, when
 * `park` is set, moved to the dead-letter list (its customer's later events then flow on).
 */
export async function recordRoutingFailure(
  db: Database,
  f: RoutingFailure,
  next: { park: true } | { park: false; retryInMs: number },
): Promise<void> {
  if (!next.park) {
    await db.query(
      `update event_outbox set attempts = $2, last_error = $3, first_tried_at = coalesce(first_tried_at, now()),
         next_attempt_at = now() + make_interval(secs => $4), lease_owner = null, lease_until = null where seq = $1`,
      [f.seq, f.attempts, f.error, next.retryInMs / 1000],
    );
    return;
  }
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into dead_letters (seq, user_id, journey_id, error, attempts, first_tried_at, last_tried_at)
       select seq, $2, $3, $4, $5, coalesce(first_tried_at, now()), now() from event_outbox where seq = $1
       on conflict (seq) do update set journey_id = excluded.journey_id, error = excluded.error, attempts = excluded.attempts,
         first_tried_at = excluded.first_tried_at, last_tried_at = now(), status = 'parked', updated_at = now()`,
      [f.seq, f.userId, f.journeyId ?? null, f.error, f.attempts],
    );
    await tx.query('delete from event_outbox where seq = $1', [f.seq]);
  });
}

/** When the next event waiting for a retry is due, or undefined when none waits. */
export async function nextRetryAt(db: Queryable): Promise<Date | undefined> {
  const [row] = await db.query<{ at: Date | string | null }>(
    'select min(next_attempt_at) as at from event_outbox where next_attempt_at > now()',
  );
  return row?.at ? new Date(row.at) : undefined;
}

/** How far routing is behind: the age of the oldest unrouted event, the count of unrouted events and of parked dead letters. */
export async function routingLag(
  db: Queryable,
): Promise<{ oldestUnroutedSeconds: number; unrouted: number; deadLetters: number }> {
  const [row] = await db.query<{ age: number | null; unrouted: number; dead: number }>(
    `select extract(epoch from now() - min(e.received_at))::float8 as age, count(o.seq)::int as unrouted,
       (select count(*)::int from dead_letters where status = 'parked') as dead
     from event_outbox o join events e on e.seq = o.seq`,
  );
  return {
    oldestUnroutedSeconds: Math.max(0, row?.age ?? 0),
    unrouted: row?.unrouted ?? 0,
    deadLetters: row?.dead ?? 0,
  };
}
