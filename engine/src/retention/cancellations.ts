import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/** Subscription cancellations of one period, as SQL counts them. */
export const CancellationCounts = z.object({
  /** Cancellation events in the period. */
  cancellations: z.number().int().nonnegative(),
  /** Of those, the ones that state when the contract would have ended. */
  withContractEnd: z.number().int().nonnegative(),
  /** Of those, the ones made before that contract end. */
  early: z.number().int().nonnegative(),
});
export type CancellationCounts = z.infer<typeof CancellationCounts>;

/** Early cancellation rate: cancellations made before the contract end, over the cancellations that state a contract end. */
export function earlyCancellationRate(c: CancellationCounts): Figure {
  return figure(
    { early: c.early, withContractEnd: c.withContractEnd, cancellations: c.cancellations },
    'early / withContractEnd',
    c.withContractEnd,
    () => c.early / c.withContractEnd,
    'no cancellation in the period stated when its contract would have ended',
  );
}
