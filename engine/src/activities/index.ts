import { recordExposure, recordProgress, type Database } from '../db/index.ts';
import type { Mailer, Renderer } from '../email/index.ts';
import { createSendEmail } from './send-email.ts';
import type { JourneyActivities } from './types.ts';
import { createUpdateCustomer } from './update-customer.ts';

export type { ExposureInput, JourneyActivities, ProgressInput, StepActivity, StepInput, StepResult } from './types.ts';

/** Everything the activities need, injected once when the worker starts. */
export interface ActivityDeps { db: Database; renderer: Renderer; mailer: Mailer; publicUrl: string; linkSecret: string }

/** Builds the journey activities around their dependencies. */
export function createActivities(deps: ActivityDeps): JourneyActivities {
  return {
    recordProgress: (input) => recordProgress(deps.db, input),
    recordExposure: (input) => recordExposure(deps.db, input),
    sendEmail: createSendEmail(deps),
    updateCustomer: createUpdateCustomer(deps),
  };
}
