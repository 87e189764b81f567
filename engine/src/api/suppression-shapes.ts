import { z } from 'zod';

// What the suppression-list API reads and answers, shared by the server (OpenAPI) and the editor's
// Suppressions page. Isomorphic: zod only.

/** Why an address is suppressed: a hard bounce, repeated soft bounces, a complaint, or by hand. */
export const SuppressionReason = z.enum(['hard-bounce', 'soft-bounce', 'complaint', 'manual']);

/** One address on the suppression list. */
export const SuppressionShape = z.object({
  address: z.string(),
  reason: SuppressionReason,
  source: z
    .string()
    .meta({ description: 'What reported it: smtp (refused while sending), dsn, bounce-mail, arf, api' }),
  detail: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: z.string(),
});
export type SuppressionShape = z.infer<typeof SuppressionShape>;

/** GET /v1/suppressions: a page of the list, newest first, and how many match in all. */
export const SuppressionList = z.object({ suppressions: z.array(SuppressionShape), total: z.number().int() });

/** GET /v1/suppressions query: part of an address to search for, and the page. */
export const SuppressionQuery = z.object({
  search: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** POST /v1/suppressions: an address to stop mailing, with an optional note. */
export const SuppressionAdd = z.strictObject({
  address: z.email({ error: 'must be one email address, e.g. ann@example.com' }).max(320),
  note: z.string().max(500).optional(),
});

/** The address of DELETE /v1/suppressions/:address. */
export const SuppressionParams = z.object({ address: z.string().min(1).max(320) });

/** DELETE /v1/suppressions/:address answers 204 with no body. */
export const SuppressionRemoved = z.undefined();
