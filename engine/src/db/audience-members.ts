import { AUDIENCE_ENTERED, AUDIENCE_EXITED, type AudienceCondition } from '../model/index.ts';
import { EventCounts } from './audience-event-counts.ts';
import { audienceSql, SqlParams } from './audience-sql.ts';
import { lockKeys } from './customer-locks.ts';
import type { Database, Queryable } from './database.ts';
import { insertEventRows, type NewEventRow } from './events.ts';

// Audience membership in SQL: the full evaluation of a definition over every customer (count, sample,
// pages), the stored stays (entered_at / left_at), one customer's re-evaluation, and the due checks.

/** The audience as membership needs it. */
export interface AudienceToKeep {
  id: string;
  name: string;
  condition: AudienceCondition;
}

/** The WHERE-able SQL of a condition at `now` for every customer at once: `from` holds the customers `c` joined to one grouped pass over the events. */
export function compiledForEveryone(condition: AudienceCondition, now: Date) {
  const p = new SqlParams(now);
  const counts = new EventCounts();
  const sql = audienceSql(condition, p, counts);
  return { sql, p, from: counts.from() };
}

/**
 * Sets the rest of the transaction up for a statement over every customer. JIT off: Postgres would
 * JIT-compile it (its estimated cost is high), which costs more than it saves here (0.3 to 0.6 s of a
 * count at 100,000 customers); PGlite has no JIT and accepts the setting as a no-op. work_mem 32 MB:
 * the grouped pass keeps a row per customer with events (about 10 MB at 100,000), which the default
 * 4 MB would spill to disk.
 */
export async function tuneForEveryone(tx: Queryable): Promise<void> {
  await tx.query('set local jit = off');
  await tx.query("set local work_mem = '32MB'");
}

/** Runs one statement over every customer in a transaction of its own, tuned for it. */
function overEveryone<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tuneForEveryone(tx);
    return work(tx);
  });
}

/** How many customers meet the condition at `now`, out of how many customers there are. */
export async function countAudience(
  db: Database,
  condition: AudienceCondition,
  now: Date,
): Promise<{ members: number; customers: number }> {
  const { sql, p, from } = compiledForEveryone(condition, now);
  const [row] = await overEveryone(db, (tx) =>
    tx.query<{ members: string; customers: string }>(
      `select count(*) filter (where ${sql.member}) as members, count(*) as customers from ${from}`,
      p.values,
    ),
  );
  return { members: Number(row?.members ?? 0), customers: Number(row?.customers ?? 0) };
}

/** Up to `limit` customers meeting the condition, spread over the id space (ordered by a hash of the id). */
export async function sampleAudience(
  db: Database,
  condition: AudienceCondition,
  now: Date,
  limit = 20,
): Promise<Array<{ userId: string; traits: Record<string, unknown> }>> {
  const { sql, p, from } = compiledForEveryone(condition, now);
  const rows = await overEveryone(db, (tx) =>
    tx.query<{ user_id: string; traits: Record<string, unknown> }>(
      `select c.user_id, c.traits from ${from} where ${sql.member} order by md5(c.user_id), c.user_id limit ${p.add(limit)}::int`,
      p.values,
    ),
  );
  return rows.map((r) => ({ userId: r.user_id, traits: r.traits }));
}

/** The ids of customers meeting the condition at `now`, after `after` in id order, `limit` at a time. */
export async function evaluateAudiencePage(
  db: Database,
  condition: AudienceCondition,
  now: Date,
  after: string,
  limit: number,
): Promise<string[]> {
  const { sql, p, from } = compiledForEveryone(condition, now);
  const rows = await overEveryone(db, (tx) =>
    tx.query<{ user_id: string }>(
      `select c.user_id from ${from} where c.user_id > ${p.add(after)}::text and ${sql.member}
       order by c.user_id limit ${p.add(limit)}::int`,
      p.values,
    ),
  );
  return rows.map((r) => r.user_id);
}

