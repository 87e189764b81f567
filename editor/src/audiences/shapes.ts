import { z } from 'zod';
import { AudienceDefinition } from '@boomerang/engine/model';

// The answers of /v1/audiences the editor reads. The engine keeps its own copy in api/audience-shapes.ts,
// which its package does not export; these are built on the same AudienceDefinition and keep only what is shown.

/** A stored audience with its size now. */
export const AudienceRecord = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  definition: AudienceDefinition,
  size: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AudienceRecord = z.infer<typeof AudienceRecord>;

/** GET /v1/audiences. */
export const AudienceList = z.object({ audiences: z.array(AudienceRecord) });

/** POST /v1/audiences/preview: members out of all customers, and a sample of members. */
export const AudiencePreview = z.object({
  members: z.number().int(),
  customers: z.number().int(),
  sample: z.array(z.object({ userId: z.string(), traits: z.record(z.string(), z.unknown()) })),
});
export type AudiencePreview = z.infer<typeof AudiencePreview>;

/** GET /v1/audiences/:id/history: per UTC day, who entered, who left, the size at the day's end. */
export const AudienceHistory = z.object({
  days: z.array(
    z.object({ day: z.string(), entered: z.number().int(), exited: z.number().int(), size: z.number().int() }),
  ),
});
export type AudienceHistory = z.infer<typeof AudienceHistory>;

/** GET /v1/customers/:userId/audiences. */
export const CustomerAudiences = z.object({
  audiences: z.array(z.object({ audienceId: z.string(), name: z.string(), enteredAt: z.string() })),
});
