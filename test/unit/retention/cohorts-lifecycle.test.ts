import fc from 'fast-check';
import { DateTime } from 'luxon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { cohortReport, lifecycleReport, retentionReport } from '../../../engine/src/reports/index.ts';
import { RetentionSettings } from '../../../engine/src/retention/index.ts';
import {
  referenceCustomers,
  referenceLifecycle,
  referenceShopCustomers,
  referenceTriangle,
  type HistoryEvent,
} from './reference.ts';

// Property tests: random histories ingested into a real PGlite through the event store; the cohort
// triangle, lifecycle counts, customer counts, MRR movements and stickiness must equal the brute-force
// reading in reference.ts. New York, so DST changes fall inside the histories; times are drawn often
// right on (or 1 ms beside) local period boundaries, where time-zone mistakes show.

const ZONE = 'America/New_York';
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const FROM = at('2026-01-01T00:00:00');
const TO = at('2026-05-20T00:00:00');
const BOUNDARIES = [
  '2026-02-01',
  '2026-03-01',
  '2026-03-08',
  '2026-03-09',
  '2026-04-01',
  '2026-04-06',
  '2026-05-01',
].map((d) => at(`${d}T00:00:00`));
const NAMES = [
  'Signed Up',
  'Order Completed',
  'Order Completed',
  'Subscription Started',
  'Subscription Changed',
  'Subscription Cancelled',
  'Page Viewed',
] as const;

const instant = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...BOUNDARIES), fc.constantFrom(-1, 0, 1, 3_600_000)).map(([b, d]) => b + d),
  // any local midnight, or just before it (half an hour falls inside the hour a DST change moves)
  fc
    .tuple(fc.integer({ min: 0, max: 139 }), fc.constantFrom(-1_800_000, -1, 0, 1))
    .map(([day, d]) => DateTime.fromMillis(FROM, { zone: ZONE }).plus({ days: day }).toMillis() + d),
);
const historyArb = fc
  .array(
    fc.record({
      user: fc.integer({ min: 0, max: 5 }),
      name: fc.constantFrom(...NAMES),
      at: instant,
      mrr: fc.constantFrom(10, 20, 30),
    }),
    { minLength: 5, maxLength: 60, size: 'max' },
  )
  .map((raw) =>
    raw.map((r, seq): HistoryEvent => ({
      seq,
      userId: `u${r.user}`,
      type: r.name === 'Page Viewed' ? 'page' : 'track',
      event: r.name,
      at: r.at,
      ...(r.name === 'Subscription Started' || r.name === 'Subscription Changed' ? { mrr: r.mrr } : {}),
    })),
  );

const toIncoming = (e: HistoryEvent, run: number): IncomingEvent => ({
  type: e.type,
  messageId: `r${run}-${e.seq}`,
  userId: e.userId,
  anonymousId: undefined,
  event: e.event,
  properties: e.mrr === undefined ? {} : { mrr: e.mrr },
  traits: {},
  context: {},
  timestamp: new Date(e.at).toISOString(),
});

let db: Database;
let store: EventStore;
let run = 0;
beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-cohorts-')) });
  await migrate(db);
  store = new EventStore(db);
}, 60_000);
afterAll(async () => {
  await db?.close();
});

/** Replaces every stored event with this history (in its order, so sequence numbers follow it). */
async function ingest(history: HistoryEvent[]): Promise<void> {
  await db.exec('delete from event_outbox; delete from events; delete from customers;');
  run++;
  expect((await store.append(history.map((e) => toIncoming(e, run)))).stored).toBe(history.length);
}

const settings = RetentionSettings.parse({ timeZone: ZONE });
const iso = (ms: number) => new Date(ms).toISOString();
const PROPERTY = { seed: 20_261_201, numRuns: 40 };