/** The stored current members of an audience, after `after` in id order. */
export async function audienceMembersPage(
  db: Queryable,
  audienceId: string,
  after: string,
  limit: number,
): Promise<Array<{ userId: string; enteredAt: string }>> {
  const rows = await db.query<{ user_id: string; entered_at: Date | string }>(
    `select user_id, entered_at from audience_memberships where audience_id = $1 and left_at is null and user_id > $2
     order by user_id limit $3`,
    [audienceId, after, limit],
  );
  return rows.map((r) => ({ userId: r.user_id, enteredAt: new Date(r.entered_at).toISOString() }));
}

/** How many customers are in the audience now (stored membership). */
export async function audienceSize(db: Queryable, audienceId: string): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    'select count(*) as n from audience_memberships where audience_id = $1 and left_at is null',
    [audienceId],
  );
  return Number(row?.n ?? 0);
}

const membershipEvent = (
  a: AudienceToKeep,
  stay: { id: string; user_id: string },
  change: 'entered' | 'exited',
  now: Date,
  historical: boolean,
): NewEventRow => ({
  message_id: `audience:${a.id}:${stay.id}:${change}`,
  type: 'track',
  user_id: stay.user_id,
  anonymous_id: null,
  event: change === 'entered' ? AUDIENCE_ENTERED : AUDIENCE_EXITED,
  properties: { audienceId: a.id, audienceName: a.name },
  traits: {},
  context: {},
  timestamp: now.toISOString(),
  group_id: null,
  previous_id: null,
  original_timestamp: null,
  sent_at: null,
  historical,
});

/**
 * Recomputes the whole membership of an audience at `now` with the full SQL evaluation (after it was
 * created or changed): customers who now meet it enter, those who no longer do leave, and every
 * customer's next time-driven check is scheduled. The Entered / Exited events are stored as history:
 * no router sees them, so a backfill starts no journey (as imported history does not); only changes
 * after it, from events, identify calls and the due checks, are routed. One statement does it all
 * (stays, checks and events are each one set-based insert); run it in a transaction.
 */
export async function backfillAudience(
  tx: Queryable,
  a: AudienceToKeep,
  now: Date,
): Promise<{ entered: number; exited: number; size: number }> {
  await lockKeys(tx, [`audience:${a.id}`]);
  await tuneForEveryone(tx);
  await tx.query('delete from audience_checks where audience_id = $1', [a.id]);
  // EXCEPT, not NOT EXISTS: with the table new and never analysed, the planner's nested loop rescans
  // the rows this very insert adds, once per customer (minutes at 100,000).
  await tx.query(
    `insert into audience_known_customers (user_id)
     select user_id from customers except select user_id from audience_known_customers on conflict do nothing`,
  );
  const { sql, p, from } = compiledForEveryone(a.condition, now);
  const id = `${p.add(a.id)}::text`;
  const at = p.now();
  const [row] = await tx.query<{ entered: string; exited: string; size: string }>(
    `with evaluated as materialized (select c.user_id, ${sql.member} as member, ${sql.nextCheck} as next_check from ${from}),
     current_stays as (select m.id, m.user_id from audience_memberships m where m.audience_id = ${id} and m.left_at is null),
     closed as (
       update audience_memberships m set left_at = ${at} from current_stays s
       where m.id = s.id and not exists (select 1 from evaluated ev where ev.user_id = s.user_id and ev.member)
       returning m.id, m.user_id),
     opened as (
       insert into audience_memberships (audience_id, user_id, entered_at)
       select ${id}, ev.user_id, ${at} from evaluated ev
       where ev.member and not exists (select 1 from current_stays s where s.user_id = ev.user_id)
       on conflict do nothing returning id, user_id),
     scheduled as (
       insert into audience_checks (audience_id, user_id, next_check_at)
       select ${id}, user_id, next_check from evaluated where next_check is not null
       on conflict (audience_id, user_id) do update set next_check_at = excluded.next_check_at, claimed_until = null),
     changes as (
       select id, user_id, 'entered' as change, ${p.add(AUDIENCE_ENTERED)}::text as event from opened
       union all select id, user_id, 'exited', ${p.add(AUDIENCE_EXITED)}::text from closed),
     -- history, like imported events: no outbox row, so no router sees them
     told as (
       insert into events (message_id, type, user_id, event, properties, timestamp)
       select 'audience:' || ${id} || ':' || ch.id::text || ':' || ch.change, 'track', ch.user_id, ch.event,
         jsonb_build_object('audienceId', ${id}, 'audienceName', ${p.add(a.name)}::text), ${at}
       from changes ch
       on conflict (message_id) do nothing)
     select (select count(*) from opened) as entered, (select count(*) from closed) as exited,
       (select count(*) from evaluated where member) as size`,
    p.values,
  );
  return { entered: Number(row?.entered ?? 0), exited: Number(row?.exited ?? 0), size: Number(row?.size ?? 0) };
}

