// The Temporal contract, defined once: the names on the wire and the shapes that cross them. The
// workflow bundle imports this file, so it holds plain constants and types only (nothing from Node).
// The names must never change: running workflows and recorded histories carry them.
import type { Command, JourneyEvent, Plan, RunState } from '../interpreter/index.ts';

/** The workflow type of one customer's run of one journey version. */
export const JOURNEY_WORKFLOW = 'journeyWorkflow';
/** The signal the router delivers every interesting customer event through. */
export const EVENT_SIGNAL = 'event';
/** The query that says where a run is now. */
export const PROGRESS_QUERY = 'progress';
/** The task queue the worker polls and the router starts runs on, unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'boomerang-journeys';

/** An event the router delivers to a running journey, with the customer's traits at that moment. */
export interface DeliveredEvent extends JourneyEvent {
  traits?: Record<string, unknown>;
}

/** What the router starts a run with: the plan is pinned here, so later publishes never touch this run. */
export interface JourneyInput {
  journeyId: string;
  version: number;
  plan: Plan;
  userId: string;
  traits: Record<string, unknown>;
  trigger: DeliveredEvent;
  /** Set only by a run that continued as new: where it stood, handed to its successor. */
  continued?: JourneyCarryOver | undefined;
  /** Continue as new once the history has this many events (default JOURNEY_HISTORY_BOUND; tests set fewer). */
  historyBound?: number | undefined;
  /** The most a wake-up at a local time of day is spread by (default WAKE_JITTER_MS; 0 turns it off). */
  wakeJitterMs?: number | undefined;
}

/** A run continues as new before its history has this many events (Temporal warns at 10,240 and stops at 51,200). */
export const JOURNEY_HISTORY_BOUND = 2_000;
/** How many recent event messageIds a run keeps to drop the router's repeats; older ones are forgotten. */
export const SEEN_MESSAGES_KEPT = 500;
/** The most a wake-up at a local time of day ("send at 09:00") is spread by, so a crowd does not wake at once. */
export const WAKE_JITTER_MS = 60_000;

/**
 * What a run hands to the run it continues as: the interpreter's state with the outstanding command
 * (a delay or a wait; deadlines are absolute), the traits, the recent messageIds and the emails sent so far.
 * `state.path` holds only the steps not yet recorded.
 */
export interface JourneyCarryOver {
  state: RunState;
  command: Command;
  traits: Record<string, unknown>;
  seen: string[];
  emailsSent: number;
  /** How many runs came before this one in the chain (1 for the first successor). */
  generation: number;
}

/** How a run ended. */
export interface JourneyOutcome {
  reason: 'completed' | 'exit-node' | 'exit-on' | 'failed' | 'holdout';
  stepId: string | null;
  emailsSent: number;
}

/** What the progress query answers: the step and the event it waits for. */
export interface JourneyProgress {
  stepId: string | null;
  waitingFor: string | null;
  /** Emails this enrollment has sent so far, across runs that continued as new (absent from older workers). */
  emailsSent?: number;
  /** How many times the enrollment has continued as new (absent from older workers). */
  continuedTimes?: number;
}

/** What every step activity receives from the workflow. */
export interface StepInput {
  workflowId: string;
  /** The first run of the enrollment: a run that continued as new keeps it, so idempotency keys stay the enrollment's. */
  runId: string;
  journeyId: string;
  version: number;
  userId: string;
  stepId: string;
  /** How many times the run has reached this step (loops), part of the idempotency key. */
  iteration: number;
  nodeType: string;
  /** The node type's version the config was compiled for (absent in runs started before versions travelled). */
  nodeVersion?: number | undefined;
  config: Record<string, unknown>;
  trigger: { messageId: string; event: string; properties: Record<string, unknown>; timestamp: string };
  traits: Record<string, unknown>;
}

/** What a step activity returns: the customer's traits afterwards, whether an email left, and the branch the run takes (actions with branches only). */
export interface StepResult {
  traits: Record<string, unknown>;
  emailSent: boolean;
  branch?: string;
}

