import { z } from 'zod';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/** The units a marketer can count time in. */
export const TimeUnit = z.enum(['seconds', 'minutes', 'hours', 'days', 'weeks']);
export type TimeUnit = z.infer<typeof TimeUnit>;

/** An amount of time as a form holds it: a positive whole number and a unit. */
export const Duration = z.object({ amount: z.number().int().positive(), unit: TimeUnit });
export type Duration = z.infer<typeof Duration>;

/** Milliseconds in `amount` `unit`s. */
export function durationMs(amount: number, unit: TimeUnit): number {
  return amount * UNIT_MS[unit];
}

/** "2 days", "1 hour". */
export function describeDuration(amount: number, unit: TimeUnit): string {
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}
