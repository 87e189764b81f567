import type { FrequencyCap, SendPriority } from './settings.ts';

const DAY_MS = 86_400_000;

/** How many emails a cap lets a journey of this priority bring the count to: normal ones leave the last slot (of a cap above 1) to high-priority journeys. */
export function capLimit(cap: FrequencyCap, priority: SendPriority): number {
  return priority === 'high' || cap.max < 2 ? cap.max : cap.max - 1;
}

/**
 * The first moment from `nowMs` on when one more email keeps every cap, given when the counted emails
 * were sent (each leaves a cap's window `days` × 24 h after it was sent); `nowMs` itself when it fits now.
 * @example firstFreeMoment([{ max: 1, days: 1 }], [t], t + 1000, 'normal') // t + 86_400_000
 */
export function firstFreeMoment(
  caps: readonly FrequencyCap[],
  sentAtMs: readonly number[],
  nowMs: number,
  priority: SendPriority,
): number {
  let free = nowMs;
  for (const cap of caps) {
    const windowMs = cap.days * DAY_MS;
    const inWindow = sentAtMs.filter((t) => t > nowMs - windowMs && t <= nowMs).sort((a, b) => a - b);
    const limit = capLimit(cap, priority);
    // The count drops below the limit once the oldest (count - limit + 1) emails have left the window.
    const oldestToLeave = inWindow[inWindow.length - limit];
    if (inWindow.length >= limit && oldestToLeave !== undefined) free = Math.max(free, oldestToLeave + windowMs);
  }
  return free;
}

/** The longest window of these caps in milliseconds (how far back sends must be counted); 0 without caps. */
export function longestWindowMs(caps: readonly FrequencyCap[]): number {
  return Math.max(0, ...caps.map((c) => c.days * DAY_MS));
}
