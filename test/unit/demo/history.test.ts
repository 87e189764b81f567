import { describe, expect, it } from 'vitest';
import { demoCalls, demoCustomers, type DemoCall } from '../../../engine/src/demo/index.ts';
import { CancellationReason } from '../../../engine/src/email/index.ts';
import { BatchItem } from '../../../engine/src/events/index.ts';

// Properties of the generated history, counted here from the calls themselves.
const options = { customers: 2000, months: 12, seed: 7, end: '2026-01-01T00:00:00.000Z' };
const customers = [...demoCustomers(options)];
const calls = customers.flatMap((c) => c.calls);
const tracks = (name: string) =>
  calls.filter((c): c is Extract<DemoCall, { type: 'track' }> => c.type === 'track' && c.event === name);
const signUps = tracks('Signed Up');

describe('the demo history is deterministic', () => {
  it('gives byte-identical calls for the same seed and options', () => {
    const again = JSON.stringify([...demoCalls(options)]);
    expect(again).toBe(JSON.stringify(calls));
  });

  it('gives another history for another seed, with other messageIds', () => {
    const other = [...demoCalls({ ...options, seed: 8, customers: 50 })];
    const mine = calls.filter((c) => Number(c.userId.slice(5)) <= 50);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(mine));
    const ids = new Set(mine.map((c) => c.messageId));
    expect(other.filter((c) => ids.has(c.messageId))).toEqual([]);
  });

  it('gives every call its own messageId', () => {
    expect(new Set(calls.map((c) => c.messageId)).size).toBe(calls.length);
  });
});

describe('who the customers are', () => {
  it('makes exactly the customers asked for, each identified once with an email and signed up once', () => {
    expect(customers.length).toBe(2000);
    expect(new Set(customers.map((c) => c.userId)).size).toBe(2000);
    expect(signUps.length).toBe(2000);
    const emails = calls.filter((c) => c.type === 'identify' && c.traits.email !== undefined);
    expect(emails.length).toBe(2000);
    expect(emails.find((c) => c.userId === 'demo-17')).toMatchObject({ traits: { email: 'demo+17@example.com' } });
    for (const c of emails)
      if (c.type === 'identify')
        expect(Object.keys(c.traits)).toEqual(
          expect.arrayContaining(['email', 'firstName', 'plan', 'country', 'locale', 'timezone']),
        );
  });

  it('makes only calls the ingest API accepts', () => {
    const refused = calls.filter((c) => !BatchItem.safeParse(c).success);
    expect(refused).toEqual([]);
  });
});

describe('when things happen', () => {
  const start = Date.parse('2025-01-01T00:00:00.000Z');
  const end = Date.parse(options.end);

  it("keeps every event inside the period and each customer's events in time order", () => {
    for (const { calls: own } of customers) {
      const times = own.map((c) => Date.parse(c.timestamp));
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times[0]).toBeGreaterThanOrEqual(start);
      expect(times.at(-1)).toBeLessThan(end);
      expect(own[0]?.type).toBe('identify');
    }
  });

  it('spreads sign-ups over all 12 months, growing: the last quarter brings more than the first', () => {
    const months = new Map<string, number>();
    for (const s of signUps) months.set(s.timestamp.slice(0, 7), (months.get(s.timestamp.slice(0, 7)) ?? 0) + 1);
    expect([...months.keys()].sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
    );
    const quarter = (q: number) =>
      [1, 2, 3].reduce((sum, m) => sum + (months.get(`2025-${String(3 * q + m).padStart(2, '0')}`) ?? 0), 0);
    expect(quarter(3)).toBeGreaterThan(1.5 * quarter(0));
  });

  it('activates about 60% of the customers who signed up over a month before the end (within 4 points)', () => {
    const month = 30 * 86_400_000;
    const old = new Set(signUps.filter((s) => Date.parse(s.timestamp) < end - month).map((s) => s.userId));
    const activated = new Set(
      tracks('Activated')
        .filter((a) => old.has(a.userId))
        .map((a) => a.userId),
    );
    expect(old.size).toBeGreaterThan(1500);
    expect(Math.abs(activated.size / old.size - 0.6)).toBeLessThan(0.04);
    expect(tracks('Activated').length).toBe(new Set(tracks('Activated').map((a) => a.userId)).size);
  });
});