/**
 * ApplicationFailure types of a send that did not go out. The workflow records "SendInDoubt" as an
 * in-doubt step (the email may have arrived, so the run goes on); every other failure as failed.
 */
export type SendFailureType = 'SendFailed' | 'SendRefused' | 'SendInDoubt' | 'TemplateBroken' | 'GroupMissing';

/** The shape of every step activity (send email, update customer, custom actions). */
export type StepActivity = (input: StepInput) => Promise<StepResult>;

/** A run's progress report, recorded for node counts and the customer page. */
export interface ProgressInput {
  workflowId: string;
  journeyId: string;
  version: number;
  userId: string;
  stepId: string | null;
  status: string;
  ended: boolean;
  /** Steps the run went through since its previous report (absent from runs started before this existed). */
  passed?: string[];
}

/** A customer reached a split and landed in `variant`; only the first exposure per experiment counts. */
export interface ExposureInput {
  workflowId: string;
  journeyId: string;
  version: number;
  userId: string;
  splitId: string;
  experimentKey: string;
  variant: string;
  exposedAt: string;
}

/**
 * The activities the journey workflow calls by these names. Each action step also calls the activity
 * its node type names (`ActionStep.activity`, a `StepActivity`), looked up by that name at run time.
 */
export interface JourneyActivities {
  recordProgress(input: ProgressInput): Promise<void>;
  recordExposure(input: ExposureInput): Promise<void>;
  /** Asks the caps and quiet hours whether a marketing email may go now, reserving its slot if so. */
  reserveSendSlot(input: SendSlotInput): Promise<SendSlotAnswer>;
}

/** A send step asking for a slot under the account's caps and quiet hours; `nowMs` is the workflow's clock. */
export interface SendSlotInput {
  workflowId: string;
  runId: string;
  journeyId: string;
  userId: string;
  stepId: string;
  iteration: number;
  /** The step's subscription group, if it names one. */
  group?: string | undefined;
  priority: 'normal' | 'high';
  traits: Record<string, unknown>;
  nowMs: number;
}

/** Whether the email may go now; if not, why and the first moment it may. */
export type SendSlotAnswer = { allowed: true } | { allowed: false; reason: 'capped' | 'quiet-hours'; untilMs: number };

/** The workflow type of one broadcast: pages through an audience, sending in throttled batches. */
export const BROADCAST_WORKFLOW = 'broadcastWorkflow';
/** Signals a broadcast takes: pause after the batch in hand, resume, cancel for good. */
export const BROADCAST_PAUSE_SIGNAL = 'broadcastPause';
export const BROADCAST_RESUME_SIGNAL = 'broadcastResume';
export const BROADCAST_CANCEL_SIGNAL = 'broadcastCancel';
/** The query that says how far a broadcast has got. */
export const BROADCAST_PROGRESS_QUERY = 'broadcastProgress';
/** How many times one batch is tried before its still-failing recipients are recorded as failed. */
export const BROADCAST_BATCH_ATTEMPTS = 5;

/** Where a broadcast stands. */
export type BroadcastState = 'scheduled' | 'sending' | 'paused' | 'cancelled' | 'completed';

/** What a broadcast has done so far: `skipped` by reason (the message log's status, e.g. `skipped-suppressed`). */
export interface BroadcastCounts {
  sent: number;
  skipped: Record<string, number>;
  failed: number;
  inDoubt: number;
  heldOut: number;
  /** Recipients entered into the broadcast's journey (a broadcast that enrols instead of sending). */
  enrolled: number;
  /** The audience's size when the broadcast began sending (null before). */
  total: number | null;
}

