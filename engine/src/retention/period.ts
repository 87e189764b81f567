import { DateTime } from 'luxon';
import type { PeriodRequest } from './shapes.ts';

/** One bucket [start, end) as ISO instants (UTC). */
export interface Bucket {
  start: string;
  end: string;
}

/** At most this many buckets in one report, so a mistyped period (years by the day) is refused instead of answered at length. */
export const MAX_BUCKETS = 400;

/**
 * Cuts [start, end) into buckets that begin at `start` and step by one `granularity` in the account's
 * time zone (a day is a calendar day there, 23 or 25 hours across a DST change); the last bucket ends at `end`.
 */
export function bucketsOf(period: PeriodRequest, timeZone: string): Bucket[] {
  const end = DateTime.fromISO(period.end, { zone: timeZone });
  const first = DateTime.fromISO(period.start, { zone: timeZone });
  const buckets: Bucket[] = [];
  for (let i = 0; buckets.length < MAX_BUCKETS; i++) {
    const from = first.plus({ [`${period.granularity}s`]: i });
    if (from >= end) break;
    const to = DateTime.min(first.plus({ [`${period.granularity}s`]: i + 1 }), end);
    buckets.push({ start: from.toUTC().toISO()!, end: to.toUTC().toISO()! });
  }
  return buckets;
}

/** The same instant one year (in the account's time zone) earlier. */
export function yearBefore(instant: string, timeZone: string): string {
  return DateTime.fromISO(instant, { zone: timeZone }).minus({ years: 1 }).toUTC().toISO()!;
}
