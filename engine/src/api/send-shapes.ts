import { z } from 'zod';

// What the sends API answers, shared by the server (OpenAPI) and the editor's Sends page. Isomorphic: zod only.

/** Statuses a send can be listed by. */
export const SendStatusName = z.enum([
  'preparing',
  'sending',
  'sent',
  'failed',
  'in-doubt',
  'skipped-unsubscribed',
  'skipped-no-email',
  'skipped-invalid-email',
  'skipped-suppressed',
  'skipped-unsubscribed-group',
]);

/** One send as the API shows it. */
export const SendShape = z.object({
  idempotencyKey: z.string(),
  userId: z.string(),
  journeyId: z.string().nullable(),
  version: z.number().nullable(),
  stepId: z.string().nullable(),
  template: z.string(),
  recipient: z.string().nullable(),
  subject: z.string().nullable(),
  status: SendStatusName,
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  resendOf: z.string().nullable(),
});
/** GET /v1/sends: the sends, each with its latest resend. */
export const SendsAnswer = z.object({
  sends: z.array(
    SendShape.extend({
      lastResend: z.object({ idempotencyKey: z.string(), status: SendStatusName, at: z.string() }).nullable(),
    }),
  ),
});
/** POST /v1/sends/:key/resend: the resend's own line of the message log; `repeated` when this request had been answered before. */
export const ResendAnswer = z.object({ resend: SendShape, repeated: z.boolean() });
