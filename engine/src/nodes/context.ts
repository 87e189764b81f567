// What node hooks receive at run time: the event a trigger judges, and what an action may use.
// Types only (plus two names), so this stays importable from the editor and workflow code.

/** The event name under which identify calls reach triggers (properties are the new traits). */
export const IDENTIFY_EVENT = '$identify';
/** The event name of the router's daily check of every customer (properties.date is the day, YYYY-MM-DD). */
export const DAILY_EVENT = '$daily';

/** A customer event as a trigger judges it. */
export interface TriggerEvent {
  /** `track` calls, `identify` calls (event IDENTIFY_EVENT), or the router's daily check (event DAILY_EVENT). */
  type: 'track' | 'identify' | 'daily';
  messageId: string;
  userId: string;
  event: string;
  properties: Record<string, unknown>;
  /** The customer's traits after this event. */
  traits: Record<string, unknown>;
  /** The customer's traits before this event (equal to `traits` unless it is an identify call). */
  previousTraits: Record<string, unknown>;
  timestamp: string;
}

/** Who and what an action runs for. */
export interface ActionInput {
  userId: string;
  /** The customer's traits as the run knows them. */
  traits: Record<string, unknown>;
  /** The event that started the run. */
  trigger: { messageId: string; event: string; properties: Record<string, unknown>; timestamp: string };
}

/** A change to customer traits: values to set (null clears) and numbers to add. */
export interface TraitChange {
  set?: Record<string, unknown>;
  increment?: Record<string, number>;
}

/** What an action's run may use besides its config: ids, retries, and the engine's own services. */
export interface ActionContext {
  journeyId: string;
  version: number;
  stepId: string;
  workflowId: string;
  /** Stable across retries and replays of this step: use it to make side effects happen once. */
  idempotencyKey: string;
  /** 1 on the first try, 2 on the first retry, ... */
  attempt: number;
  /** Aborts when Temporal cancels the activity or its timeout passes. */
  signal: AbortSignal;
  /** Secret for HMAC signatures of outgoing webhooks (WEBHOOK_SECRET). */
  webhookSecret: string;
  log(message: string): void;
  /** Changes the customer's traits; returns the traits afterwards. */
  updateCustomer(change: TraitChange): Promise<Record<string, unknown>>;
  /** Sends an email template to the customer (consent and idempotency are handled). */
  sendEmail(email: {
    template: string;
    subject?: string | undefined;
    /** A sender identity id (GET /v1/senders); absent: the journey's sender, else the default. */
    sender?: string | undefined;
    /** A subscription group id, or `transactional`; absent: marketing without a group (the global unsubscribe only). */
    group?: string | undefined;
  }): Promise<{ sent: boolean }>;
  /** Whether the customer is in the audience right now; "unknown-audience" when no audience has that id. */
  audienceMembership(audienceId: string): Promise<AudienceMembership>;
}

/** A customer's standing in one audience at this moment. */
export type AudienceMembership = 'member' | 'not-member' | 'unknown-audience';

/** What an action's run may report back: the traits afterwards (so the run sees them), whether an email left, the branch to take. */
export interface ActionOutcome {
  traits?: Record<string, unknown>;
  emailSent?: boolean;
  /** The branch the run takes next, for an action whose step has branches (in-audience's yes / no). */
  branch?: string;
}
