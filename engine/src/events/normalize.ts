import { randomUUID } from 'node:crypto';
import type { IncomingEvent } from './segment.ts';

type Call = {
  userId?: string | undefined; anonymousId?: string | undefined; messageId?: string | undefined;
  timestamp?: string | undefined; context?: Record<string, unknown> | undefined;
  event?: string; properties?: Record<string, unknown> | undefined; traits?: Record<string, unknown> | undefined;
};

/** Turns a validated Segment call into the stored event shape (messageId and timestamp filled in). */
export function normalizeCall(type: 'track' | 'identify', call: Call, now: Date, batchContext?: Record<string, unknown>): IncomingEvent {
  const context = { ...batchContext, ...call.context };
  // Segment puts identify traits in `traits`, but older libraries send them in context.traits
  const contextTraits = (context.traits && typeof context.traits === 'object' ? context.traits : {}) as Record<string, unknown>;
  return {
    type,
    messageId: call.messageId ?? `srv-${randomUUID()}`,
    userId: call.userId,
    anonymousId: call.anonymousId,
    event: type === 'track' ? call.event : undefined,
    properties: call.properties ?? {},
    traits: type === 'identify' ? { ...contextTraits, ...call.traits } : {},
    context,
    timestamp: call.timestamp ? new Date(call.timestamp).toISOString() : now.toISOString(),
  };
}
