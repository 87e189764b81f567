import { z } from 'zod';
import { EventMatch, ExperimentGoal, PropertyFilter } from '../model/index.ts';

/** A step is addressed by the id of the node it was compiled from. */
export const StepId = z.string().min(1);
export type StepId = z.infer<typeof StepId>;

const nextStep = StepId.nullable();

/** Pause for a fixed duration, or until the next local time of day on one of the given weekdays. */
export const DelayStep = z.object({
  kind: z.literal('delay'),
  id: StepId,
  next: nextStep,
  duration: z.object({ ms: z.number().positive() }).optional(),
  untilTime: z
    .object({ time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), weekdays: z.array(z.number().int().min(1).max(7)) })
    .optional(),
});
export type DelayStep = z.infer<typeof DelayStep>;

/** Wait for a matching event, up to timeoutMs. */
export const WaitStep = z.object({
  kind: z.literal('wait'),
  id: StepId,
  match: EventMatch,
  timeoutMs: z.number().positive(),
  received: nextStep,
  timeout: nextStep,
});
export type WaitStep = z.infer<typeof WaitStep>;

/** Go one way or the other, depending on a customer trait, a property of the trigger event, or of the event the last wait received. */
export const BranchStep = z.object({
  kind: z.literal('branch'),
  id: StepId,
  source: z.enum(['traits', 'trigger', 'received']),
  filter: PropertyFilter,
  yes: nextStep,
  no: nextStep,
});
export type BranchStep = z.infer<typeof BranchStep>;

/** A side effect, run as an activity (send an email, update the customer, ...). */
export const ActionStep = z.object({
  kind: z.literal('action'),
  id: StepId,
  nodeType: z.string(),
  activity: z.string(),
  config: z.record(z.string(), z.unknown()),
  next: nextStep,
  startToCloseTimeoutMs: z.number().positive(),
  maximumAttempts: z.number().int().positive(),
  /** Backoff between attempts as the node declares it; absent: 1 s, doubling, at most 5 minutes. */
  retry: z
    .object({
      initialIntervalMs: z.number().positive().optional(),
      backoffCoefficient: z.number().min(1).optional(),
      maximumIntervalMs: z.number().positive().optional(),
    })
    .optional(),
  /** How long the attempts may go on in all (e.g. an email through an SMTP outage); absent: only maximumAttempts bounds them. */
  retryForMs: z.number().positive().optional(),
  /** When the attempts run out: go on to `next`, or end the run with reason `failed`. Absent (plans compiled before it existed): exit. */
  onFailure: z.enum(['continue', 'exit']).optional(),
  /**
   * An action that answers with a branch (in-audience's yes / no): where each branch leads. The answer's
   * branch picks the next step; `next` is where a run goes that gives up and continues. Absent: always `next`.
   */
  branches: z.record(z.string(), nextStep).optional(),
});
export type ActionStep = z.infer<typeof ActionStep>;

/**
 * Send each customer down one arm of an experiment, by a sticky hash of (experiment key, userId).
 * The holdout arm (weight 0 = none) receives nothing further. Once a winner is chosen, every new
 * entrant goes to it and no exposure is recorded.
 */
export const SplitStep = z.object({
  kind: z.literal('split'),
  id: StepId,
  /** Fingerprint of the arms and weights: part of the experiment key, so assignments survive unrelated edits. */
  fingerprint: z.string(),
  arms: z.array(z.object({ name: z.string(), weight: z.number().positive(), next: nextStep })).min(2),
  holdout: z.number().min(0),
  winner: z.string().nullable(),
  /** How the test was planned (for the sample size) and whether a winner may be published automatically. */
  baselineRate: z.number(),
  minimumDetectableEffect: z.number(),
  autoWinner: z.boolean(),
});
export type SplitStep = z.infer<typeof SplitStep>;

/** Leave the journey here. */
export const ExitStep = z.object({ kind: z.literal('exit'), id: StepId });
export type ExitStep = z.infer<typeof ExitStep>;

/** One instruction of a compiled journey. */
export const Step = z.discriminatedUnion('kind', [DelayStep, WaitStep, BranchStep, SplitStep, ActionStep, ExitStep]);
export type Step = z.infer<typeof Step>;

/** A compiled journey version: what one customer's workflow interprets; it travels as JSON. */
export const Plan = z.object({
  journeyId: z.string(),
  version: z.number().int(),
  /**
   * The trigger: its node type and config (the router asks that type's `matches`), the event names it
   * listens to, and `event`, the first of them. Plans compiled before node types carried matchers have
   * only nodeId, event and where.
   */
  trigger: z.object({
    nodeId: StepId,
    event: z.string(),
    where: z.array(PropertyFilter),
    nodeType: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    events: z.array(z.string()).optional(),
  }),
  entry: nextStep,
  steps: z.record(StepId, Step),
  exitOn: z.array(EventMatch),
  reEntry: z.enum(['never', 'after-exit']),
  timezone: z.string(),
  interestingEvents: z.array(z.string()),
  templates: z.array(z.string()),
  nodeVersions: z.record(StepId, z.number().int()),
  /** The journey's experiment goal, when it has one (used by the simulator and the results). */
  goal: ExperimentGoal.optional(),
  /** Percent of entrants held out of the whole journey (absent: none); see journeyHoldoutKey. */
  holdout: z.number().min(0).max(90).optional(),
  /** How the journey's emails meet the account's caps and quiet hours (absent: normal priority, deferred). */
  sending: z.object({ priority: z.enum(['normal', 'high']), overLimit: z.enum(['defer', 'skip']) }).optional(),
});
export type Plan = z.infer<typeof Plan>;
