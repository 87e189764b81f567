import { z } from 'zod';
import { ImportError } from './sender.ts';

// The demo's starter journey with a holdout, published through the admin API as a marketer would
// (Settings -> Holdout, then Publish), so the live slice of the demo runs real workflows against it.

const JourneyRecord = z.object({
  name: z.string(),
  status: z.enum(['draft', 'live', 'paused']),
  liveVersion: z.number().nullable(),
  draft: z.looseObject({ settings: z.looseObject({ holdout: z.number().optional() }).optional() }),
});
const Version = z.object({ plan: z.looseObject({ holdout: z.number().optional() }) });
const Published = z.object({ version: z.number() });

/** What happened to the journey: published now, already live with that holdout, or missing. */
export type HoldoutJourney =
  | { outcome: 'published' | 'already-live'; name: string; version: number }
  | { outcome: 'missing'; name: undefined; version: undefined };

/**
 * Makes journey `journeyId` live with `percent` held out: when its live version has that holdout already
 * nothing changes (running the demo again publishes nothing new); otherwise its draft gets the holdout
 * and is published as the next version.
 */
export async function publishWithHoldout(opts: {
  url: string;
  adminToken: string;
  journeyId: string;
  percent: number;
}): Promise<HoldoutJourney> {
  const call = async <T>(method: string, path: string, shape: z.ZodType<T>, body?: unknown): Promise<T | undefined> => {
    const res = await fetch(`${opts.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status === 404) return undefined;
    const answer: unknown = await res.json().catch(() => undefined);
    if (res.status === 401)
      throw new ImportError(
        `${method} ${path}: the admin token was refused (HTTP 401). Use the instance's: --admin-token, ADMIN_TOKEN, or the DATA_DIR it was started with.`,
      );
    if (!res.ok)
      throw new ImportError(`${method} ${path} was refused with HTTP ${res.status}: ${JSON.stringify(answer)}`);
    const parsed = shape.safeParse(answer);
    if (!parsed.success) throw new ImportError(`${method} ${path} answered what the demo does not understand`);
    return parsed.data;
  };
  const path = `/v1/journeys/${encodeURIComponent(opts.journeyId)}`;
  const journey = await call('GET', path, JourneyRecord);
  if (!journey) return { outcome: 'missing', name: undefined, version: undefined };
  if (journey.status === 'live' && journey.liveVersion !== null) {
    const live = await call('GET', `${path}/versions/${journey.liveVersion}`, Version);
    if (live?.plan.holdout === opts.percent)
      return { outcome: 'already-live', name: journey.name, version: journey.liveVersion };
  }
  const draft = { ...journey.draft, settings: { ...journey.draft.settings, holdout: opts.percent } };
  await call('PUT', path, z.unknown(), draft);
  const published = await call('POST', `${path}/publish`, Published, { note: `demo: ${opts.percent}% holdout` });
  if (!published) return { outcome: 'missing', name: undefined, version: undefined };
  return { outcome: 'published', name: journey.name, version: published.version };
}
