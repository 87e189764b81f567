import { z } from 'zod';

/** What became of an email step's emails: sent, delivered (sent minus bounced), human opens and clicks, and the rest. */
export const EmailRates = z.object({
  sent: z.number(),
  delivered: z.number(),
  bounced: z.number(),
  opened: z.number(),
  clicked: z.number(),
  unsubscribed: z.number(),
  complained: z.number(),
});
export type EmailRates = z.infer<typeof EmailRates>;

/** GET /v1/journeys/:id/email-stats: per email step and template (every version), human opens and clicks only. */
export const EmailStats = z.object({
  journeyId: z.string(),
  steps: z.array(
    EmailRates.extend({
      stepId: z.string(),
      template: z.string(),
      /** opened / delivered, null before anything was delivered. */
      openRate: z.number().nullable(),
      /** clicked / delivered, null before anything was delivered. */
      clickRate: z.number().nullable(),
    }),
  ),
});
export type EmailStats = z.infer<typeof EmailStats>;
