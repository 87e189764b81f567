import { z } from 'zod';
import { TRANSACTIONAL_GROUP } from '../sending-rules/settings.ts';

// Subscription groups: the topics a customer can join or leave. Isomorphic (zod and the sending rules' pure constants), shared by the
// engine, the API document and the editor.

// What an email step names instead of a group when its mail is not marketing (receipts, password resets).
export { TRANSACTIONAL_GROUP };

/** A group's id as email steps and traits name it: lower-case letters, digits and dashes; `transactional` is taken. */
export const GroupId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    error: 'must be 1-63 lower-case letters, digits or dashes, starting with a letter or digit (e.g. product-news)',
  })
  .refine((id) => id !== TRANSACTIONAL_GROUP, {
    error: `"${TRANSACTIONAL_GROUP}" is what an email step names for non-marketing mail, not a group`,
  });

/** Whether a customer is in a group until they choose: opt-in (out until they join) or opt-out (in until they leave). */
export const GroupDefault = z.enum(['opt-in', 'opt-out']);
export type GroupDefault = z.infer<typeof GroupDefault>;

/** A subscription group. */
export const SubscriptionGroup = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  default: GroupDefault,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubscriptionGroup = z.infer<typeof SubscriptionGroup>;

/** GET /v1/subscription-groups: every group, by name. */
export const SubscriptionGroupList = z.object({ groups: z.array(SubscriptionGroup) });

/** POST /v1/subscription-groups: a new group. */
export const SubscriptionGroupCreate = z.strictObject({
  id: GroupId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(1000).optional(),
  default: GroupDefault,
});
export type SubscriptionGroupCreate = z.infer<typeof SubscriptionGroupCreate>;

/** PUT /v1/subscription-groups/:id: the fields to change. */
export const SubscriptionGroupUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(1000).nullable().optional(),
  default: GroupDefault.optional(),
});
export type SubscriptionGroupUpdate = z.infer<typeof SubscriptionGroupUpdate>;

/** Where a change of a customer's groups came from (the `source` of the Joined / Left events). */
export const ChangeSource = z.enum(['page', 'one-click', 'api', 'identify', 'import']);
export type ChangeSource = z.infer<typeof ChangeSource>;

/** One customer's state in one group: in or out, and whether that is their choice or the group's default. */
export const GroupState = z.object({
  group: z.string(),
  name: z.string(),
  subscribed: z.boolean(),
  /** `default` while the customer never chose; else where their last choice came from. */
  source: z.union([ChangeSource, z.literal('default')]),
  changedAt: z.string().nullable(),
});
export type GroupState = z.infer<typeof GroupState>;

/** GET /v1/customers/:id/subscription-groups: every group's state, and whether the customer left all email. */
export const CustomerGroupStates = z.object({
  userId: z.string(),
  unsubscribedFromAll: z.boolean(),
  groups: z.array(GroupState),
});
export type CustomerGroupStates = z.infer<typeof CustomerGroupStates>;

/** PUT /v1/customers/:id/subscription-groups: in (true) or out (false) per group id (an id of no group is a 422). */
export const GroupChoices = z.record(z.string().min(1).max(63), z.boolean());
export type GroupChoices = z.infer<typeof GroupChoices>;