/**
 * Re-evaluates one customer for one audience at `now` and records a change: a stay opened or closed,
 * its Audience Entered / Exited event appended and routed (so triggers and waits see it), and the next
 * time-driven check scheduled (or dropped when time alone cannot change the answer). Customers are
 * taken in turn per audience by a transaction lock; run it in a transaction. Returns what changed.
 */
export async function reevaluateCustomer(
  tx: Queryable,
  a: AudienceToKeep,
  userId: string,
  now: Date,
): Promise<'entered' | 'exited' | undefined> {
  return (await reevaluateCustomers(tx, [{ audience: a, userIds: [userId] }], now, true)).get(a.id)?.get(userId);
}

/** Some customers of one audience to re-evaluate. */
export interface AudienceCustomers {
  audience: AudienceToKeep;
  userIds: string[];
}

/** A stay opened or closed by a re-evaluation. */
export interface ChangedStay {
  id: string;
  audience_id: string;
  user_id: string;
}

/** The stays a re-evaluation opened (`entered`) and closed (`exited`). */
export interface ChangedStays {
  entered: ChangedStay[];
  exited: ChangedStay[];
}

/** The lock keys of these (audience, customer) pairs: re-evaluations of one pair take turns. */
export function membershipLockKeys(work: Array<{ audienceId: string; userIds: string[] }>): string[] {
  return work.flatMap((w) => w.userIds.map((u) => `audience:${w.audienceId}:${u}`));
}

/**
 * reevaluateCustomer for many customers of many audiences: one statement locks them, one evaluates every
 * (audience, customer) and writes the stays and checks, one stores the Entered / Exited events (none when
 * nothing changed), so a routed batch costs three statements however many audiences it touches. With
 * `route` false the events are stored as history only (no router sees them: nothing would react).
 * Run it in a transaction. Returns the changes by audience id, then customer.
 */
export async function reevaluateCustomers(
  tx: Queryable,
  work: AudienceCustomers[],
  now: Date,
  route: boolean,
): Promise<Map<string, Map<string, 'entered' | 'exited'>>> {
  work = work.filter((w) => w.userIds.length > 0);
  await lockKeys(tx, membershipLockKeys(work.map((w) => ({ audienceId: w.audience.id, userIds: w.userIds }))));
  const stays = await evaluateStays(tx, work, now);
  return storeMembershipChanges(
    tx,
    work.map((w) => w.audience),
    stays,
    now,
    route,
  );
}

/**
 * The SQL evaluation of every (audience, customer) of `work` at `now`, in one statement that writes the
 * stays and the next checks; the caller holds the pairs' locks (membershipLockKeys). Returns the stays
 * it opened and closed.
 */
