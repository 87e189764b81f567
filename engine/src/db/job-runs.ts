import type { Queryable } from './database.ts';

/**
 * Claims this period's run of a periodic job for the calling process: true for exactly one of the
 * processes that ask within `periodMs` of the last claimed run (the row lock of the upsert decides).
 */
export async function claimJobRun(db: Queryable, name: string, periodMs: number): Promise<boolean> {
  const rows = await db.query(
    `insert into job_runs (name, last_run_at) values ($1, now())
     on conflict (name) do update set last_run_at = now() where job_runs.last_run_at <= now() - make_interval(secs => $2)
     returning name`,
    [name, periodMs / 1000],
  );
  return rows.length > 0;
}
