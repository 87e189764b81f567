import { murmur3 } from './assignment.ts';

/**
 * How long after a local time of day ("send at 09:00") this run wakes, in whole milliseconds from 0 to
 * `maxMs`: a sticky murmur3 hash of `key` (the workflow id), so a crowd of customers due at the same
 * minute is spread evenly over the window, and a replayed run wakes at the very same moment.
 * @example wakeJitterMs('journey:loyalty:u1', 60_000) // the same number in 0..60000 every time
 */
export function wakeJitterMs(key: string, maxMs: number): number {
  if (!(maxMs > 0)) return 0;
  const whole = Math.floor(maxMs);
  return murmur3(`wake:${key}`) % (whole + 1);
}
