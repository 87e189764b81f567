import type { Queryable } from './database.ts';

/** A customer's place in a journey: one row per (journey, customer), reused on re-entry. */
export interface Enrollment {
  workflowId: string;
  journeyId: string;
  userId: string;
  version: number;
  status: 'active' | 'completed';
  stepId: string | null;
}

/** The workflow id of a customer's run of a journey (plus a correlation key where a trigger declares one). */
export function enrollmentId(journeyId: string, userId: string, correlation?: string): string {
  return correlation ? `journey:${journeyId}:${userId}:${correlation}` : `journey:${journeyId}:${userId}`;
}

/**
 * Decides whether a trigger event enrolls the customer: 'new' (start a run), 'active' (a run is
 * going on: just deliver the event) or 'refused' (they were in it before and re-entry is `never`).
 */
export async function claimEnrollment(
  db: Queryable,
  e: { workflowId: string; journeyId: string; userId: string; version: number; reEntry: 'never' | 'after-exit' },
): Promise<'new' | 'active' | 'refused'> {
  const inserted = await db.query(
    `insert into enrollments (workflow_id, journey_id, user_id, version, status) values ($1, $2, $3, $4, 'active')
     on conflict (workflow_id) do nothing returning workflow_id`,
    [e.workflowId, e.journeyId, e.userId, e.version],
  );
  if (inserted.length > 0) return 'new';
  if (e.reEntry === 'after-exit') {
    const reentered = await db.query(
      `update enrollments set status = 'active', version = $2, step_id = null, entries = entries + 1, entered_at = now(), updated_at = now()
       where workflow_id = $1 and status = 'completed' returning workflow_id`,
      [e.workflowId, e.version],
    );
    if (reentered.length > 0) return 'new';
  }
  const [row] = await db.query<{ status: string }>('select status from enrollments where workflow_id = $1', [
    e.workflowId,
  ]);
  return row?.status === 'active' ? 'active' : 'refused';
}

/** Records that a run reached a step (or ended), for node counts and the customer page. */
export async function recordProgress(
  db: Queryable,
  p: {
    workflowId: string;
    journeyId: string;
    version: number;
    userId: string;
    stepId: string | null;
    status: string;
    ended: boolean;
    passed?: string[] | undefined;
  },
): Promise<void> {
  // The steps passed on the way (status "passed"), then the step the run is on now, in one statement.
  await db.query(
    `insert into step_visits (workflow_id, journey_id, version, user_id, step_id, status)
     select $1::text, $2::text, $3::int, $4::text, step_id, 'passed' from unnest($7::text[]) as passed(step_id)
     union all select $1::text, $2::text, $3::int, $4::text, $5::text, $6::text`,
    [p.workflowId, p.journeyId, p.version, p.userId, p.stepId, p.status, p.passed ?? []],
  );
  await db.query(`update enrollments set step_id = $2, status = $3, updated_at = now() where workflow_id = $1`, [
    p.workflowId,
    p.stepId,
    p.ended ? 'completed' : 'active',
  ]);
}

/** Marks a run as over without a step (its workflow is gone). */
export async function completeEnrollment(db: Queryable, workflowId: string): Promise<void> {
  await db.query(`update enrollments set status = 'completed', updated_at = now() where workflow_id = $1`, [
    workflowId,
  ]);
}

/** The journeys a customer is in right now. */
export async function activeEnrollments(db: Queryable, userId: string): Promise<Enrollment[]> {
  const rows = await db.query<{
    workflow_id: string;
    journey_id: string;
    user_id: string;
    version: number;
    status: 'active';
    step_id: string | null;
  }>(`select * from enrollments where user_id = $1 and status = 'active'`, [userId]);
  return rows.map((r) => ({
    workflowId: r.workflow_id,
    journeyId: r.journey_id,
    userId: r.user_id,
    version: r.version,
    status: r.status,
    stepId: r.step_id,
  }));
}

/** Every enrollment of a customer, active or not. */
export async function customerEnrollments(db: Queryable, userId: string): Promise<Enrollment[]> {
  const rows = await db.query<{
    workflow_id: string;
    journey_id: string;
    user_id: string;
    version: number;
    status: 'active' | 'completed';
    step_id: string | null;
  }>('select * from enrollments where user_id = $1 order by entered_at desc', [userId]);
  return rows.map((r) => ({
    workflowId: r.workflow_id,
    journeyId: r.journey_id,
    userId: r.user_id,
    version: r.version,
    status: r.status,
    stepId: r.step_id,
  }));
}