describe('against a brute-force reference on random histories', () => {
  it('the cohort triangle (exact and unbounded retention) by sign-up or first-order week or month, and its mean curve', async () => {
    const by = fc.constantFrom(
      { cohortBy: 'sign-up' as const, cohortEvent: 'Signed Up', returnEvent: 'Order Completed' },
      { cohortBy: 'first-order' as const, cohortEvent: 'Order Completed', returnEvent: 'Page Viewed' },
      { cohortBy: 'sign-up' as const, cohortEvent: 'Signed Up', returnEvent: 'Signed Up' },
    );
    let withReturns = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.constantFrom('week' as const, 'month' as const),
        by,
        async (history, unit, { cohortBy, cohortEvent, returnEvent }) => {
          await ingest(history);
          const q = { start: at('2026-01-01T00:00:00'), end: at('2026-05-01T00:00:00') };
          const answer = await cohortReport(db, settings, {
            start: iso(q.start),
            end: iso(q.end),
            unit,
            cohortBy,
            returnEvent,
          });
          if ('violations' in answer) throw new Error(JSON.stringify(answer.violations));
          const expected = referenceTriangle(history, { unit, zone: ZONE, cohortEvent, returnEvent, ...q });
          expect(
            answer.rows.map((r) => ({
              cohort: r.cohort,
              size: r.size,
              exact: r.exact.map((f) => f.value),
              unbounded: r.unbounded.map((f) => f.value),
            })),
          ).toEqual(expected);
          const longest = Math.max(0, ...expected.map((r) => r.exact.length));
          const mean = Array.from({ length: longest }, (_, n) => {
            const seen = expected.filter((r) => r.exact.length > n);
            return seen.reduce((a, r) => a + r.exact[n]! * r.size, 0) / seen.reduce((a, r) => a + r.size, 0);
          });
          answer.meanExact.forEach((f, n) => expect(f.value).toBeCloseTo(mean[n]!, 12));
          if (expected.some((r) => r.exact.slice(1).some((v) => v > 0))) withReturns++;
        },
      ),
      PROPERTY,
    );
    // The histories are not trivially empty: many have customers returning after their first period.
    expect(withReturns).toBeGreaterThan(PROPERTY.numRuns / 4);
  }, 180_000);

  it('lifecycle per day, week, month or quarter: new, returning, resurrecting, dormant', async () => {
    let resurrections = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.constantFrom('day' as const, 'week' as const, 'month' as const, 'quarter' as const),
        async (history, unit) => {
          await ingest(history);
          const q = { start: at('2026-02-01T00:00:00'), end: at('2026-05-01T00:00:00') };
          const answer = await lifecycleReport(db, settings, {
            start: iso(q.start),
            end: iso(q.end),
            granularity: unit,
          });
          if ('violations' in answer) throw new Error(JSON.stringify(answer.violations));
          const expected = referenceLifecycle(history, { unit, zone: ZONE, ...q });
          expect(answer.buckets.map(({ quickRatio: _q, ...counts }) => counts)).toEqual(expected);
          if (expected.some((b) => b.resurrecting > 0)) resurrections++;
        },
      ),
      PROPERTY,
    );
    expect(resurrections).toBeGreaterThan(PROPERTY.numRuns / 4);
  }, 180_000);

  it('customer counts (CS, CE, CN), MRR movements and stickiness per month', async () => {
    const seen = { wonBackOrNew: 0, churned: 0 };
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        await ingest(history);
        const report = await retentionReport(db, settings, {
          start: iso(at('2026-02-01T00:00:00')),
          end: iso(at('2026-05-01T00:00:00')),
          granularity: 'month',
        });
        if ('violations' in report) throw new Error(JSON.stringify(report.violations));
        for (const bucket of report.buckets) {
          const want = referenceCustomers(history, Date.parse(bucket.start), Date.parse(bucket.end), ZONE);
          const r = bucket.recurringRevenue;
          expect({
            ...bucket.customerRetentionRate.inputs,
            mrrStart: r.mrrAtStart.value,
            mrrEnd: r.mrrAtEnd.value,
            new: r.movements.new.value,
            reactivation: r.movements.reactivation.value,
            expansion: r.movements.expansion.value,
            contraction: r.movements.contraction.value,
            churned: r.movements.churned.value,
            activeDays: bucket.stickiness.inputs.customerDays,
            activeInPeriod: bucket.stickiness.inputs.activeInPeriod,
          }).toEqual(want);
          if (want.CN > 0) seen.wonBackOrNew++;
          if (want.churned > 0) seen.churned++;
        }
      }),
      PROPERTY,
    );
    expect(seen.wonBackOrNew).toBeGreaterThan(PROPERTY.numRuns / 4);
    expect(seen.churned).toBeGreaterThan(PROPERTY.numRuns / 4);
  }, 180_000);

  it('shop customers (no order for N days) per week: CS, CE and CN', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 40 }), async (history, days) => {
        await ingest(history);
        const shop = RetentionSettings.parse({ timeZone: ZONE, churn: { kind: 'no-order', days } });
        const report = await retentionReport(db, shop, {
          start: iso(at('2026-02-23T00:00:00')),
          end: iso(at('2026-04-13T00:00:00')),
          granularity: 'week',
        });
        if ('violations' in report) throw new Error(JSON.stringify(report.violations));
        for (const bucket of report.buckets) {
          expect(bucket.customerRetentionRate.inputs).toEqual(
            referenceShopCustomers(history, Date.parse(bucket.start), Date.parse(bucket.end), days, ZONE),
          );
        }
      }),
      PROPERTY,
    );
  }, 180_000);
});
