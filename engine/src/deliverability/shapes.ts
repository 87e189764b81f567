import { z } from 'zod';

// Shapes of the deliverability API (sender identities, the doctor's report), shared by the server
// (OpenAPI) and the editor. Isomorphic: zod only.

/** A sender's id as journeys name it: lowercase letters, digits and "-". */
export const SenderId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and "-" (at most 64)');

/** What a marketer sets on a sender identity: the From name and address and an optional reply-to. */
export const SenderFields = z.strictObject({
  name: z.string().trim().min(1, 'give the name customers see, e.g. "Ada from Shop"').max(200),
  address: z.email('must be an email address, e.g. news@example.com'),
  replyTo: z.email('must be an email address, e.g. support@example.com').nullable().default(null),
});
export type SenderFields = z.infer<typeof SenderFields>;

/** A sender identity; `builtIn` is the default sender from MAIL_FROM, which the API cannot change. */
export const SenderShape = z.object({
  id: SenderId,
  name: z.string(),
  address: z.string(),
  replyTo: z.string().nullable(),
  builtIn: z.boolean(),
});
export type SenderShape = z.infer<typeof SenderShape>;

/** GET /v1/senders: the default sender first. */
export const SenderList = z.object({ senders: z.array(SenderShape) });

/** How one deliverability check came out. */
export const CheckStatus = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One check of the doctor: what it looked at, the outcome, what to do, and any DNS text to copy. */
export const DoctorCheck = z.object({
  id: z.string(),
  title: z.string(),
  status: CheckStatus,
  message: z.string(),
  /** Text to copy as is (DNS records). */
  copy: z.array(z.string()).default([]),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

/** GET /v1/deliverability/doctor. */
export const DoctorReport = z.object({
  status: CheckStatus,
  checks: z.array(DoctorCheck),
});
export type DoctorReport = z.infer<typeof DoctorReport>;
