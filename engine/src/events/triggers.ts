import { DateTime } from 'luxon';
import type { Plan } from '../interpreter/index.ts';
import { configFor, DAILY_EVENT, eventTrigger, type NodeRegistry, type TriggerEvent } from '../nodes/index.ts';
import { messageOf } from '../errors/index.ts';

/** Event names a plan's trigger listens to. */
export function triggerEvents(plan: Plan): string[] {
  return plan.trigger.events ?? [plan.trigger.event];
}

/** The trigger's node type and config; plans compiled before triggers had node types hold what the event trigger's config holds. */
function triggerNode(plan: Plan): { nodeType: string; config: Record<string, unknown> } {
  const { nodeType, config, event, where } = plan.trigger;
  return nodeType === undefined
    ? { nodeType: eventTrigger.type, config: { event, where } }
    : { nodeType, config: config ?? {} };
}

/**
 * Whether `event` enrols the customer into `plan`, asking the trigger's node type (built-in or plugin),
 * and with which correlation key.
 * A trigger whose type is no longer installed, or whose `matches` throws, enrols no one (reported to `onError`).
 */
export function enrolment(
  plan: Plan,
  registry: NodeRegistry,
  event: TriggerEvent,
  onError: (error: unknown) => void,
): { key: string | undefined } | null {
  if (!triggerEvents(plan).includes(event.event)) return null;
  const { nodeType, config } = triggerNode(plan);
  const def = registry.get(nodeType);
  if (!def || def.kind !== 'trigger') {
    onError(
      new Error(
        `Journey "${plan.journeyId}" v${plan.version} starts with node type "${nodeType}", which is not installed; no one enters it`,
      ),
    );
    return null;
  }
  // The config was compiled for the version in the plan; a trigger type upgraded since reads it through its migrate.
  const read = configFor(def, { version: plan.nodeVersions[plan.trigger.nodeId], config });
  if (!read.ok) {
    onError(
      new Error(
        `The "${nodeType}" trigger of journey "${plan.journeyId}" v${plan.version} cannot be read by the installed version: ${'message' in read ? read.message : read.issues.map((i) => i.message).join('; ')}`,
      ),
    );
    return null;
  }
  try {
    if (!def.matches(event, read.config)) return null;
    const key = def.correlationKey?.(event, read.config);
    return { key: key ? key : undefined };
  } catch (error) {
    onError(
      new Error(
        `The "${nodeType}" trigger of journey "${plan.journeyId}" failed on event ${event.messageId}: ${messageOf(error)}`,
      ),
    );
    return null;
  }
}

/** The daily-check event for one customer on the current day in `zone`. */
export function dailyEvent(userId: string, traits: Record<string, unknown>, zone: string, nowMs: number): TriggerEvent {
  const date = DateTime.fromMillis(nowMs, { zone }).toISODate() ?? new Date(nowMs).toISOString().slice(0, 10);
  return {
    type: 'daily',
    messageId: `daily:${date}:${userId}`,
    userId,
    event: DAILY_EVENT,
    properties: { date },
    traits,
    previousTraits: traits,
    timestamp: new Date(nowMs).toISOString(),
  };
}
