import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/**
 * Active customers of one bucket by where they come from: new (first active bucket ever), returning
 * (active in the previous bucket too), resurrecting (active before, but not in the previous bucket),
 * and dormant (active in the previous bucket, not in this one).
 */
export const LifecycleCounts = z.object({
  bucket: z.string(),
  new: z.number().int().nonnegative(),
  returning: z.number().int().nonnegative(),
  resurrecting: z.number().int().nonnegative(),
  dormant: z.number().int().nonnegative(),
});
export type LifecycleCounts = z.infer<typeof LifecycleCounts>;

/** Quick ratio of one bucket: (new + resurrecting) / dormant, growth against loss. */
export function quickRatio(c: LifecycleCounts): Figure {
  return figure(
    { new: c.new, resurrecting: c.resurrecting, dormant: c.dormant },
    '(new + resurrecting) / dormant',
    c.dormant,
    () => (c.new + c.resurrecting) / c.dormant,
    'no customer went dormant in this bucket',
  );
}

/** Stickiness: the average number of customers active per day over the customers active in the whole period (DAU / MAU for a month). */
export function stickiness(s: { activeDays: number; days: number; activeInPeriod: number }): Figure {
  const inputs = { customerDays: s.activeDays, days: s.days, activeInPeriod: s.activeInPeriod };
  return figure(
    inputs,
    '(customerDays / days) / activeInPeriod',
    s.activeInPeriod * s.days,
    () => s.activeDays / s.days / s.activeInPeriod,
    'no customer was active in the period',
  );
}
