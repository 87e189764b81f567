import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/** Customer counts of one period, as SQL counts them (see README, "Retention metrics"). */
export const CustomerCounts = z.object({
  /** CS: customers at the start of the period. */
  atStart: z.number().int().nonnegative(),
  /** CE: customers at the end of the period. */
  atEnd: z.number().int().nonnegative(),
  /** Customers at the end who were not customers at the start and never before: acquired during the period. */
  acquired: z.number().int().nonnegative(),
  /** Customers at the end who were not customers at the start but had been before: won back. */
  wonBack: z.number().int().nonnegative(),
});
export type CustomerCounts = z.infer<typeof CustomerCounts>;

/** CN: customers at the end who were not there at the start (acquired or won back); they never count as retained. */
const newAtEnd = (c: CustomerCounts) => c.acquired + c.wonBack;

/** Customer retention rate: (CE - CN) / CS, the share of the start's customers still customers at the end. */
export function customerRetentionRate(c: CustomerCounts): Figure {
  const inputs = { CS: c.atStart, CE: c.atEnd, CN: newAtEnd(c) };
  return figure(
    inputs,
    '(CE - CN) / CS',
    c.atStart,
    () => (c.atEnd - newAtEnd(c)) / c.atStart,
    'there were no customers at the start of the period, so none could be retained',
  );
}

/** Churn rate: customers of the start who are no longer customers at the end, over CS. */
export function churnRate(c: CustomerCounts): Figure {
  const lost = c.atStart - (c.atEnd - newAtEnd(c));
  return figure(
    { lost, CS: c.atStart },
    'lost / CS, where lost = CS - (CE - CN)',
    c.atStart,
    () => lost / c.atStart,
    'there were no customers at the start of the period, so none could be lost',
  );
}
