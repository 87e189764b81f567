import { z } from 'zod';
import { PropertyFilter } from './journey.ts';

/** Appended when a customer joins an audience; properties: audienceId, audienceName. */
export const AUDIENCE_ENTERED = 'Audience Entered';
/** Appended when a customer leaves an audience; properties: audienceId, audienceName. */
export const AUDIENCE_EXITED = 'Audience Exited';

// The audience definition format: a tree of conditions on a customer's traits, behaviour and journeys.
// No transforms (like journeys): a definition round-trips through JSON, the API and the editor's form.

const Days = z.number().int().min(1).max(3650);

/** A trait compared with a value, with the journey filter operators (`plan equals "pro"`). */
export const TraitCondition = PropertyFilter.extend({ kind: z.literal('trait') });
export type TraitCondition = z.infer<typeof TraitCondition>;

/**
 * A date trait (an ISO 8601 string: `2026-05-01` or `2026-05-01T10:00:00Z`, with an offset or Z) against
 * now: `within-next` 3 days (now ≤ date < now + 3 days), `within-last` (date ≤ now < date + N),
 * `more-than-ago` (now ≥ date + N), `more-than-ahead` (now < date − N). A missing or unreadable date matches none.
 */
export const TraitDateCondition = z.object({
  kind: z.literal('trait-date'),
  property: z.string().min(1),
  when: z.enum(['within-next', 'within-last', 'more-than-ago', 'more-than-ahead']),
  days: Days,
});
export type TraitDateCondition = z.infer<typeof TraitDateCondition>;

/**
 * The customer sent `event` (passing every `where` filter) at least / at most / exactly `times` times,
 * counted over the last `withinDays` days (by the events' timestamps) or ever when absent.
 * "Never" is `at-most 0`.
 */
export const PerformedCondition = z.object({
  kind: z.literal('performed'),
  event: z.string().min(1),
  where: z.array(PropertyFilter).default([]),
  op: z.enum(['at-least', 'at-most', 'exactly']).default('at-least'),
  times: z.number().int().min(0).max(1_000_000).default(1),
  withinDays: Days.optional(),
});
export type PerformedCondition = z.infer<typeof PerformedCondition>;

/** The customer is in journey X now (`in`), has finished it (`completed`), or ever entered it (`entered`). */
export const JourneyCondition = z.object({
  kind: z.literal('journey'),
  journeyId: z.string().min(1),
  state: z.enum(['in', 'completed', 'entered']).default('in'),
});
export type JourneyCondition = z.infer<typeof JourneyCondition>;

/** The customer was assigned `arm` ("B") by a split of journey X (any split of it, or `splitId`). */
export const ArmCondition = z.object({
  kind: z.literal('arm'),
  journeyId: z.string().min(1),
  splitId: z.string().min(1).optional(),
  arm: z.string().min(1),
});
export type ArmCondition = z.infer<typeof ArmCondition>;

/** A condition of an audience: a leaf, or all / any / not of other conditions. */
export type AudienceCondition =
  | TraitCondition
  | TraitDateCondition
  | PerformedCondition
  | JourneyCondition
  | ArmCondition
  | { kind: 'all'; of: AudienceCondition[] }
  | { kind: 'any'; of: AudienceCondition[] }
  | { kind: 'not'; condition: AudienceCondition };

/** What a definition can be given as (defaults not yet filled in). */
export type AudienceConditionInput = z.input<typeof AudienceCondition>;

/** Every condition holds (AND). */
export const AllCondition = z.object({
  kind: z.literal('all'),
  get of() {
    return z.array(AudienceCondition).min(1).max(100);
  },
});

/** At least one condition holds (OR). */
export const AnyCondition = z.object({
  kind: z.literal('any'),
  get of() {
    return z.array(AudienceCondition).min(1).max(100);
  },
});

/** The condition does not hold (NOT). */
export const NotCondition = z.object({
  kind: z.literal('not'),
  get condition() {
    return AudienceCondition;
  },
});

/** One condition of an audience definition, discriminated by `kind`. */
export const AudienceCondition: z.ZodType<AudienceCondition> = z.discriminatedUnion('kind', [
  TraitCondition,
  TraitDateCondition,
  PerformedCondition,
  JourneyCondition,
  ArmCondition,
  AllCondition,
  AnyCondition,
  NotCondition,
]);

/** An audience as it is saved: an id, a name and the condition every member meets. */
export const AudienceDefinition = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and "-" (at most 64)'),
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  condition: AudienceCondition,
});
export type AudienceDefinition = z.infer<typeof AudienceDefinition>;

/** The definition format as JSON Schema, for forms (the editor's audience builder) and API readers. */
export function audienceJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AudienceDefinition, { io: 'input', unrepresentable: 'any' });
}
