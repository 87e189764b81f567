// Types shared with workflow code, which imports this file as types only.

/** What every step activity receives from the workflow. */
export interface StepInput {
  workflowId: string;
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

/** What a step activity returns: the customer's traits afterwards, and whether an email left. */
export interface StepResult { traits: Record<string, unknown>; emailSent: boolean }

/**
 * ApplicationFailure types of a send that did not go out. The workflow records "SendInDoubt" as an
 * in-doubt step (the email may have arrived, so the run goes on); every other failure as failed.
 */
export type SendFailureType = 'SendFailed' | 'SendRefused' | 'SendInDoubt' | 'TemplateBroken';

/** The shape of every step activity (send email, update customer, custom actions). */
export type StepActivity = (input: StepInput) => Promise<StepResult>;

/** A run's progress report, recorded for node counts and the customer page. */
export interface ProgressInput {
  workflowId: string; journeyId: string; version: number; userId: string; stepId: string | null; status: string; ended: boolean;
  /** Steps the run went through since its previous report (absent from runs started before this existed). */
  passed?: string[];
}

/** A customer reached a split and landed in `variant`; only the first exposure per experiment counts. */
export interface ExposureInput {
  workflowId: string; journeyId: string; version: number; userId: string; splitId: string;
  experimentKey: string; variant: string; exposedAt: string;
}

/** The activities the journey workflow calls: progress, and one step activity per action node type, by name. */
export interface JourneyActivities {
  recordProgress(input: ProgressInput): Promise<void>;
  recordExposure(input: ExposureInput): Promise<void>;
  sendEmail: StepActivity;
  updateCustomer: StepActivity;
  callWebhook: StepActivity;
}
