import { z } from 'zod';

/** What history `npm run demo` makes: how many customers, over how many months up to when, from which seed. */
export const DemoOptions = z.object({
  customers: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  months: z.coerce.number().int().min(1).max(60).default(12),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Extra page views per customer on average (spread over their life), for bigger histories: 7 makes about 20 events a customer. */
  extraActivity: z.coerce.number().min(0).max(1000).default(0),
  /** The end of the history (exclusive): every event happens before it. */
  end: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .transform((text) => new Date(text).toISOString()),
});
/** The live part of `npm run demo`: a starter journey with a holdout, and a recent slice of customers sent as live traffic. */
export const LiveOptions = z.object({
  live: z.boolean().default(true),
  /** The starter journey published with the holdout; its trigger should be the sign-up event. */
  journey: z.string().min(1).default('onboarding'),
  holdoutPercent: z.coerce.number().min(1, 'at least 1%').max(90, 'at most 90%').default(15),
  /** Customers who signed up in this many days before the end are live (keep it under HISTORICAL_AFTER_DAYS, 7). */
  liveDays: z.coerce.number().min(0.1).max(6).default(2),
  liveCustomers: z.coerce.number().int().min(1).max(2000).default(300),
});
/** Live options after validation. */
export type LiveOptions = z.output<typeof LiveOptions>;

/** Options as given (strings from the command line are coerced). */
export type DemoOptionsInput = z.input<typeof DemoOptions>;
/** Options after validation. */
export type DemoOptions = z.output<typeof DemoOptions>;
