import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getRetentionSettings,
  migrate,
  openDatabase,
  saveRetentionSettings,
  type Database,
} from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { cohortReport, lifecycleReport, retentionReport } from '../../../engine/src/reports/index.ts';
import { RetentionReport, RetentionSettings, type BucketReport } from '../../../engine/src/retention/index.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

// One hand-worked March 2026 (UTC) of a small subscription business that also sells one-off orders,
// ingested through the real event store. Every expected value below is worked out by hand in the comments.
//
// Subscriptions (mrr in USD unless said):            at Mar 1    at Apr 1
//   a: Started Jan 10 (100), Changed Mar 5 (150)        100          150   expansion 50
//   b: Started Feb 1 (50), Cancelled Mar 10             50           -     churned 50 (lost)
//   c: Started Feb 2 (80), Cancelled Mar 3, Started Mar 20 (80)  80  80    churns and comes back: no movement, retained
//   d: Started Jan 5 (40), Cancelled Feb 10, Started Mar 15 (60)  -  60    won back: reactivation 60
//   e: Started Mar 8 (30)                               -            30    acquired: new 30
//   f: Started Mar 9 (20), Cancelled Mar 25             -            -     in and out inside March: counted nowhere
//   g: Started Feb 20 (200 EUR), Changed Mar 12 (120 EUR)  200 EUR  120 EUR  contraction 80 EUR, reported apart
//   h: Started Feb 25 (70), Changed Mar 28 (30)         70           30    contraction 40
// CS = {a,b,c,g,h} = 5; CE = {a,c,d,e,g,h} = 6; CN = {d (won back), e (acquired)} = 2.
// CRR = (6 - 2) / 5 = 0.8; lost = 5 - (6 - 2) = 1 (b); churn = 1 / 5 = 0.2.
// USD MRR: start 100+50+80+70 = 300; end 150+80+60+30+30 = 350; existing at end (a,b,c,h) 150+0+80+30 = 260.
// MRR churn (50 + 40) / 300 = 0.3; GRR (300 - 50 - 40) / 300 = 0.7; NRR (300 + 50 - 40 - 50) / 300 = 0.8667;
// growth from existing (260 - 300) / 300 = -0.1333. EUR: start 200, end 120, GRR (200 - 80) / 200 = 0.6.
//
// Orders: a Feb 14 revenue 100; a Mar 6 revenue 40; a Mar 18 total 60 (no revenue: total is read); b Feb 3 revenue 30;
// e Mar 8 revenue 25 EUR; i Mar 21 revenue 50 order_id o-i, refunded Mar 22 by order_id with no amount (so 50);
// a refund Mar 30 total 10; k Jan 1 revenue 15 and Mar 15 revenue 20.
// March orders: a 2, e 1, i 1, k 1 = 5; buyers {a,e,i,k} = 4; two or more: {a} = 1 -> ratio 0.25; frequency 5/4.
// Bought before March {a,b,k} = 3, of them again in March {a,k} = 2 -> returning rate 2/3.
// Ever bought by Apr 1 {a,b,e,i,k} = 5, more than once {a,k} = 2 -> repeat customer rate 0.4.
// USD: 4 orders, gross 40+60+50+20 = 170, refunds 50+10 = 60, net 110, AOV 110/4 = 27.5. EUR: 1 order, 25 net, apart.
// CLV (gross margin 0.5) = 27.5 x 1.25 x 0.5 / 0.2 = 85.9375.
//
// NPS last answers in March: a 10 (promoter), b 9 then 6 (last: detractor), c 8, d 3, e "7" (string), f 11 (not 0-10: ignored);
// g 10 in February (outside). Promoters 1, passives 2, detractors 2, answered 5 -> 100 x (1 - 2) / 5 = -20.
// Cancellation reasons in March: too-expensive x2 (b, f), missing-features x1 (c); "other" in February is outside.
// Signed up in March: e (Mar 1 00:00), f (Mar 2 00:00), j (Mar 5). e activated 30 min later (1800 s), f 2 days later
// (172800 s), j only before signing up (does not count). a signed up in January (outside). Rate 2/3;
// median of [1800, 172800] = 87300 s; distribution: under 1 hour 1, 1 to 7 days 1.
// Cancellations in March: b (contract end Jun 1: early), f (Dec 31: early), c (Mar 1: not early), and x, who never
// subscribed, with contract end "soon" (not a date). Early cancellation rate = 2 / 3 stating a date, of 4 cancellations.
// MRR as a trait (identify): t1 100 -> 120 (expansion 20), t2 50 -> 0 (churned 50), t3 "40" from Mar 5 (new 40);
// t4's identify has no mrr. Start 150, end 160; NRR (150 + 20 - 50) / 150 = 0.8.
// Earliest event is 2026-01-01: less than a year before Apr 1, so YoY ARR growth is undefined.

