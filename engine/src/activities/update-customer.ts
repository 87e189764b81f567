import { mergeTraits, type Database } from '../db/index.ts';
import type { StepActivity } from './types.ts';

/** Sets traits on the customer (idempotent: setting the same values twice changes nothing). */
export function createUpdateCustomer(deps: { db: Database }): StepActivity {
  return async (input) => {
    const set = (input.config.set ?? {}) as Record<string, unknown>;
    const traits = await mergeTraits(deps.db, input.userId, set);
    return { traits, emailSent: false };
  };
}