/** What the broadcast workflow starts with; a continued run carries the cursor, the counts and its pause. */
export interface BroadcastInput {
  broadcastId: string;
  audienceId: string;
  /** Exactly one of the two: the template sent to each recipient, or the journey each one enters. */
  template?: string | undefined;
  journeyId?: string | undefined;
  subject?: string | undefined;
  ratePerSecond: number;
  holdoutPercent: number;
  /** The last user id already handled ("" at the start): the next page starts after it. */
  cursor: string;
  /** Not before this instant (ISO 8601); absent: now. */
  startAt?: string | undefined;
  counts?: BroadcastCounts | undefined;
  paused?: boolean | undefined;
  /** Batches per run before continuing as new (default 100; tests set fewer). */
  batchesPerRun?: number | undefined;
  /** Deliver at this wall-clock time in each recipient's zone (instead of startAt). */
  localTime?: LocalTime | undefined;
  /** A continued local-time run: its zone groups (with progress so far) and the recipients with invalid zones. */
  zones?: ZoneProgress[] | undefined;
  invalidZones?: InvalidZone[] | undefined;
}

/** A wall-clock date (YYYY-MM-DD) and time (HH:MM), read in each recipient's time zone. */
export interface LocalTime {
  date: string;
  time: string;
}

/**
 * The recipients whose clocks show the local time at one instant: those whose `timezone` trait is one
 * of `zones`, plus (when `unzoned`) those with no valid zone, who get the account's zone.
 */
export interface ZoneGroup {
  sendAt: string;
  zones: string[];
  unzoned: boolean;
  /** Members in the group when the broadcast planned its zones. */
  members: number;
}

/** Customers whose `timezone` trait is no IANA zone (they get the account's zone instead). */
export interface InvalidZone {
  zone: string;
  members: number;
}

/** A local-time broadcast's zones: groups in send order, the account zone used as fallback, the invalid zones met. */
export interface ZonePlan {
  groups: ZoneGroup[];
  fallbackZone: string;
  invalidZones: InvalidZone[];
}

/** How far one zone group has got: recipients handled so far. */
export interface ZoneProgress extends ZoneGroup {
  handled: number;
  state: 'waiting' | 'sending' | 'done';
}

/** Which members a page takes: those whose zone is one of `zones`, or (when given) whose zone is none of `known`. */
export interface ZoneFilter {
  zones: string[];
  /** The valid zones met when planning: members with any other value (or none) are "unzoned". */
  unzonedBesides?: string[] | undefined;
}

/** What the progress query answers. */
export interface BroadcastProgress extends BroadcastCounts {
  state: BroadcastState;
  cursor: string;
  /** Batches done in this run (since the last continue-as-new). */
  batches: number;
  /** A local-time broadcast: each zone group's send instant and progress, in send order. */
  zones?: ZoneProgress[] | undefined;
  invalidZones?: InvalidZone[] | undefined;
}

/** What one batch came to: each recipient counted once, however often the batch was tried. */
export interface BroadcastBatchResult {
  sent: number;
  skipped: Record<string, number>;
  failed: number;
  inDoubt: number;
  heldOut: number;
  enrolled: number;
}

/** The activities the broadcast workflow calls by these names. */
export interface BroadcastActivities {
  /** The next up to `limit` member ids of the audience after `after`, in id order. */
  broadcastPage(input: { audienceId: string; after: string; limit: number; zones?: ZoneFilter }): Promise<string[]>;
  /** Groups the audience by the instant the local time comes in each member's zone, in instant order. */
  broadcastZones(input: { audienceId: string; localTime: LocalTime }): Promise<ZonePlan>;
  /** Enters each recipient into the journey's live version as a trigger would, once per broadcast and person. */
  enrolBroadcastBatch(input: {
    broadcastId: string;
    journeyId: string;
    holdoutPercent: number;
    userIds: string[];
  }): Promise<BroadcastBatchResult>;
  /** Sends one batch through the journey send path (consent, suppression, idempotency), holdout first. */
  sendBroadcastBatch(input: {
    broadcastId: string;
    template: string;
    subject?: string | undefined;
    holdoutPercent: number;
    userIds: string[];
  }): Promise<BroadcastBatchResult>;
  /** Records the broadcast's state (and, when it begins sending, the audience's size); returns that size. */
  recordBroadcastState(input: {
    broadcastId: string;
    state: BroadcastState;
    audienceId?: string;
  }): Promise<number | null>;
}
