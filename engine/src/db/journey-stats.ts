import type { Queryable } from './database.ts';

/** How many customers entered, wait on, left and failed at one node. */
export interface NodeCounts {
  entered: number;
  waiting: number;
  exited: number;
  failed?: number;
}

/**
 * Per-node counts of one published version. entered: customers who reached the node (the trigger:
 * customers enrolled; every other step: the run's step records, which also list the steps passed
 * without a pause, plus sends); waiting: customers on it now; exited: runs that ended on it; failed
 * (actions only, when any): customers whose action gave up there or left its email in doubt.
 */
export async function nodeCounts(
  db: Queryable,
  journeyId: string,
  version: number,
  triggerId: string | null,
): Promise<Record<string, NodeCounts>> {
  const counts: Record<string, NodeCounts> = {};
  const at = (id: string) => (counts[id] ??= { entered: 0, waiting: 0, exited: 0 });
  const entered = await db.query<{ step_id: string; n: number }>(
    `select step_id, count(distinct user_id)::int as n from (
       select step_id, user_id from step_visits where journey_id = $1 and version = $2 and step_id is not null and status not like 'exit:exit-on'
       union all select step_id, user_id from messages where journey_id = $1 and version = $2 and step_id is not null
     ) seen group by step_id`,
    [journeyId, version],
  );
  for (const r of entered) at(r.step_id).entered = r.n;
  const waiting = await db.query<{ step_id: string; n: number }>(
    `select step_id, count(*)::int as n from enrollments where journey_id = $1 and version = $2 and status = 'active' and step_id is not null group by step_id`,
    [journeyId, version],
  );
  for (const r of waiting) at(r.step_id).waiting = r.n;
  const exited = await db.query<{ step_id: string; n: number }>(
    `select step_id, count(*)::int as n from step_visits where journey_id = $1 and version = $2 and status like 'exit:%' and step_id is not null group by step_id`,
    [journeyId, version],
  );
  for (const r of exited) at(r.step_id).exited = r.n;
  const failed = await db.query<{ step_id: string; n: number }>(
    `select step_id, count(distinct user_id)::int as n from step_visits where journey_id = $1 and version = $2 and status in ('failed', 'in-doubt') and step_id is not null group by step_id`,
    [journeyId, version],
  );
  for (const r of failed) at(r.step_id).failed = r.n;
  if (triggerId !== null) {
    const [enrolled] = await db.query<{ n: number }>(
      'select count(*)::int as n from enrollments where journey_id = $1 and version = $2',
      [journeyId, version],
    );
    at(triggerId).entered = enrolled?.n ?? 0;
  }
  return counts;
}

/** Customers in flight per journey (active enrollments, any version). */
export async function inFlightByJourney(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.query<{ journey_id: string; n: number }>(
    `select journey_id, count(*)::int as n from enrollments where status = 'active' group by journey_id`,
  );
  return new Map(rows.map((r) => [r.journey_id, r.n]));
}

/** The event names seen so far with how often, most frequent first (at most 500), for the editor's suggestions. */
export async function eventNameCounts(db: Queryable): Promise<Array<{ event: string; count: number }>> {
  const rows = await db.query<{ event: string; n: number }>(
    `select event, count(*)::int as n from events where event is not null group by event order by n desc, event limit 500`,
  );
  return rows.map((r) => ({ event: r.event, count: r.n }));
}
