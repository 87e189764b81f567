import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  impactAggregates,
  migrate,
  openDatabase,
  recordExposure,
  type Database,
  type ImpactEvents,
} from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';

// A journey's holdout comparison over a real embedded database: exposures as the workflow records
// them, events as the ingest API stores them. Every expected count below is worked out by hand.
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const EXPOSED = NOW - 40 * DAY; // 40 days ago: a 30-day window has closed
const KEY = 'journey:win-back:holdout';
const events: ImpactEvents = {
  returnEvents: ['Order Completed', 'Page Viewed'],
  orderEvent: 'Order Completed',
  refundEvent: 'Order Refunded',
  revenueProperties: ['revenue', 'total'],
  currency: 'USD',
  churnEvents: ['Subscription Cancelled'],
  npsEvent: 'NPS Submitted',
  npsProperty: 'score',
};
let db: Database;
let n = 0;
const track = (
  userId: string,
  event: string,
  daysAfter: number,
  properties: Record<string, unknown> = {},
): IncomingEvent => ({
  type: 'track',
  messageId: `m${(n += 1)}`,
  userId,
  anonymousId: undefined,
  event,
  properties,
  traits: {},
  context: {},
  timestamp: new Date(EXPOSED + daysAfter * DAY).toISOString(),
});

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-impact-')) });
  await migrate(db);
  const expose = (userId: string, variant: string, at = EXPOSED) =>
    recordExposure(db, {
      experimentKey: KEY,
      journeyId: 'win-back',
      splitId: '',
      userId,
      variant,
      version: 1,
      workflowId: `w-${userId}`,
      exposedAt: new Date(at).toISOString(),
    });
  for (const u of ['a', 'b', 'c', 'd']) await expose(u, 'entrants');
  // a and b then reached the journey's split in its weekly arm, c in the biweekly one; d never reached it.
  for (const [u, arm] of [
    ['a', 'weekly'],
    ['b', 'weekly'],
    ['c', 'biweekly'],
  ] as const) {
    await recordExposure(db, {
      experimentKey: 'win-back:cadence:abc',
      journeyId: 'win-back',
      splitId: 'cadence',
      userId: u,
      variant: arm,
      version: 1,
      workflowId: `w-${u}`,
      exposedAt: new Date(EXPOSED + DAY).toISOString(),
    });
  }
  for (const u of ['h1', 'h2', 'h3']) await expose(u, 'holdout');
  await expose('late', 'entrants', NOW - 10 * DAY); // window still open: not measured yet
  await new EventStore(db).append([
    // a: two orders in the window (50 + 30 USD), one refund of 30, a 9 → returned, repeat, revenue 50, promoter
    track('a', 'Order Completed', 2, { revenue: 50, currency: 'USD' }),
    track('a', 'Order Completed', 5, { total: 30 }),
    track('a', 'Order Refunded', 6, { revenue: 30 }),
    track('a', 'NPS Submitted', 7, { score: 9 }),
    // b: an order in EUR (not summed), an order after the window (day 31, not counted), answers 3 then 8 → returned, passive
    track('b', 'Order Completed', 3, { revenue: 99, currency: 'EUR' }),
    track('b', 'Order Completed', 31, { revenue: 10 }),
    track('b', 'NPS Submitted', 4, { score: 3 }),
    track('b', 'NPS Submitted', 8, { score: 8 }),
    // c: cancels on day 10, the revenue is a string (not a number, not summed) → returned, churned
    track('c', 'Subscription Cancelled', 10),
    track('c', 'Order Completed', 1, { revenue: 'lots' }),
    // d: an event before exposure only → nothing
    { ...track('d', 'Order Completed', 0, { revenue: 20 }), timestamp: new Date(EXPOSED - DAY).toISOString() },
    // h1: viewed a page (a return), h2: ordered 20, detractor 0; h3: nothing
    track('h1', 'Page Viewed', 3),
    track('h2', 'Order Completed', 12, { revenue: 20 }),
    track('h2', 'NPS Submitted', 13, { score: 0 }),
    // late: ordered, but its window has not closed
    track('late', 'Order Completed', 41, { revenue: 500 }),
  ]);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("a journey's impact aggregates", () => {
  it('count, per group, what each measured customer did inside the window after exposure', async () => {
    const rows = await impactAggregates(db, KEY, 30, new Date(NOW), events);
    expect(rows).toEqual([
      // a, b, c returned (c's order counts as a return though its amount is not a number); a ordered twice;
      // revenue a 50, b 0 (EUR), c 0, d 0 → sum 50, squares 2,500; a promoter, b passive (last answer 8).
      {
        variant: 'entrants',
        customers: 4,
        returned: 3,
        repeatPurchasers: 1,
        churned: 1,
        revenueSum: 50,
        revenueSumOfSquares: 2500,
        promoters: 1,
        passives: 1,
        detractors: 0,
      },
      // h1 and h2 returned; revenue 20 → squares 400; h2 a detractor.
      {
        variant: 'holdout',
        customers: 3,
        returned: 2,
        repeatPurchasers: 0,
        churned: 0,
        revenueSum: 20,
        revenueSumOfSquares: 400,
        promoters: 0,
        passives: 0,
        detractors: 1,
      },
    ]);
  });

  it('with no return events named, any tracked event is a return', async () => {
    const rows = await impactAggregates(db, KEY, 30, new Date(NOW), { ...events, returnEvents: [] });
    expect(rows.map((r) => [r.variant, r.returned])).toEqual([
      ['entrants', 3],
      ['holdout', 2],
    ]);
  });

  it('group entrants by the arm of a split they reached, and by the version they entered; the holdout stays whole', async () => {
    const byArm = await impactAggregates(db, KEY, 30, new Date(NOW), events, {
      by: 'arm',
      splitExperimentKey: 'win-back:cadence:abc',
    });
    expect(byArm.map((r) => [r.variant, r.customers, r.returned, r.churned, r.revenueSum])).toEqual([
      ['entrants:biweekly', 1, 1, 1, 0], // c
      ['entrants:none', 1, 0, 0, 0], // d
      ['entrants:weekly', 2, 2, 0, 50], // a and b
      ['holdout', 3, 2, 0, 20],
    ]);
    const byVersion = await impactAggregates(db, KEY, 30, new Date(NOW), events, { by: 'version' });
    expect(byVersion.map((r) => [r.variant, r.customers])).toEqual([
      ['entrants:v1', 4],
      ['holdout', 3],
    ]);
  });
});