const track = (userId: string, event: string, at: string, properties: Record<string, unknown> = {}): IncomingEvent => ({
  type: 'track',
  messageId: `${userId}-${event}-${at}`,
  userId,
  anonymousId: undefined,
  event,
  properties,
  traits: {},
  context: {},
  timestamp: new Date(`2026-${at}Z`).toISOString(),
});
const started = (u: string, at: string, mrr: number, currency?: string) =>
  track(u, 'Subscription Started', at, { mrr, ...(currency ? { currency } : {}) });
const changed = (u: string, at: string, mrr: number, currency?: string) =>
  track(u, 'Subscription Changed', at, { mrr, ...(currency ? { currency } : {}) });
const cancelled = (u: string, at: string, contractEnd?: string) =>
  track(u, 'Subscription Cancelled', at, contractEnd ? { contract_end: contractEnd } : {});
const identify = (userId: string, at: string, traits: Record<string, unknown>): IncomingEvent => ({
  type: 'identify',
  messageId: `${userId}-identify-${at}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits,
  context: {},
  timestamp: new Date(`2026-${at}Z`).toISOString(),
});

const HISTORY: IncomingEvent[] = [
  started('a', '01-10T09:00:00', 100),
  changed('a', '03-05T09:00:00', 150),
  started('b', '02-01T09:00:00', 50),
  cancelled('b', '03-10T09:00:00', '2026-06-01'),
  started('c', '02-02T09:00:00', 80),
  cancelled('c', '03-03T09:00:00', '2026-03-01'),
  started('c', '03-20T09:00:00', 80),
  started('d', '01-05T09:00:00', 40),
  cancelled('d', '02-10T09:00:00'),
  started('d', '03-15T09:00:00', 60),
  started('e', '03-08T09:00:00', 30),
  started('f', '03-09T09:00:00', 20),
  cancelled('f', '03-25T09:00:00', '2026-12-31'),
  cancelled('x', '03-26T09:00:00', 'soon'),
  started('g', '02-20T09:00:00', 200, 'EUR'),
  changed('g', '03-12T09:00:00', 120, 'EUR'),
  started('h', '02-25T09:00:00', 70),
  changed('h', '03-28T09:00:00', 30),
  track('a', 'Order Completed', '02-14T10:00:00', { revenue: 100 }),
  track('a', 'Order Completed', '03-06T10:00:00', { revenue: 40 }),
  track('a', 'Order Completed', '03-18T10:00:00', { total: 60 }),
  track('b', 'Order Completed', '02-03T10:00:00', { revenue: 30 }),
  track('e', 'Order Completed', '03-08T10:00:00', { revenue: 25, currency: 'EUR' }),
  track('i', 'Order Completed', '03-21T10:00:00', { revenue: 50, order_id: 'o-i' }),
  track('i', 'Order Refunded', '03-22T10:00:00', { order_id: 'o-i' }),
  track('a', 'Order Refunded', '03-30T10:00:00', { total: 10 }),
  track('k', 'Order Completed', '01-01T10:00:00', { revenue: 15 }),
  track('k', 'Order Completed', '03-15T10:00:00', { revenue: 20 }),
  track('a', 'NPS Submitted', '03-02T11:00:00', { score: 10 }),
  track('b', 'NPS Submitted', '03-02T11:00:00', { score: 9 }),
  track('b', 'NPS Submitted', '03-09T11:00:00', { score: 6 }),
  track('c', 'NPS Submitted', '03-02T11:00:00', { score: 8 }),
  track('d', 'NPS Submitted', '03-02T11:00:00', { score: 3 }),
  track('e', 'NPS Submitted', '03-09T11:00:00', { score: '7' }),
  track('f', 'NPS Submitted', '03-10T11:00:00', { score: 11 }),
  track('g', 'NPS Submitted', '02-10T11:00:00', { score: 10 }),
  track('b', 'Cancellation Survey Answered', '03-10T10:00:00', { reason: 'too-expensive' }),
  track('f', 'Cancellation Survey Answered', '03-25T10:00:00', { reason: 'too-expensive' }),
  track('c', 'Cancellation Survey Answered', '03-03T10:00:00', { reason: 'missing-features' }),
  track('d', 'Cancellation Survey Answered', '02-10T10:00:00', { reason: 'other' }),
  track('a', 'Signed Up', '01-01T08:00:00'),
  track('a', 'Activated', '03-02T08:00:00'),
  track('e', 'Signed Up', '03-01T00:00:00'),
  track('e', 'Activated', '03-01T00:30:00'),
  track('f', 'Signed Up', '03-02T00:00:00'),
  track('f', 'Activated', '03-04T00:00:00'),
  track('j', 'Activated', '03-04T00:00:00'),
  track('j', 'Signed Up', '03-05T00:00:00'),
  identify('t1', '02-10T09:00:00', { mrr: 100 }),
  identify('t1', '03-10T09:00:00', { mrr: 120 }),
  identify('t2', '02-15T09:00:00', { mrr: 50 }),
  identify('t2', '03-20T09:00:00', { mrr: 0 }),
  identify('t3', '03-05T09:00:00', { mrr: '40' }),
  identify('t4', '03-06T09:00:00', { plan: 'free' }),
];

const MARCH = { start: '2026-03-01T00:00:00Z', end: '2026-04-01T00:00:00Z', granularity: 'month' } as const;

describe.each(['pglite', 'postgres'] as const)('retention report on %s', (kind) => {
  let db: Database;
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    db = await openDatabase({ databaseUrl: server?.url, dataDir: mkdtempSync(join(tmpdir(), 'boomerang-retention-')) });
    await migrate(db);
    expect((await new EventStore(db).append(HISTORY)).stored).toBe(HISTORY.length);
  }, 90_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  const march = async (settings: Partial<RetentionSettings> = {}): Promise<BucketReport> => {
    const report = await retentionReport(db, RetentionSettings.parse({ grossMargin: 0.5, ...settings }), MARCH);
    if ('violations' in report) throw new Error(JSON.stringify(report.violations));
    expect(RetentionReport.safeParse(report).success).toBe(true);
    expect(report.buckets).toHaveLength(1);
    return report.buckets[0]!;
  };

  it('customer retention and churn count the churn-and-return customer as retained and the won-back one as new', async () => {
    const m = await march();
    expect(m.customerRetentionRate).toEqual({ value: 0.8, inputs: { CS: 5, CE: 6, CN: 2 }, formula: '(CE - CN) / CS' });
    expect(m.churnRate.value).toBeCloseTo(0.2, 12);
    expect(m.churnRate.inputs).toEqual({ lost: 1, CS: 5 });
  });

  it('MRR movements, MRR churn, GRR, NRR and growth from existing customers, EUR reported apart', async () => {
    const r = (await march()).recurringRevenue;
    expect([r.mrrAtStart.value, r.mrrAtEnd.value]).toEqual([300, 350]);
    expect(Object.fromEntries(Object.entries(r.movements).map(([k, f]) => [k, f.value]))).toEqual({
      new: 30,
      reactivation: 60,
      expansion: 50,
      contraction: 40,
      churned: 50,
      net: 50,
    });
    expect(r.mrrChurnRate.value).toBeCloseTo(0.3, 12);
    expect(r.grossRevenueRetention.value).toBeCloseTo(0.7, 12);
    expect(r.netRevenueRetention.value).toBeCloseTo(260 / 300, 12);
    expect(r.existingRevenueGrowth.value).toBeCloseTo(-40 / 300, 12);
    const eur = (await march()).otherRecurringRevenue;
    expect(
      eur.map((x) => [
        x.currency,
        x.mrrAtStart.value,
        x.mrrAtEnd.value,
        x.movements.contraction.value,
        x.grossRevenueRetention.value,
      ]),
    ).toEqual([['EUR', 200, 120, 80, 0.6]]);
  });

  it('orders: returning, repeat purchase and repeat customer rates, frequency, refunds, AOV and CLV; EUR never summed into USD', async () => {
    const m = await march();
    expect(m.returningCustomerRate.value).toBeCloseTo(2 / 3, 12);
    expect(m.returningCustomerRate.inputs).toEqual({ returned: 2, priorBuyers: 3 });
    expect(m.repeatPurchaseRatio.value).toBe(0.25);
    expect(m.repeatCustomerRate.value).toBe(0.4);
    expect(m.purchaseFrequency.value).toBe(1.25);
    expect(m.money).toMatchObject({
      currency: 'USD',
      netRevenue: { value: 110, inputs: { gross: 170, refunds: 60 } },
      averageOrderValue: { value: 27.5 },
    });
    expect(m.otherCurrencies.map((c) => [c.currency, c.netRevenue.value, c.averageOrderValue.value])).toEqual([
      ['EUR', 25, 25],
    ]);
    expect(m.customerLifetimeValue.value).toBeCloseTo(85.9375, 10);
    expect(m.customerLifetimeValue.inputs).toMatchObject({ AOV: 27.5, frequency: 1.25, grossMargin: 0.5 });
  });

  it("NPS from each customer's last answer, churn reasons, activation and time to value, and no YoY growth before a year of data", async () => {
    const m = await march();
    expect(m.npsDistribution).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1]);
    expect(m.netPromoterScore).toMatchObject({
      value: -20,
      inputs: { promoters: 1, passives: 2, detractors: 2, answered: 5 },
    });
    expect(m.churnReasons).toEqual([
      { reason: 'too-expensive', count: 2, share: 2 / 3 },
      { reason: 'missing-features', count: 1, share: 1 / 3 },
    ]);
    expect(m.activationRate.value).toBeCloseTo(2 / 3, 12);
    expect(m.timeToValue.median.value).toBe(87_300);
    expect(m.timeToValue.distribution.map((d) => d.count)).toEqual([1, 0, 1, 0, 0]);
    expect(m.yearOverYearArrGrowth.value).toBeUndefined();
    expect(m.yearOverYearArrGrowth.reason).toMatch(/less than a year of data/);
  });

  it('early cancellation rate from the contract end the cancellation states; a property that is not a date is left out', async () => {
    expect((await march()).earlyCancellationRate).toMatchObject({
      value: 2 / 3,
      inputs: { early: 2, withContractEnd: 3, cancellations: 4 },
    });
  });

  it('MRR read from an mrr trait set by identify calls', async () => {
    const r = (await march({ mrr: { source: 'trait', trait: 'mrr' } })).recurringRevenue;
    expect([
      r.mrrAtStart.value,
      r.mrrAtEnd.value,
      r.movements.expansion.value,
      r.movements.churned.value,
      r.movements.new.value,
    ]).toEqual([150, 160, 20, 50, 40]);
    expect(r.netRevenueRetention.value).toBeCloseTo(0.8, 12);
  });

  it('shops: with churn as no order for 30 days, customers are those who ordered in the 30 days before each end', async () => {
    // At Mar 1: ordered in [Jan 30, Mar 1): a (Feb 14), b (Feb 3) -> CS 2. At Apr 1: ordered in [Mar 2, Apr 1): a, e, i, k -> CE 4.
    // e and i never ordered before: acquired 2; k ordered on Jan 1: won back 1. CRR = (4 - 3) / 2 = 0.5 (b lost).
    const m = await march({ churn: { kind: 'no-order', days: 30 } });
    expect(m.customerRetentionRate).toEqual({ value: 0.5, inputs: { CS: 2, CE: 4, CN: 3 }, formula: '(CE - CN) / CS' });
  });

  it('YoY ARR growth once the events reach back a year: Feb 2027 against Mar 1 2026 -> (12 x 350 - 12 x 300) / (12 x 300) = 1/6', async () => {
    // Nothing happens after March 2026, so MRR on 2027-03-01 is the 350 of 2026-04-01; a year before, on 2026-03-01, it was 300.
    const report = await retentionReport(db, RetentionSettings.parse({}), {
      start: '2027-02-01T00:00:00Z',
      end: '2027-03-01T00:00:00Z',
      granularity: 'month',
    });
    if ('violations' in report) throw new Error('refused');
    expect(report.buckets[0]!.yearOverYearArrGrowth.inputs).toEqual({ arrNow: 4200, arrYearAgo: 3600 });
    expect(report.buckets[0]!.yearOverYearArrGrowth.value).toBeCloseTo(1 / 6, 12);
  });

  it('an empty period gives undefined rates with reasons in words, not 0 or 100%', async () => {
    const report = await retentionReport(db, RetentionSettings.parse({}), {
      start: '2020-01-01T00:00:00Z',
      end: '2020-01-08T00:00:00Z',
      granularity: 'week',
    });
    if ('violations' in report) throw new Error('refused');
    const w = report.buckets[0]!;
    for (const f of [
      w.customerRetentionRate,
      w.churnRate,
      w.repeatPurchaseRatio,
      w.netPromoterScore,
      w.activationRate,
      w.recurringRevenue.netRevenueRetention,
      w.customerLifetimeValue,
      w.stickiness,
    ]) {
      expect(f.value).toBeUndefined();
      expect(f.reason).toMatch(/^[a-z].{10,}/);
    }
  });

  it('a bad request is refused with where and what', async () => {
    expect(
      await retentionReport(db, RetentionSettings.parse({}), {
        start: '2026-03-01T00:00:00Z',
        end: '2026-02-01T00:00:00Z',
        granularity: 'fortnight',
      }),
    ).toEqual({ violations: expect.arrayContaining([expect.objectContaining({ path: 'granularity' })]) });
    expect(
      await retentionReport(db, RetentionSettings.parse({}), {
        start: '2000-01-01T00:00:00Z',
        end: '2026-01-01T00:00:00Z',
        granularity: 'day',
      }),
    ).toEqual({
      violations: [expect.objectContaining({ path: 'granularity', message: expect.stringMatching(/more than 400/) })],
    });
  });

  it('bad cohort and lifecycle requests are refused with where and what', async () => {
    const s = RetentionSettings.parse({});
    expect(
      await cohortReport(db, s, { start: '2026-01-01T00:00:00Z', end: '2026-04-01T00:00:00Z', unit: 'day' }),
    ).toEqual({ violations: [expect.objectContaining({ path: 'unit' })] });
    expect(
      await lifecycleReport(db, s, { start: '2026-04-01T00:00:00Z', end: '2026-01-01T00:00:00Z', granularity: 'week' }),
    ).toEqual({ violations: [{ path: 'end', message: 'start must be before end' }] });
  });

  it('settings are stored in one row; bad settings come back as violations with paths and nothing is stored', async () => {
    expect((await getRetentionSettings(db)).signUpEvent).toBe('Signed Up');
    const saved = await saveRetentionSettings(db, { reportingCurrency: 'EUR', churn: { kind: 'no-order', days: 60 } });
    expect(saved.violations).toEqual([]);
    expect(await getRetentionSettings(db)).toMatchObject({
      reportingCurrency: 'EUR',
      churn: { kind: 'no-order', days: 60 },
      order: { event: 'Order Completed' },
    });
    const bad = await saveRetentionSettings(db, {
      timeZone: 'Mars/Olympus',
      reportingCurrency: 'euro',
      churn: { kind: 'no-order', days: 0 },
    });
    expect(bad.violations.map((v) => v.path).sort()).toEqual(['churn.days', 'reportingCurrency', 'timeZone']);
    expect((await getRetentionSettings(db)).reportingCurrency).toBe('EUR');
  });
});
