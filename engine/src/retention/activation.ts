import { z } from 'zod';
import { figure, known, unknown, type Figure } from './figure.ts';

/** The time-to-value buckets, by upper bound in seconds (the last is open). */
export const TTV_BUCKETS = [
  { label: 'under 1 hour', below: 3600 },
  { label: '1 hour to 1 day', below: 86_400 },
  { label: '1 to 7 days', below: 7 * 86_400 },
  { label: '7 to 30 days', below: 30 * 86_400 },
  { label: '30 days or more', below: Number.POSITIVE_INFINITY },
] as const;

/** Sign-ups of one period and what came of them, as SQL counts them. */
export const ActivationCounts = z.object({
  /** Customers whose first sign-up is in the period. */
  signedUp: z.number().int().nonnegative(),
  /** Of those, the ones with an activation event after signing up and before the period's end. */
  activated: z.number().int().nonnegative(),
  /** Median seconds from sign-up to activation of the activated ones (none when none activated). */
  medianSeconds: z.number().nullable(),
  /** Activated customers per TTV_BUCKETS entry. */
  distribution: z.array(z.number().int().nonnegative()).length(TTV_BUCKETS.length),
});
export type ActivationCounts = z.infer<typeof ActivationCounts>;

/** Activation rate: customers who signed up in the period and activated, over those who signed up. */
export function activationRate(a: ActivationCounts): Figure {
  return figure(
    { activated: a.activated, signedUp: a.signedUp },
    'activated / signedUp',
    a.signedUp,
    () => a.activated / a.signedUp,
    'no customer signed up in the period',
  );
}

/** Time to value: the median seconds from sign-up to activation, and how many took how long. */
export function timeToValue(a: ActivationCounts): {
  median: Figure;
  distribution: Array<{ label: string; count: number }>;
} {
  const median =
    a.medianSeconds === null
      ? unknown(
          { activated: a.activated },
          'median(activatedAt - signedUpAt) in seconds',
          'no customer who signed up in the period has activated',
        )
      : known(a.medianSeconds, { activated: a.activated }, 'median(activatedAt - signedUpAt) in seconds');
  return { median, distribution: TTV_BUCKETS.map((b, i) => ({ label: b.label, count: a.distribution[i] ?? 0 })) };
}
