import { z } from 'zod';
import { findVersion, type Queryable } from '../db/index.ts';
import { trackHtml, type TrackedHtml } from './rewrite.ts';
import { signClickToken, signOpenToken } from './tokens.ts';

// Boomerang's own customer pages keep their links untracked: a tracked unsubscribe link would make the
// one-click unsubscribe and the visible link differ, and survey links carry their answer in the query.
const CUSTOMER_PAGES = ['/u/', '/s/', '/p/', '/preferences', '/t/'];

/** The HTML of one send with its links tracked and the open pixel added (PUBLIC_URL/t/c/…, /t/o/…). */
export function trackedEmailHtml(
  html: string,
  send: { publicUrl: string; linkSecret: string; sendKey: string },
): TrackedHtml {
  const base = send.publicUrl.replace(/\/$/, '');
  const pages = CUSTOMER_PAGES.map((p) => `${base}${p}`.toLowerCase());
  return trackHtml(html, {
    clickUrl: (index, url) => `${base}/t/c/${signClickToken(send.linkSecret, send.sendKey, index, url)}`,
    pixelUrl: `${base}/t/o/${signOpenToken(send.linkSecret, send.sendKey)}`,
    leaveAlone: (url) => pages.some((p) => url.toLowerCase().startsWith(p)),
  });
}

const TrackingSetting = z.object({ settings: z.object({ tracking: z.boolean().optional() }).optional() });

/** Whether a journey version tracks its emails: its settings.tracking, true unless set to false. */
export async function journeyTracksEmail(db: Queryable, journeyId: string, version: number): Promise<boolean> {
  const published = await findVersion(db, journeyId, version);
  const parsed = TrackingSetting.safeParse(published?.graph);
  return !parsed.success || parsed.data.settings?.tracking !== false;
}
