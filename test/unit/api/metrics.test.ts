import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExposure, type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// /v1/metrics over a real embedded database: the account is in New York, so a plain date in a query
// is midnight there, and an order at 03:00 UTC on 1 March still belongs to February.
let app: InProcessApp;
let db: Database;

const order = (id: string, userId: string, at: string, revenue: number): IncomingEvent => ({
  type: 'track',
  messageId: id,
  userId,
  anonymousId: undefined,
  event: 'Order Completed',
  properties: { revenue },
  traits: {},
  context: {},
  timestamp: at,
});

beforeAll(async () => {
  app = await startInProcessApp('metrics-api');
  db = app.db;
  await app.store.append([
    order('o1', 'ann', '2026-03-01T03:00:00.000Z', 40), // 22:00 on 28 Feb in New York
    order('o2', 'ann', '2026-03-01T06:00:00.000Z', 60), // 01:00 on 1 Mar
    order('o3', 'bob', '2026-03-20T12:00:00.000Z', 20),
  ]);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const answer = await app.admin(method, path, body, headers);
  return { ...answer, type: answer.headers.get('content-type') ?? '' };
};

describe('the retention settings over the API', () => {
  it('start as the defaults, refuse a bad time zone naming the field, and keep what was saved', async () => {
    expect((await call('GET', '/v1/metrics/settings')).json).toMatchObject({
      signUpEvent: 'Signed Up',
      reportingCurrency: 'USD',
      timeZone: 'UTC',
    });
    const bad = await call('PUT', '/v1/metrics/settings', { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.problems).toEqual([{ path: 'body.timeZone', message: expect.stringContaining('IANA') }]);
    const saved = await call('PUT', '/v1/metrics/settings', { timeZone: 'America/New_York' });
    expect(saved.status).toBe(200);
    expect((await call('GET', '/v1/metrics/settings')).json).toMatchObject({
      timeZone: 'America/New_York',
      order: { event: 'Order Completed' },
    });
  });
});

describe('the retention report over the API', () => {
  it('reads plain dates as midnight in the account’s time zone', async () => {
    const march = await call('GET', '/v1/metrics/report?start=2026-03-01&end=2026-04-01&granularity=month');
    expect(march.status).toBe(200);
    expect(march.json.timeZone).toBe('America/New_York');
    expect(march.json.buckets).toHaveLength(1);
    expect(march.json.buckets[0].start).toBe('2026-03-01T05:00:00.000Z'); // midnight EST
    // o2 (60) and o3 (20) are March's in New York; o1 (40) was still February there.
    expect(march.json.buckets[0].money.netRevenue.value).toBe(80);
    expect(march.json.buckets[0].purchaseFrequency.inputs).toMatchObject({ orders: 2 });
  });

  it('answers CSV, one figure per row with its inputs and formula', async () => {
    const csv = await call('GET', '/v1/metrics/report?start=2026-03-01&end=2026-04-01&granularity=month&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('bucket_start,bucket_end,metric,value,inputs,formula,undefined_because');
    expect(lines.find((l) => l.includes(',money.netRevenue,'))).toMatch(
      /^2026-03-01T05:00:00.000Z,2026-04-01T04:00:00.000Z,money.netRevenue,80,/,
    );
    expect(lines.find((l) => l.includes(',customerRetentionRate,'))).toMatch(
      /,customerRetentionRate,,.*there were no customers at the start/,
    );
    const byAccept = await call(
      'GET',
      '/v1/metrics/report?start=2026-03-01&end=2026-04-01&granularity=month',
      undefined,
      { accept: 'text/csv' },
    );
    expect(byAccept.text).toBe(csv.text);
  });

  it('refuses a bad request naming the query field: 400 when malformed, 422 when it cannot be answered', async () => {
    const notADate = await call('GET', '/v1/metrics/report?start=March&end=2026-04-01&granularity=month');
    expect(notADate.status).toBe(400);
    expect(notADate.json.error.problems.map((p: { path: string }) => p.path)).toEqual(['query.start']);
    const bad = await call('GET', '/v1/metrics/report?start=2026-03-01&end=2026-04-01&granularity=fortnight');
    expect(bad.status).toBe(400);
    expect(bad.json.error.problems.map((p: { path: string }) => p.path)).toEqual(['query.granularity']);
    const backwards = await call('GET', '/v1/metrics/report?start=2026-04-01&end=2026-03-01&granularity=month');
    expect(backwards.status).toBe(422); // well formed, but no period to report
    expect(backwards.json.error.problems.map((p: { path: string }) => p.path)).toEqual(['query.end']);
  });
});

describe('journey impact over the API', () => {
  it('compares a journey’s entrants with its holdout, in words and as CSV', async () => {
    const journey = {
      id: 'win-back',
      name: 'Win-back',
      settings: { holdout: 40 },
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Order Completed' } },
        { id: 'offer', type: 'send-email', config: { template: 'win-back-offer' } },
      ],
      edges: [{ from: 'start', to: 'offer' }],
    };
    expect((await call('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await call('POST', '/v1/journeys/win-back/publish', {})).status).toBe(200);
    // Exposures as the workflow records them, 100 days ago (a 90-day window has closed); orders 5 days later.
    const at = Date.now() - 100 * 86_400_000;
    const groups = [
      ['e1', 'entrants'],
      ['e2', 'entrants'],
      ['e3', 'entrants'],
      ['h1', 'holdout'],
      ['h2', 'holdout'],
    ] as const;
    for (const [userId, variant] of groups) {
      await recordExposure(db, {
        experimentKey: 'win-back:journey-holdout',
        journeyId: 'win-back',
        splitId: 'start',
        userId,
        variant,
        version: 1,
        workflowId: `w-${userId}`,
        exposedAt: new Date(at).toISOString(),
      });
    }
    const later = new Date(at + 5 * 86_400_000).toISOString();
    const store = new EventStore(db);
    await store.append([order('i1', 'e1', later, 50), order('i2', 'e2', later, 30), order('i3', 'h1', later, 10)]);

    const answer = await call('GET', '/v1/metrics/journeys?windowDays=90');
    expect(answer.status).toBe(200);
    const [row] = answer.json.journeys;
    expect(row).toMatchObject({ journeyId: 'win-back', name: 'Win-back', holdoutPercent: 40 });
    const all = row.groups[0];
    expect(all).toMatchObject({ label: 'All entrants', entrants: 3, holdout: 2 });
    // 2 of 3 came back against 1 of 2: +16.7 points; Wald interval by hand (and SciPy's norm.ppf): −70.8 to +104.1.
    const back = all.impact.lines.find((l: { measure: string }) => l.measure === 'return');
    expect(back.sentence).toBe(
      'Win-back: 90-day return 67% vs 50% in the holdout, +17 points (95% interval −71 to +104)',
    );
    expect(back.interval.lower).toBeCloseTo(-0.7078245, 6);
    const csv = await call('GET', '/v1/metrics/journeys?windowDays=90&format=csv');
    expect(csv.text.split('\n')[0]).toBe(
      'journey,group,measure,entrants,holdout,difference,interval_lower,interval_upper,sentence',
    );
    expect(csv.text).toContain('win-back,All entrants,return,0.6666666666666666,0.5,');
  });
});
