import type { Queryable } from './database.ts';
import type { Parameters } from './retention-sql.ts';

/** One cohort's counts from the database: size, and per period offset who returned in it, and whose last return it is. */
export interface CohortRows {
  cohort: string;
  size: number;
  returnedIn: Map<number, number>;
  lastReturnIn: Map<number, number>;
}

/** The two relations a cohort triangle is made of; each is the text of one or more CTEs (without `with`). */
export interface TriangleSources {
  /** Ends with `cohort(user_id, c)`: each customer and the start of their cohort period (a local date or timestamp). */
  cohort: string;
  /** Ends with `returns(user_id, c, n)`: one row per customer, cohort and period offset n in which they returned. */
  returns: string;
}

/**
 * Counts the triangle from `cohort` and `returns` (whose placeholders live in `p`): per cohort its size,
 * how many returned in each period offset, and for how many that offset was their last return.
 */
export async function cohortTriangleRows(db: Queryable, p: Parameters, from: TriangleSources): Promise<CohortRows[]> {
  const rows = await db.query<{ cohort: string; n: number | null; exact: unknown; last: unknown; size: unknown }>(
    `with ${from.cohort},
    ${from.returns},
    exact as (select c, n, count(*) as exact from returns group by c, n),
    last as (select c, n, count(*) as last from (select user_id, c, max(n) as n from returns group by user_id, c) t group by c, n),
    sizes as (select c, count(*) as size from cohort group by c)
    select to_char(s.c, 'YYYY-MM-DD') as cohort, s.size, x.n, x.exact, l.last from sizes s
      left join exact x on x.c = s.c left join last l on l.c = s.c and l.n = x.n
    order by s.c, x.n`,
    p.values,
  );
  return cohortRowsOfRows(rows);
}

/** Query rows (cohort, size, n, exact, last), ordered by cohort, as cohort rows; n is null for a cohort with no return. */
export function cohortRowsOfRows(
  rows: Array<{ cohort: string; n: number | null; exact: unknown; last: unknown; size: unknown }>,
): CohortRows[] {
  const byCohort = new Map<string, CohortRows>();
  for (const r of rows) {
    const row = byCohort.get(r.cohort) ?? {
      cohort: r.cohort,
      size: Number(r.size),
      returnedIn: new Map(),
      lastReturnIn: new Map(),
    };
    byCohort.set(r.cohort, row);
    if (r.n === null) continue;
    row.returnedIn.set(Number(r.n), Number(r.exact));
    if (r.last !== null) row.lastReturnIn.set(Number(r.n), Number(r.last));
  }
  return [...byCohort.values()];
}
