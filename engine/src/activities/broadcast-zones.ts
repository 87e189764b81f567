import { DateTime, IANAZone } from 'luxon';
import type { InvalidZone, LocalTime, ZoneGroup, ZonePlan } from '../temporal/contract.ts';

const HOUR_MS = 3_600_000;

/**
 * The instant a wall-clock date and time comes in `zone`. The offset is the one in force at that local
 * time; a time that happens twice (clocks go back) is its first occurrence; a time that never happens
 * (clocks go forward) is read with the offset before the gap, so it moves forward by the gap (02:30
 * on a spring-forward day at 02:00 becomes 03:30). This is the rule of RFC 5545 (iCalendar).
 */
export function localInstant(local: LocalTime, zone: string): number {
  const [year = 0, month = 1, day = 1] = local.date.split('-').map(Number);
  const [hour = 0, minute = 0] = local.time.split(':').map(Number);
  const wanted = { year, month, day, hour, minute };
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  const shows = (ms: number) => {
    const t = DateTime.fromMillis(ms, { zone });
    return t.year === year && t.month === month && t.day === day && t.hour === hour && t.minute === minute;
  };
  // The offsets in force around that day: the wall time read with each, kept when the clock shows it then.
  const offsets = [-24, -3, 0, 3, 24].map((h) => DateTime.fromMillis(asIfUtc + h * HOUR_MS, { zone }).offset);
  const candidates = offsets.map((o) => asIfUtc - o * 60_000).filter(shows);
  if (candidates.length > 0) return Math.min(...candidates);
  // A local time in a gap: luxon reads it with the offset before the gap, i.e. moves it forward.
  return DateTime.fromObject(wanted, { zone }).toMillis();
}

/** How many members have each value of the `timezone` trait (null: none). */
export interface ZoneTally {
  zone: string | null;
  members: number;
}

/**
 * Groups an audience's members by the instant the local time comes in their zone, earliest first.
 * Members without a valid zone get `fallbackZone` (the account's); invalid values are reported.
 */
export function planZones(tallies: readonly ZoneTally[], local: LocalTime, fallbackZone: string): ZonePlan {
  const groups = new Map<number, ZoneGroup>();
  const invalidZones: InvalidZone[] = [];
  for (const { zone, members } of tallies) {
    const valid = zone !== null && IANAZone.isValidZone(zone);
    if (zone !== null && !valid) invalidZones.push({ zone, members });
    const sendAtMs = localInstant(local, valid ? zone : fallbackZone);
    const group = groups.get(sendAtMs) ?? {
      sendAt: new Date(sendAtMs).toISOString(),
      zones: [],
      unzoned: false,
      members: 0,
    };
    if (valid) group.zones.push(zone);
    else group.unzoned = true;
    group.members += members;
    groups.set(sendAtMs, group);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => ({ ...g, zones: g.zones.sort() }));
  return { groups: ordered, fallbackZone, invalidZones: invalidZones.sort((a, b) => a.zone.localeCompare(b.zone)) };
}
