import { randomUUID } from 'node:crypto';
import { storableTime, type CallType, type IncomingEvent, type Problem } from './segment.ts';

/** The event name a `page` call is stored under, so triggers, waits and metrics can use it like a track call. */
export const PAGE_VIEWED = 'Page Viewed';
/** The event name a `screen` call is stored under. */
export const SCREEN_VIEWED = 'Screen Viewed';

type Fields = {
  userId?: string | undefined;
  anonymousId?: string | undefined;
  messageId?: string | undefined;
  timestamp?: string | undefined;
  originalTimestamp?: string | undefined;
  sentAt?: string | undefined;
  context?: Record<string, unknown> | undefined;
  event?: string;
  name?: string | undefined;
  category?: string | undefined;
  properties?: Record<string, unknown> | undefined;
  traits?: Record<string, unknown> | undefined;
  groupId?: string;
  previousId?: string;
};

/** What the batch envelope adds to each of its calls. */
export interface BatchEnvelope {
  context?: Record<string, unknown> | undefined;
  sentAt?: string | undefined;
}

/**
 * When an event happened, as Segment documents it: the sender's clock (`originalTimestamp`, or the
 * `timestamp` a server library set) corrected for its skew, receivedAt - (sentAt - originalTimestamp).
 * Without `sentAt` the sender's time is taken as it is; with no time at all, receivedAt. A call that
 * carries both `timestamp` and `originalTimestamp` already holds a corrected timestamp: it is kept.
 * @example eventTime({ timestamp: '2026-01-01T10:00:00.000Z', sentAt: '2026-01-01T10:00:05.000Z' }, new Date('2026-01-01T10:00:02.000Z'))
 *   // { timestamp: '2026-01-01T09:59:57.000Z' }
 */
export function eventTime(
  call: Pick<Fields, 'timestamp' | 'originalTimestamp' | 'sentAt'>,
  receivedAt: Date,
): { timestamp: string } | { problem: Problem } {
  if (call.timestamp && call.originalTimestamp) return { timestamp: call.timestamp };
  const original = call.originalTimestamp ?? call.timestamp;
  if (!original) return { timestamp: receivedAt.toISOString() };
  if (!call.sentAt) return { timestamp: original };
  const corrected = receivedAt.getTime() - (Date.parse(call.sentAt) - Date.parse(original));
  if (!storableTime(corrected)) {
    const field = call.originalTimestamp ? 'originalTimestamp' : 'timestamp';
    return {
      problem: {
        path: 'sentAt',
        message: `corrected for clock skew (receivedAt - (sentAt - ${field})), the time falls outside the years 0001-9999`,
      },
    };
  }
  return { timestamp: new Date(corrected).toISOString() };
}

function eventName(type: CallType, call: Fields): string | undefined {
  if (type === 'track') return call.event;
  if (type === 'page') return PAGE_VIEWED;
  if (type === 'screen') return SCREEN_VIEWED;
  return undefined;
}

/** Page and screen calls keep their name and category among the properties, where triggers' `where` can see them. */
function propertiesOf(type: CallType, call: Fields): Record<string, unknown> {
  const properties = call.properties ?? {};
  if (type !== 'page' && type !== 'screen') return properties;
  return {
    ...properties,
    ...(call.name !== undefined ? { name: call.name } : {}),
    ...(call.category !== undefined ? { category: call.category } : {}),
  };
}

function traitsOf(type: CallType, call: Fields, context: Record<string, unknown>): Record<string, unknown> {
  if (type === 'group') return call.traits ?? {};
  if (type !== 'identify') return {};
  // Segment puts identify traits in `traits`, but older libraries send them in context.traits
  const contextTraits =
    context.traits !== null && typeof context.traits === 'object' && !Array.isArray(context.traits)
      ? context.traits
      : {};
  return { ...contextTraits, ...call.traits };
}

/**
 * Turns a validated Segment call into the stored event shape: messageId filled in, the time
 * corrected for clock skew, page/screen named as events, the batch's context merged under the call's.
 */
export function normalizeCall(
  type: CallType,
  call: Fields,
  receivedAt: Date,
  batch: BatchEnvelope = {},
): IncomingEvent | { problem: Problem } {
  const sentAt = call.sentAt ?? batch.sentAt;
  const time = eventTime({ timestamp: call.timestamp, originalTimestamp: call.originalTimestamp, sentAt }, receivedAt);
  if ('problem' in time) return time;
  const context = { ...batch.context, ...call.context };
  return {
    type,
    messageId: call.messageId ?? `srv-${randomUUID()}`,
    userId: call.userId,
    anonymousId: call.anonymousId,
    event: eventName(type, call),
    properties: propertiesOf(type, call),
    traits: traitsOf(type, call, context),
    context,
    timestamp: time.timestamp,
    groupId: type === 'group' ? call.groupId : undefined,
    previousId: type === 'alias' ? call.previousId : undefined,
    originalTimestamp: call.originalTimestamp ?? call.timestamp,
    sentAt,
  };
}
