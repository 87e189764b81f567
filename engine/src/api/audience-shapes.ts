import { z } from 'zod';
import { AudienceCondition, AudienceDefinition } from '../audiences/index.ts';

// The shapes of /v1/audiences: what is sent and what is answered (schema and type under one name).

/** A stored audience: its definition, version, size now and times. */
export const AudienceRecordShape = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  definition: AudienceDefinition,
  size: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** POST and PUT answers: the audience, and what recomputing its membership changed. */
export const AudienceSaved = AudienceRecordShape.extend({
  backfill: z.object({ entered: z.number().int(), exited: z.number().int(), size: z.number().int() }),
});

/** GET /v1/audiences. */
export const AudienceList = z.object({ audiences: z.array(AudienceRecordShape) });

/** POST /v1/audiences/preview: a condition to count (nothing is saved). */
export const AudiencePreviewRequest = z.object({ condition: AudienceCondition });

/** The live count while a definition is edited: members out of all customers, and a sample of members. */
export const AudiencePreview = z.object({
  members: z.number().int(),
  customers: z.number().int(),
  sample: z.array(z.object({ userId: z.string(), traits: z.record(z.string(), z.unknown()) })),
});

/** Paging through members: after this user id, this many. */
export const MembersQuery = z.object({
  after: z.string().default(''),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** One page of an audience's current members; `next` is the `after` of the next page, absent on the last. */
export const MembersPage = z.object({
  members: z.array(z.object({ userId: z.string(), enteredAt: z.string() })),
  next: z.string().optional(),
});

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date: YYYY-MM-DD');

/** Which UTC days membership history covers (default: the last 30). */
export const HistoryQuery = z.object({ from: Day.optional(), to: Day.optional() });

/** Membership over time: per UTC day, who entered, who left, and the size at the day's end. */
export const AudienceHistory = z.object({
  days: z.array(
    z.object({ day: z.string(), entered: z.number().int(), exited: z.number().int(), size: z.number().int() }),
  ),
});

/** GET /v1/customers/:userId/audiences. */
export const CustomerAudiences = z.object({
  audiences: z.array(z.object({ audienceId: z.string(), name: z.string(), enteredAt: z.string() })),
});
