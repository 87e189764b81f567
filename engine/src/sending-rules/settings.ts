import { IANAZone } from 'luxon';
import { z } from 'zod';

// The account's sending rules across journeys. No transforms: the settings round-trip through the API
// and the editor's form unchanged.

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour clock), e.g. "21:00"');

/** At most `max` marketing emails to one customer in any `days` × 24 hours (a rolling window). */
export const FrequencyCap = z.object({
  max: z.number().int().min(1).max(1000),
  days: z.number().int().min(1).max(365),
});
export type FrequencyCap = z.infer<typeof FrequencyCap>;

/** No marketing email between `start` and `end` on the customer's clock; `start` after `end` spans midnight. */
export const QuietHours = z
  .object({ start: TimeOfDay, end: TimeOfDay })
  .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] });
export type QuietHours = z.infer<typeof QuietHours>;

/**
 * Frequency caps (`caps`, counting every marketing email), per-group caps that replace them for the
 * emails of one subscription group (`groups`, counting that group's emails only), quiet hours, and the
 * account's time zone (for customers without a valid `timezone` trait). Transactional email is exempt.
 */
export const SendingSettings = z.object({
  caps: z.array(FrequencyCap).max(10).default([]),
  groups: z.record(z.string().min(1), z.object({ caps: z.array(FrequencyCap).max(10) })).default({}),
  quietHours: QuietHours.nullable().default(null),
  timezone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), { message: 'use an IANA time zone, e.g. "Europe/Amsterdam"' })
    .default('UTC'),
});
export type SendingSettings = z.infer<typeof SendingSettings>;

/** The settings before any were saved: no caps, no quiet hours. */
export const DEFAULT_SENDING_SETTINGS: SendingSettings = SendingSettings.parse({});

/** The subscription group of transactional email: never capped, never held for quiet hours. */
export const TRANSACTIONAL_GROUP = 'transactional';

/** How much a journey's sends may use: `high` may take the last slot of a cap, `normal` leaves it free. */
export const SendPriority = z.enum(['normal', 'high']);
export type SendPriority = z.infer<typeof SendPriority>;

/** What happens to a send over a cap or inside quiet hours: wait for the first allowed moment, or leave it out. */
export const OverLimit = z.enum(['defer', 'skip']);
export type OverLimit = z.infer<typeof OverLimit>;
