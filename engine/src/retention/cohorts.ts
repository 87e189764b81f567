import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/** What the database counts for one cohort: its size, and per period offset N how many returned. */
export const CohortCounts = z.object({
  /** The cohort's first day in the account's time zone (YYYY-MM-DD). */
  cohort: z.string(),
  size: z.number().int().positive(),
  /** Periods 0..observed-1 have begun before the end of the report. */
  observed: z.number().int().nonnegative(),
  /** returnedIn[N]: customers with a return event in period N exactly. */
  returnedIn: z.array(z.number().int().nonnegative()),
  /** lastReturnIn[N]: customers whose last return event so far is in period N. */
  lastReturnIn: z.array(z.number().int().nonnegative()),
});
export type CohortCounts = z.infer<typeof CohortCounts>;

/** One row of the retention triangle. */
export interface CohortRow {
  cohort: string;
  size: number;
  exact: Figure[];
  unbounded: Figure[];
}

/** The retention triangle and its mean curves (weighted by cohort size: returned over the cohorts' total size). */
export interface CohortTriangle {
  rows: CohortRow[];
  meanExact: Figure[];
  meanUnbounded: Figure[];
}

/** Returned-in-or-after-N counts from last-return counts: customers whose last return is in N or later. */
function inOrAfter(c: CohortCounts): number[] {
  const out: number[] = [];
  let running = 0;
  for (let n = c.observed - 1; n >= 0; n--) {
    running += c.lastReturnIn[n] ?? 0;
    out[n] = running;
  }
  return out;
}

/** Builds the triangle: N-period retention ("returned in exactly period N") and unbounded ("in N or later"). */
export function cohortTriangle(cohorts: CohortCounts[]): CohortTriangle {
  const rows = cohorts.map((c) => {
    const later = inOrAfter(c);
    const exact = Array.from({ length: c.observed }, (_, n) =>
      rate(c.returnedIn[n] ?? 0, c.size, `returnedInPeriod${n}`),
    );
    const unbounded = Array.from({ length: c.observed }, (_, n) =>
      rate(later[n] ?? 0, c.size, `returnedInPeriod${n}OrLater`),
    );
    return { cohort: c.cohort, size: c.size, exact, unbounded, later };
  });
  const longest = Math.max(0, ...cohorts.map((c) => c.observed));
  const mean = (pick: (r: (typeof rows)[number], n: number) => number, name: string) =>
    Array.from({ length: longest }, (_, n) => {
      const seen = rows.filter((r) => r.exact.length > n);
      return rate(
        seen.reduce((a, r) => a + pick(r, n), 0),
        seen.reduce((a, r) => a + r.size, 0),
        name,
      );
    });
  return {
    rows: rows.map(({ later: _later, ...row }) => row),
    meanExact: mean((r, n) => cohorts.find((c) => c.cohort === r.cohort)?.returnedIn[n] ?? 0, 'returned'),
    meanUnbounded: mean((r, n) => r.later[n] ?? 0, 'returned'),
  };
}

const rate = (returned: number, size: number, name: string): Figure =>
  figure(
    { [name]: returned, cohortSize: size },
    `${name} / cohortSize`,
    size,
    () => returned / size,
    'the cohort is empty',
  );
