import { bounceCountsSince, sentSince, type Queryable } from '../db/index.ts';

/** The doctor's look-back: mailbox providers judge a sender on its last days of mail. */
export const RATE_WINDOW_DAYS = 7;

/**
 * Sends, hard bounces and complaints over the last 7 days: sends from the messages table, bounces and
 * complaints from the reports kept by the bounce handling (SMTP refusals, DSNs, ARF reports, ESP webhooks).
 */
export async function recentRates(
  db: Queryable,
  now: Date,
): Promise<{ sent: number; hardBounces: number | undefined; complaints: number | undefined }> {
  const since = new Date(now.getTime() - RATE_WINDOW_DAYS * 86_400_000);
  const [sent, bounces] = await Promise.all([sentSince(db, since), bounceCountsSince(db, since)]);
  return { sent, hardBounces: bounces.hard, complaints: bounces.complaints };
}
