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
  /** The end of the history (exclusive): every event happens before it. */
  end: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .transform((text) => new Date(text).toISOString()),
});
/** Options as given (strings from the command line are coerced). */
export type DemoOptionsInput = z.input<typeof DemoOptions>;
/** Options after validation. */
export type DemoOptions = z.output<typeof DemoOptions>;
