import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Plan } from '../interpreter/index.ts';
import {
  activeEnrollments,
  advanceRoutedTraits,
  claimEnrollment,
  completeEnrollment,
  enrollmentId,
  type Database,
} from '../db/index.ts';
import { DAILY_EVENT, IDENTIFY_EVENT, type NodeRegistry, type TriggerEvent } from '../nodes/index.ts';
import { EVENT_SIGNAL, JOURNEY_WORKFLOW, type DeliveredEvent, type JourneyInput } from '../temporal/contract.ts';
import { temporalRefusal } from '../temporal/limits.ts';
import { asError } from '../errors/index.ts';
import { RefusedEvent } from './routing-failure.ts';
import type { JourneyPlans } from './journey-plans.ts';
import type { RouterTarget } from './router-target.ts';
import type { StoredEvent } from './store.ts';
import { dailyEvent, enrolment, triggerEvents } from './triggers.ts';

/**
 * Hands one routed event to Temporal: a trigger match starts (or joins) the customer's run with
 * signalWithStart, claiming the enrollment first so re-entry rules hold; an event a running journey
 * waits for or exits on is signalled to that run.
 */
export class Delivery {
  constructor(
    private readonly db: Database,
    private readonly registry: NodeRegistry,
    private readonly plans: JourneyPlans,
    private readonly target: RouterTarget,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts (or joins) the customer's run of `plan` when its trigger takes `event`; returns the workflow id if it did. */
  async enrol(plan: Plan, event: TriggerEvent): Promise<string | undefined> {
    const match = enrolment(plan, this.registry, event, this.onError);
    if (!match) return undefined;
    const { userId } = event;
    const workflowId = enrollmentId(plan.journeyId, userId, match.key);
    const delivered: DeliveredEvent = {
      messageId: event.messageId,
      event: event.event,
      properties: event.properties,
      timestamp: event.timestamp,
      traits: event.traits,
    };
    const input: JourneyInput = {
      journeyId: plan.journeyId,
      version: plan.version,
      plan,
      userId,
      traits: event.traits,
      trigger: delivered,
    };
    // Checked before the enrollment is claimed, so a refused event leaves no enrollment without a run.
    const refusal = this.target.checkLimits === false ? undefined : temporalRefusal(workflowId, [input, delivered]);
    if (refusal)
      throw new RefusedEvent(
        `Journey "${plan.journeyId}" cannot take event ${event.messageId}: ${refusal}`,
        plan.journeyId,
      );
    const claim = await claimEnrollment(this.db, {
      workflowId,
      journeyId: plan.journeyId,
      userId,
      version: plan.version,
      reEntry: plan.reEntry,
    });
    if (claim === 'refused') return undefined;
    try {
      await this.target.client.workflow.signalWithStart(JOURNEY_WORKFLOW, {
        workflowId,
        taskQueue: this.target.taskQueue,
        args: [input],
        signal: EVENT_SIGNAL,
        signalArgs: [delivered],
        // A run the database still calls active must not be started afresh if it has in fact ended:
        // that would re-enter a customer whose journey allows no re-entry.
        workflowIdReusePolicy: claim === 'active' ? 'REJECT_DUPLICATE' : 'ALLOW_DUPLICATE',
      });
    } catch (error) {
      if (claim === 'active' && error instanceof WorkflowExecutionAlreadyStartedError) {
        await completeEnrollment(this.db, workflowId);
        return plan.reEntry === 'after-exit' ? this.enrol(plan, event) : undefined;
      }
      throw Object.assign(asError(error), { journeyId: plan.journeyId });
    }
    return workflowId;
  }

  /** Routes one stored event of a customer: to the live triggers, then to the customer's runs that listen to it. */
  async route(
    e: StoredEvent,
    live: Plan[],
    traits: Record<string, unknown>,
    listened: ReadonlySet<string>,
  ): Promise<void> {
    if (!e.userId) return;
    const userId = e.userId;
    if (e.type === 'identify') {
      const { before, after } = await advanceRoutedTraits(this.db, userId, e.traits);
      const event: TriggerEvent = {
        type: 'identify',
        messageId: e.messageId,
        userId,
        event: IDENTIFY_EVENT,
        properties: e.traits,
        traits: after,
        previousTraits: before,
        timestamp: e.timestamp,
      };
      for (const plan of live) {
        await this.enrol(plan, event);
        // New or changed date traits are checked at once rather than at the next periodic check.
        if (triggerEvents(plan).includes(DAILY_EVENT))
          await this.enrol(plan, dailyEvent(userId, after, plan.timezone, Date.now()));
      }
      return;
    }
    if (!e.event) return;
    const event: TriggerEvent = {
      type: 'track',
      messageId: e.messageId,
      userId,
      event: e.event,
      properties: e.properties,
      traits,
      previousTraits: traits,
      timestamp: e.timestamp,
    };
    const started = new Set<string>();
    for (const plan of live) {
      const workflowId = await this.enrol(plan, event);
      if (workflowId) started.add(workflowId);
    }
    if (!listened.has(e.event)) return;
    const delivered: DeliveredEvent = {
      messageId: e.messageId,
      event: e.event,
      properties: e.properties,
      timestamp: e.timestamp,
      traits,
    };
    for (const enrollment of await activeEnrollments(this.db, userId)) {
      if (started.has(enrollment.workflowId)) continue;
      const plan = await this.plans.plan(enrollment.journeyId, enrollment.version);
      if (!plan.interestingEvents.includes(e.event)) continue;
      try {
        await this.target.client.workflow.getHandle(enrollment.workflowId).signal(EVENT_SIGNAL, delivered);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) await completeEnrollment(this.db, enrollment.workflowId);
        else throw error;
      }
    }
  }
}