export async function evaluateStays(tx: Queryable, work: AudienceCustomers[], now: Date): Promise<ChangedStays> {
  work = work.filter((w) => w.userIds.length > 0);
  if (work.length === 0) return { entered: [], exited: [] };
  const p = new SqlParams(now);
  const evaluated = work.map((w) => {
    const sql = audienceSql(w.audience.condition, p);
    return `select ${p.add(w.audience.id)}::text as audience_id, c.user_id, ${sql.member} as member, ${sql.nextCheck} as next_check
      from customers c where c.user_id = any(${p.add(w.userIds)}::text[])`;
  });
  const pairs = `select unnest(${p.add(work.flatMap((w) => w.userIds.map(() => w.audience.id)))}::text[]) as audience_id,
    unnest(${p.add(work.flatMap((w) => w.userIds))}::text[]) as user_id`;
  const at = p.now();
  const statement = `with evaluated as materialized (${evaluated.join(' union all ')}),
     pairs as materialized (${pairs}),
     unscheduled as (
       delete from audience_checks k using pairs where k.audience_id = pairs.audience_id and k.user_id = pairs.user_id
       and not exists (select 1 from evaluated ev where ev.audience_id = k.audience_id and ev.user_id = k.user_id and ev.next_check is not null)),
     scheduled as (
       insert into audience_checks (audience_id, user_id, next_check_at)
       select audience_id, user_id, next_check from evaluated where next_check is not null
       on conflict (audience_id, user_id) do update set next_check_at = excluded.next_check_at, claimed_until = null
       -- an unchanged check is left as it is (most are: the oldest counted event rarely changes)
       where audience_checks.next_check_at is distinct from excluded.next_check_at or audience_checks.claimed_until is not null),
     current_stays as (
       select m.id, m.audience_id, m.user_id from audience_memberships m join pairs
       on m.audience_id = pairs.audience_id and m.user_id = pairs.user_id where m.left_at is null),
     closed as (
       update audience_memberships m set left_at = ${at} from current_stays s
       where m.id = s.id and not exists (select 1 from evaluated ev where ev.audience_id = s.audience_id and ev.user_id = s.user_id and ev.member)
       returning m.id::text, m.audience_id, m.user_id),
     opened as (
       insert into audience_memberships (audience_id, user_id, entered_at)
       select ev.audience_id, ev.user_id, ${at} from evaluated ev
       where ev.member and not exists (select 1 from current_stays s where s.audience_id = ev.audience_id and s.user_id = ev.user_id)
       returning id::text, audience_id, user_id)
     select coalesce((select jsonb_agg(o) from opened o), '[]') as entered,
       coalesce((select jsonb_agg(x) from closed x), '[]') as exited`;
  const [row] = await tx.query<ChangedStays>(statement, p.values);
  return { entered: row?.entered ?? [], exited: row?.exited ?? [] };
}

/**
 * Stores the Audience Entered / Exited event of each changed stay (one insert, none when nothing
 * changed; routed only when `route`, else history) and returns the changes by audience id, then customer.
 */
export async function storeMembershipChanges(
  tx: Queryable,
  audiences: AudienceToKeep[],
  stays: ChangedStays,
  now: Date,
  route: boolean,
): Promise<Map<string, Map<string, 'entered' | 'exited'>>> {
  const changes = new Map<string, Map<string, 'entered' | 'exited'>>();
  const byId = new Map(audiences.map((a) => [a.id, a]));
  const events: NewEventRow[] = [];
  const record = (changed: ChangedStay[], change: 'entered' | 'exited') => {
    for (const s of changed) {
      const a = byId.get(s.audience_id);
      if (!a) continue; // only the audiences given were evaluated
      events.push(membershipEvent(a, s, change, now, !route));
      const mine = changes.get(a.id) ?? new Map<string, 'entered' | 'exited'>();
      changes.set(a.id, mine.set(s.user_id, change));
    }
  };
  record(stays.exited, 'exited');
  record(stays.entered, 'entered');
  if (events.length > 0) await insertEventRows(tx, events, []);
  return changes;
}