describe('subscriptions, orders and surveys', () => {
  it('changes or cancels only a running subscription, and starts one only when none runs', () => {
    let reactivations = 0;
    for (const { calls: own } of customers) {
      let running = false;
      let cancelledBefore = false;
      for (const c of own) {
        if (c.type !== 'track') continue;
        if (c.event === 'Subscription Started') {
          expect(running).toBe(false);
          if (cancelledBefore) reactivations += 1;
          running = true;
        } else if (c.event === 'Subscription Changed') {
          expect(running).toBe(true);
        } else if (c.event === 'Subscription Cancelled') {
          expect(running).toBe(true);
          running = false;
          cancelledBefore = true;
        }
        if (c.event.startsWith('Subscription '))
          expect(Object.keys(c.properties).sort()).toEqual(['currency', 'mrr', 'plan']);
      }
    }
    expect(reactivations).toBeGreaterThan(0);
    expect(tracks('Subscription Changed').length).toBeGreaterThan(0);
  });

  it('churns a few percent of subscribers a month', () => {
    // subscriber-months: from each start to its cancellation or the end of the period
    const end = Date.parse(options.end);
    let months = 0;
    for (const { calls: own } of customers) {
      let since: number | undefined;
      for (const c of own) {
        if (c.type !== 'track') continue;
        if (c.event === 'Subscription Started') since = Date.parse(c.timestamp);
        if (c.event === 'Subscription Cancelled' && since !== undefined) {
          months += (Date.parse(c.timestamp) - since) / (30 * 86_400_000);
          since = undefined;
        }
      }
      if (since !== undefined) months += (end - since) / (30 * 86_400_000);
    }
    const churn = tracks('Subscription Cancelled').length / months;
    expect(churn).toBeGreaterThan(0.02);
    expect(churn).toBeLessThan(0.08);
  });

  it('answers NPS with whole scores 0..10, mostly promoters and passives, and cancellation surveys with a known reason', () => {
    const scores = tracks('NPS Submitted').map((c) => c.properties.score);
    expect(scores.length).toBeGreaterThan(100);
    for (const s of scores) expect(Number.isInteger(s) && Number(s) >= 0 && Number(s) <= 10).toBe(true);
    expect(tracks('NPS Submitted').every((c) => c.properties.survey === 'nps')).toBe(true);
    const share = (test: (s: number) => boolean) => scores.filter((s) => test(Number(s))).length / scores.length;
    expect(share((s) => s >= 9)).toBeGreaterThan(share((s) => s <= 6));
    expect(new Set(scores).size).toBe(11);
    const reasons = tracks('Cancellation Survey Answered').map((c) => c.properties.reason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(CancellationReason.options).toContain(r);
  });

  it('has repeat buyers, refunds of earlier orders only, and prices in USD mostly, some EUR', () => {
    const orders = tracks('Order Completed');
    const perCustomer = new Map<string, number>();
    for (const o of orders) perCustomer.set(o.userId, (perCustomer.get(o.userId) ?? 0) + 1);
    expect([...perCustomer.values()].filter((n) => n >= 2).length).toBeGreaterThan(0.5 * perCustomer.size);
    expect(Math.max(...perCustomer.values())).toBeGreaterThanOrEqual(20);
    const byId = new Map(orders.map((o) => [o.properties.order_id, o]));
    expect(byId.size).toBe(orders.length);
    const refunds = tracks('Order Refunded');
    expect(refunds.length).toBeGreaterThan(0);
    for (const r of refunds) {
      const order = byId.get(r.properties.order_id);
      expect(order?.properties).toEqual(r.properties);
      expect(order?.userId).toBe(r.userId);
      expect(Date.parse(r.timestamp)).toBeGreaterThan(Date.parse(order?.timestamp ?? ''));
    }
    for (const o of orders) expect(o.properties.revenue).toBeGreaterThan(0);
    const usd = orders.filter((o) => o.properties.currency === 'USD').length;
    const eur = orders.filter((o) => o.properties.currency === 'EUR').length;
    expect(usd + eur).toBe(orders.length);
    expect(usd).toBeGreaterThan(2 * eur);
    expect(eur).toBeGreaterThan(0);
  });

  it('has a few page views', () => {
    expect(calls.filter((c) => c.type === 'page').length).toBeGreaterThan(0);
  });
});
