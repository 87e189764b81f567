import { DateTime, IANAZone } from 'luxon';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** The first moment strictly after nowMs when the clock in `zone` shows `time` (HH:MM) on one of the ISO weekdays (1 = Monday). */
export function nextLocalTime(nowMs: number, time: string, weekdays: readonly number[], zone: string): number {
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const days = weekdays.length > 0 ? weekdays : ALL_DAYS;
  const now = DateTime.fromMillis(nowMs, { zone });
  // Eight days always contain a wanted weekday after today's time has passed.
  for (let offset = 0; offset <= 8; offset += 1) {
    const candidate = now.startOf('day').plus({ days: offset }).set({ hour, minute, second: 0, millisecond: 0 });
    if (days.includes(candidate.weekday) && candidate.toMillis() > nowMs) return candidate.toMillis();
  }
  throw new Error(`No local time ${time} found within 8 days`); // unreachable with weekdays in 1..7
}

/** The zone a customer's clock runs in: their `timezone` trait when it is a valid IANA zone, else the journey's. */
export function customerZone(traits: Record<string, unknown>, fallback: string): string {
  const zone = traits['timezone'];
  return typeof zone === 'string' && IANAZone.isValidZone(zone) ? zone : fallback;
}