/**
 * What a routed batch needs before it evaluates anything, in one statement: the audiences' versions
 * (ids, versions and creation instants, so a cached list of compiled definitions is known current) and
 * which of these customers the audiences have never seen (marked seen now; nobody is marked while no
 * audience exists, as a backfill marks everyone).
 */
export async function audienceRoutingState(
  db: Queryable,
  userIds: string[],
): Promise<{ versions: string; fresh: Set<string> }> {
  const [row] = await db.query<{ versions: string; fresh: string[] }>(
    `with seen as (
       insert into audience_known_customers (user_id)
       select unnest($1::text[]) where exists (select 1 from audiences)
       on conflict do nothing returning user_id)
     select coalesce((select string_agg(id || ':' || version || ':' || extract(epoch from created_at), ',' order by id) from audiences), '') as versions,
       coalesce((select jsonb_agg(user_id) from seen), '[]') as fresh`,
    [userIds],
  );
  return { versions: row?.versions ?? '', fresh: new Set(row?.fresh ?? []) };
}

/** Leases up to `limit` checks due at `now` (FOR UPDATE SKIP LOCKED: several routers never take the same one). */
export async function claimDueChecks(
  db: Queryable,
  now: Date,
  limit: number,
  leaseSeconds = 120,
): Promise<Array<{ audienceId: string; userId: string }>> {
  const rows = await db.query<{ audience_id: string; user_id: string }>(
    `with due as (
       select audience_id, user_id from audience_checks
       where next_check_at <= $1 and (claimed_until is null or claimed_until <= $1)
       order by next_check_at limit $2 for update skip locked)
     update audience_checks k set claimed_until = $1::timestamptz + $3::int * interval '1 second'
     from due where k.audience_id = due.audience_id and k.user_id = due.user_id
     returning k.audience_id, k.user_id`,
    [now.toISOString(), limit, leaseSeconds],
  );
  return rows.map((r) => ({ audienceId: r.audience_id, userId: r.user_id }));
}

/** Per UTC day from `from` to `to` (dates): customers who entered, who left, and the size at the day's end. */
export async function audienceHistory(
  db: Queryable,
  audienceId: string,
  from: string,
  to: string,
): Promise<Array<{ day: string; entered: number; exited: number; size: number }>> {
  const rows = await db.query<{ day: string; entered: string; exited: string; size: string }>(
    `with days as (select d::date as day, (d::date::timestamp at time zone 'UTC') as starts,
                          ((d::date + 1)::timestamp at time zone 'UTC') as ends
                   from generate_series($2::date, $3::date, interval '1 day') d)
     select to_char(day, 'YYYY-MM-DD') as day,
       (select count(*) from audience_memberships m where m.audience_id = $1 and m.entered_at >= starts and m.entered_at < ends) as entered,
       (select count(*) from audience_memberships m where m.audience_id = $1 and m.left_at >= starts and m.left_at < ends) as exited,
       (select count(*) from audience_memberships m where m.audience_id = $1 and m.entered_at < ends and (m.left_at is null or m.left_at >= ends)) as size
     from days order by day`,
    [audienceId, from, to],
  );
  return rows.map((r) => ({ day: r.day, entered: Number(r.entered), exited: Number(r.exited), size: Number(r.size) }));
}

/** The audiences a customer is in now, with when they entered. */
export async function audiencesOfCustomer(
  db: Queryable,
  userId: string,
): Promise<Array<{ audienceId: string; name: string; enteredAt: string }>> {
  const rows = await db.query<{ audience_id: string; name: string; entered_at: Date | string }>(
    `select m.audience_id, a.name, m.entered_at from audience_memberships m join audiences a on a.id = m.audience_id
     where m.user_id = $1 and m.left_at is null order by a.name`,
    [userId],
  );
  return rows.map((r) => ({
    audienceId: r.audience_id,
    name: r.name,
    enteredAt: new Date(r.entered_at).toISOString(),
  }));
}
