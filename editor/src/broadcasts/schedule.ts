import type { Broadcast } from './progress.ts';

// When a broadcast starts, in words: an instant in the viewer's clock, or a wall-clock time that each
// recipient reaches in their own time zone (then `startAt` is only when the broadcast was made).

/**
 * When the broadcast starts, as the broadcast's page says it.
 * @example startText({ startAt: '2026-06-01T08:00:00Z', localTime: { date: '2027-03-01', time: '10:00' } })
 *   // "at 10:00 on 2027-03-01 in each customer's time zone"
 */
export function startText(b: Pick<Broadcast, 'startAt' | 'localTime'>): string {
  return b.localTime
    ? `at ${b.localTime.time} on ${b.localTime.date} in each customer's time zone`
    : `from ${new Date(b.startAt).toLocaleString()}`;
}

/**
 * When the broadcast starts, as the list's Starts column says it.
 * @example startsColumnText({ startAt: '2026-06-01T08:00:00Z', localTime: { date: '2027-03-01', time: '10:00' } })
 *   // "2027-03-01 10:00, each customer's local time"
 */
export function startsColumnText(b: Pick<Broadcast, 'startAt' | 'localTime'>): string {
  return b.localTime
    ? `${b.localTime.date} ${b.localTime.time}, each customer's local time`
    : new Date(b.startAt).toLocaleString();
}
