import { sentSince, type Queryable } from '../db/index.ts';

/** The doctor's look-back: mailbox providers judge a sender on its last days of mail. */
export const RATE_WINDOW_DAYS = 7;

/**
 * Sends, hard bounces and complaints over the last 7 days. Bounces and complaints are not recorded yet
 * (issue 13, bounces): until they are, they are undefined and the doctor says "no data". This is the one
 * place to read them from once they are.
 */
export async function recentRates(
  db: Queryable,
  now: Date,
): Promise<{ sent: number; hardBounces: number | undefined; complaints: number | undefined }> {
  const since = new Date(now.getTime() - RATE_WINDOW_DAYS * 86_400_000);
  return { sent: await sentSince(db, since), hardBounces: undefined, complaints: undefined };
}
