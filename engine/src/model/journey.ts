import { z } from 'zod';

// The journey JSON format. No transforms anywhere: a journey round-trips through JSON, the API and
// the editor's forms unchanged, so what a marketer saves is exactly what is validated and compiled.

/** A comparison on one property of an event or a customer, addressed by a dot path ("plan.name"). */
export const PropertyFilter = z.object({
  property: z.string().min(1),
  op: z.enum(['equals', 'not-equals', 'exists', 'not-exists', 'gt', 'gte', 'lt', 'lte', 'contains']),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type PropertyFilter = z.infer<typeof PropertyFilter>;

/** An event name plus filters on its properties; every filter must hold. */
export const EventMatch = z.object({
  event: z.string().min(1),
  where: z.array(PropertyFilter).default([]),
});
export type EventMatch = z.infer<typeof EventMatch>;

/** One box on the canvas: its type names a registered node definition, config is checked against it. */
export const JourneyNode = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'use 1 to 64 letters, digits, "-" or "_"'),
  type: z.string().min(1),
  /** The version of the node type the config was written for; the API fills it in when a journey is saved. */
  version: z.number().int().positive().optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});
export type JourneyNode = z.infer<typeof JourneyNode>;

/** An arrow from one node's branch ("next", "yes", "timeout", ...) to another node. */
export const JourneyEdge = z.object({
  from: z.string(),
  to: z.string(),
  branch: z.string().default('next'),
});
export type JourneyEdge = z.infer<typeof JourneyEdge>;

/**
 * What an experiment in the journey counts as success: the customer sends `event` (passing `where`)
 * within `withinDays` of reaching the split; `revenueProperty` names the event property holding revenue.
 */
export const ExperimentGoal = z.object({
  event: z.string().min(1),
  where: z.array(PropertyFilter).default([]),
  revenueProperty: z.string().min(1).optional(),
  withinDays: z.number().int().min(1).max(365).default(30),
});
export type ExperimentGoal = z.infer<typeof ExperimentGoal>;

/** Journey-wide rules: who may enter again, which events end a run, the default timezone, the experiment goal. */
export const JourneySettings = z.object({
  reEntry: z.enum(['never', 'after-exit']).default('never'),
  exitOn: z.array(EventMatch).default([]),
  timezone: z.string().default('UTC'),
  goal: ExperimentGoal.optional(),
  /**
   * The share of entrants, in percent, held out to measure what the journey does: chosen by a sticky hash
   * of the journey and the customer, recorded, and sent nothing. Absent or 0: everyone takes the journey.
   */
  holdout: z.number().min(0).max(90).optional(),
  /** The sender identity (GET /v1/senders) the journey's emails go out as, unless a step names another; absent: the default sender. */
  // The editor's sender picker (the `sender` widget of nodes/field-hints.ts; model sits below nodes, so the hint is written out).
  sender: z.string().min(1).optional().meta({ widget: 'sender', title: 'From' }),
  /** False: the journey's emails carry no tracked links and no open pixel, even with TRACKING on; absent: tracked. */
  tracking: z.boolean().optional().meta({
    title: 'Track opens and clicks',
    description:
      'Unset: tracked while TRACKING is on. Off (false): no tracked links and no open pixel in this journey.',
  }),
  /** `high`: this journey's emails may take the last slot of a frequency cap; absent: normal (they leave it free). */
  priority: z.enum(['normal', 'high']).optional().meta({
    title: 'Priority',
    description:
      'High: may take the last slot of a frequency cap. Normal: leaves that last slot to high-priority journeys.',
  }),
  /** An email over a frequency cap or inside quiet hours: `defer` (absent) waits for the first allowed moment, `skip` leaves it out. */
  overLimit: z.enum(['defer', 'skip']).optional().meta({
    title: 'Over a cap or in quiet hours',
    description: 'Defer: send at the first allowed moment. Skip: leave the email out and go on.',
  }),
});
export type JourneySettings = z.infer<typeof JourneySettings>;

/** A whole journey as the editor saves it and the API stores it. */
export const Journey = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and "-" (at most 64)'),
  name: z.string().min(1),
  description: z.string().optional(),
  // prefault, not default: zod 4 returns a default as-is, and the inner defaults must still apply.
  settings: JourneySettings.prefault({}),
  nodes: z.array(JourneyNode),
  edges: z.array(JourneyEdge),
});
export type Journey = z.infer<typeof Journey>;

/** What can be wrong with a journey; the editor keys its hints on these. */
export const ViolationCode = z.enum([
  'invalid-journey',
  'no-trigger',
  'several-triggers',
  'unknown-node-type',
  'invalid-config',
  'dangling-edge',
  'unknown-branch',
  'unreachable',
  'missing-branch',
  'instant-cycle',
  'unknown-template',
  'unknown-sender',
  'unknown-subscription-group',
  'unknown-audience',
  'duplicate-node-id',
  'invalid-timezone',
  'several-edges-from-branch',
  'outdated-node-version',
  'newer-node-version',
  'invalid-step-reference',
]);
export type ViolationCode = z.infer<typeof ViolationCode>;

/** One problem in a journey, located on a node (or on the journey when nodeId is null). */
export const Violation = z.object({
  nodeId: z.string().nullable(),
  code: ViolationCode,
  message: z.string(),
  path: z.string().optional(),
});
export type Violation = z.infer<typeof Violation>;
