import type { ChangeSource } from '../consent/index.ts';
import type { IncomingEvent } from './segment.ts';

/** The events a subscription group change is recorded as. */
export const GROUP_JOINED = 'Subscription Group Joined';
export const GROUP_LEFT = 'Subscription Group Left';

/**
 * One `Subscription Group Joined` / `Left` track event per change, with the group, its name and where the
 * change came from. `idBase` makes the messageIds: the same change recorded twice is stored once.
 */
export function subscriptionEvents(
  userId: string,
  changes: Array<{ group: string; name: string; subscribed: boolean }>,
  source: ChangeSource,
  idBase: string,
  timestamp: string,
): IncomingEvent[] {
  return changes.map((c) => ({
    type: 'track',
    messageId: `${idBase}-${c.subscribed ? 'joined' : 'left'}-${c.group}`,
    userId,
    anonymousId: undefined,
    event: c.subscribed ? GROUP_JOINED : GROUP_LEFT,
    properties: { group: c.group, groupName: c.name, source },
    traits: {},
    context: {},
    timestamp,
  }));
}
