import { claimSend, finishSend, latestEventsOf, type Database } from '../../engine/src/db/index.ts';
import { EventStore } from '../../engine/src/events/index.ts';

// A send as the message log keeps it once it left the building, so that a bounce, complaint or report
// arriving later (by webhook, DSN or mailbox) has a send to name.

/** Records the welcome email of the welcome journey to `address` as sent, with the Message-ID `messageId`. */
export async function recordDeliveredSend(
  db: Database,
  userId: string,
  address: string,
  messageId: string,
): Promise<void> {
  const key = `journey:welcome:${userId}:run:welcome:0`;
  await claimSend(db, {
    idempotencyKey: key,
    userId,
    journeyId: 'welcome',
    version: 1,
    stepId: 'welcome',
    template: 'welcome',
    content: { subject: null, event: { event: 'Signed Up', properties: {} } },
  });
  await finishSend(db, key, { status: 'sent', recipient: address, smtpMessageId: messageId });
}

/**
 * A customer with the email `address` (an identify call) who was sent the welcome email with the
 * Boomerang Message-ID `<hex@boomerang>`; returns that Message-ID.
 */
export async function sentToCustomer(db: Database, userId: string, address: string, hex: string): Promise<string> {
  await new EventStore(db).append([
    {
      type: 'identify',
      messageId: `id-${userId}`,
      userId,
      anonymousId: undefined,
      event: undefined,
      traits: { email: address },
      properties: {},
      context: {},
      timestamp: new Date().toISOString(),
    },
  ]);
  const messageId = `<${hex}@boomerang>`;
  await recordDeliveredSend(db, userId, address, messageId);
  return messageId;
}

/** The names of the latest 20 events of `userId`, newest first. */
export const eventNamesOf = async (db: Database, userId: string): Promise<Array<string | null>> =>
  (await latestEventsOf(db, userId, 20)).map((e) => e.event);
