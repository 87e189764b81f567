import { z } from 'zod';

/** A wall-clock date and time, read in each recipient's `timezone` trait (else the account's zone). */
export const LocalTime = z.object({
  date: z.iso.date(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00 to 23:59)'),
});

/** The highest `ratePerSecond` a broadcast may ask for. */
export const MAX_BROADCAST_RATE = 10_000;

/**
 * What creating a broadcast takes: the audience, the template to send or the journey to enter (exactly
 * one), when (an instant, or a local time in each recipient's zone), how fast, and an optional holdout.
 */
export const BroadcastRequest = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, at most 64'),
  name: z.string().min(1).max(200).optional(),
  audienceId: z.string().min(1),
  template: z.string().min(1).optional(),
  /** Enter each recipient into this live journey instead of sending a template. */
  journeyId: z.string().min(1).optional(),
  subject: z.string().min(1).max(300).optional(),
  /** ISO 8601 instant; absent: now. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** Deliver at this local time in each recipient's zone (instead of startAt). */
  localTime: LocalTime.optional(),
  /** Emails (or journey entries) a second, at most MAX_BROADCAST_RATE. */
  ratePerSecond: z
    .number()
    .positive('emails per second must be more than 0')
    .max(MAX_BROADCAST_RATE, `at most ${MAX_BROADCAST_RATE.toLocaleString('en')} emails per second`)
    .default(10),
  holdoutPercent: z.number().min(0).max(90).default(0),
});
export type BroadcastRequest = z.infer<typeof BroadcastRequest>;

const Counts = z.object({
  sent: z.number(),
  skipped: z.record(z.string(), z.number()),
  failed: z.number(),
  inDoubt: z.number(),
  heldOut: z.number(),
  enrolled: z.number(),
  total: z.number().nullable(),
});

/** A broadcast with its state and counts. */
export const BroadcastShape = z.object({
  id: z.string(),
  name: z.string(),
  audienceId: z.string(),
  template: z.string().nullable(),
  journeyId: z.string().nullable(),
  subject: z.string().nullable(),
  ratePerSecond: z.number(),
  holdoutPercent: z.number(),
  startAt: z.string(),
  localTime: LocalTime.nullable(),
  state: z.enum(['scheduled', 'sending', 'paused', 'cancelled', 'completed']),
  workflowId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  counts: Counts,
});

/** Every broadcast, newest first. */
export const BroadcastList = z.object({ broadcasts: z.array(BroadcastShape) });

/** A page of recipients (`next` is the next page's `after`). */
export const RecipientsPage = z.object({
  recipients: z.array(
    z.object({
      userId: z.string(),
      status: z.string(),
      reason: z.string().nullable(),
      messageKey: z.string().nullable(),
      updatedAt: z.string(),
    }),
  ),
  next: z.string().optional(),
});

/** The recipients query: a page after a user id, optionally of one status. */
export const RecipientsQuery = z.object({
  after: z.string().default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  status: z.string().optional(),
});
