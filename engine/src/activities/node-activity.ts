import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { AudienceKeeper } from '../audiences/index.ts';
import { audiencesOfCustomer, changeTraits, findAudience, type Database } from '../db/index.ts';
import { configFor, type ActionContext, type ActionDefinition } from '../nodes/index.ts';
import { stepIdempotencyKey } from './idempotency.ts';
import { sendJourneyEmail, type SendEmailDeps } from './send-email.ts';
import type { StepActivity, StepInput } from '../temporal/contract.ts';

/** The engine services an action's run reaches through its context. */
export interface ActionServices extends SendEmailDeps {
  db: Database;
  webhookSecret: string;
}

/** Temporal's activity context when running in a worker; tests may call activities directly. */
function currentActivity(): { attempt: number; signal: AbortSignal } {
  try {
    const context = Context.current();
    return { attempt: context.info.attempt, signal: context.cancellationSignal };
  } catch {
    return { attempt: 1, signal: new AbortController().signal };
  }
}

/**
 * Wraps an action definition's `run` as the Temporal activity named by its `activity.name`: reads the
 * step's config with the node's schema, builds the run's context and reports traits back to the run.
 */
export function nodeActivity(def: ActionDefinition, services: ActionServices): StepActivity {
  return async (input: StepInput) => {
    // The plan's config was validated when the journey was published; a node type upgraded since then
    // reads it through its migrate, or refuses it.
    const read = configFor(def, { version: input.nodeVersion, config: input.config });
    if (!read.ok) {
      const why =
        'issues' in read
          ? read.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ')
          : read.message;
      throw ApplicationFailure.nonRetryable(
        `Step "${input.stepId}" (${def.type}) has a config the installed node cannot read: ${why}`,
        'InvalidNodeConfig',
      );
    }
    const { attempt, signal } = currentActivity();
    const idempotencyKey = stepIdempotencyKey(input);
    let traits = input.traits;
    let emailSent = false;
    let changes = 0; // the n-th trait change of this step keeps its key across retries
    const context: ActionContext = {
      journeyId: input.journeyId,
      version: input.version,
      stepId: input.stepId,
      workflowId: input.workflowId,
      idempotencyKey,
      attempt,
      signal,
      webhookSecret: services.webhookSecret,
      log: (message) => console.log(`[${def.type} ${input.workflowId} ${input.stepId}] ${message}`),
      updateCustomer: async (change) => {
        changes += 1;
        traits = await changeTraits(services.db, input.userId, change, `${idempotencyKey}:change-${changes}`);
        // No identify call carries this change, so the audiences reading these traits are re-evaluated
        // here (again on a retry: an evaluation on the current traits changes nothing the second time).
        const changed = [...Object.keys(change.set ?? {}), ...Object.keys(change.increment ?? {})];
        const failures = (
          await new AudienceKeeper(services.db).onRouted(
            [
              {
                type: 'identify',
                userId: input.userId,
                traits: Object.fromEntries(changed.map((t) => [t, traits[t]])),
              },
            ],
            { routeChanges: true },
          )
        ).failures;
        if (failures[0]) throw failures[0].error;
        return traits;
      },
      sendEmail: async (email) => {
        const result = await sendJourneyEmail(services, input, email);
        traits = result.traits;
        emailSent ||= result.emailSent;
        return { sent: result.emailSent };
      },
      audienceMembership: async (audienceId) => {
        if (!(await findAudience(services.db, audienceId))) return 'unknown-audience';
        const current = await audiencesOfCustomer(services.db, input.userId);
        return current.some((a) => a.audienceId === audienceId) ? 'member' : 'not-member';
      },
    };
    const outcome = await def.run(
      { userId: input.userId, traits: input.traits, trigger: input.trigger },
      read.config,
      context,
    );
    return {
      traits: outcome?.traits ?? traits,
      emailSent: outcome?.emailSent ?? emailSent,
      ...(outcome?.branch === undefined ? {} : { branch: outcome.branch }),
    };
  };
}
