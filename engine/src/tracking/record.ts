import { randomUUID } from 'node:crypto';
import { findSend, type Database } from '../db/index.ts';
import { EventStore } from '../events/index.ts';
import { EMAIL_LINK_CLICKED } from '../nodes/index.ts';
import { machineReason } from './machine.ts';
import type { ClickClaim, OpenClaim } from './tokens.ts';

/** The event names journeys and metrics see. */
export const EMAIL_OPENED = 'Email Opened';
// The name wait-for-event's "clicked in email step" matches; defined with that node (isomorphic).
export { EMAIL_LINK_CLICKED };

/** The request that hit a tracking link. */
export interface TrackingRequest {
  method: string;
  userAgent: string | undefined;
}

/** What recording tracking needs: the database and how soon after a send a click counts as a scanner's. */
export interface TrackingDeps {
  db: Database;
  scannerSeconds: number;
}

/**
 * Appends `Email Opened` or `Email Link Clicked` for the customer the send went to, with template,
 * journey, step, messageId (and url, index for a click), and `machine` / `machineReason` when the
 * request came from a privacy proxy or a link scanner. Returns false when the send is not in the
 * message log (nothing recorded).
 */
export async function recordTracking(
  deps: TrackingDeps,
  hit: { kind: 'open'; claim: OpenClaim } | { kind: 'click'; claim: ClickClaim },
  request: TrackingRequest,
): Promise<boolean> {
  const send = await findSend(deps.db, hit.claim.s);
  if (!send) return false;
  const now = Date.now();
  const secondsSinceSent = send.sentAt ? (now - Date.parse(send.sentAt)) / 1000 : null;
  const reason = machineReason(
    { kind: hit.kind, method: request.method, userAgent: request.userAgent, secondsSinceSent },
    { scannerSeconds: deps.scannerSeconds },
  );
  const link = hit.kind === 'click' ? { url: hit.claim.u, index: hit.claim.i } : {};
  await new EventStore(deps.db).append([
    {
      type: 'track',
      messageId: `${hit.kind}-${randomUUID()}`,
      userId: send.userId,
      anonymousId: undefined,
      event: hit.kind === 'open' ? EMAIL_OPENED : EMAIL_LINK_CLICKED,
      properties: {
        template: send.template,
        journey: send.journeyId,
        step: send.stepId,
        messageId: send.smtpMessageId,
        ...link,
        machine: reason !== null,
        ...(reason === null ? {} : { machineReason: reason }),
      },
      traits: {},
      context: { library: { name: 'boomerang-tracking' } },
      timestamp: new Date(now).toISOString(),
    },
  ]);
  return true;
}
