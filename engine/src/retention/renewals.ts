import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/** Subscription renewals of one period, as SQL counts them. */
export const RenewalCounts = z.object({
  /** Renewal events in the period. */
  renewals: z.number().int().nonnegative(),
  /** Of those, the ones whose customer had stated (before renewing) when the contract in force would end. */
  withContractEnd: z.number().int().nonnegative(),
  /** Of those, the ones made before that contract end. */
  early: z.number().int().nonnegative(),
});
export type RenewalCounts = z.infer<typeof RenewalCounts>;

/** Early renewal rate: renewals made before the contract end in force, over the renewals whose contract end was known. */
export function earlyRenewalRate(c: RenewalCounts): Figure {
  return figure(
    { early: c.early, withContractEnd: c.withContractEnd, renewals: c.renewals },
    'early / withContractEnd',
    c.withContractEnd,
    () => c.early / c.withContractEnd,
    'no renewal in the period came after a known contract end date',
  );
}
