import type { z } from 'zod';
import type { CancellationReason } from '../email/index.ts';
import { drawProfile } from './profile.ts';
import type { Draw } from './random.ts';

/** One Segment call of the demo history, as a `batch` entry carries it. */
export type DemoCall = { userId: string; messageId: string; timestamp: string } & (
  | { type: 'identify'; traits: Record<string, string> }
  | { type: 'track'; event: string; properties: Record<string, string | number> }
  | { type: 'page'; name: string; properties: { path: string } }
);

/** A call before it has its place in the customer's history (userId, messageId, timestamp). */
type Happening = { at: number } & (
  | { type: 'identify'; traits: Record<string, string> }
  | { type: 'track'; event: string; properties: Record<string, string | number> }
  | { type: 'page'; name: string; properties: { path: string } }
);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;

/** Subscription plans from cheapest to dearest, with their monthly price and how often new subscribers choose them. */
const PLANS = [
  { plan: 'starter', mrr: 19, share: 50 },
  { plan: 'pro', mrr: 49, share: 35 },
  { plan: 'business', mrr: 99, share: 15 },
] as const;
/** NPS answers 0..10 as customers give them: mostly 7-10, a tail of detractors (NPS about +25). */
const NPS_WEIGHTS = [3, 1, 2, 2, 3, 6, 7, 13, 20, 21, 22];
const REASON_WEIGHTS: Record<z.infer<typeof CancellationReason>, number> = {
  'too-expensive': 30,
  'missing-features': 20,
  'not-using-it': 25,
  switched: 15,
  other: 10,
};
const PAGES = [
  ['Pricing', '/pricing'],
  ['Docs', '/docs'],
  ['Blog', '/blog'],
  ['Changelog', '/changelog'],
  ['Integrations', '/integrations'],
] as const;

/** Where in time a history lies: sign-ups from `startMs`, every event before `endMs`. */
export interface Period {
  startMs: number;
  endMs: number;
}

/**
 * Sign-ups grow over the period: the density rises linearly to three times its starting value
 * (inverse of the CDF (x + x^2) / 2 on [0, 1)).
 */
function signUpTime(draw: Draw, period: Period): number {
  const x = (-1 + Math.sqrt(1 + 8 * draw.unit())) / 2;
  return period.startMs + x * (period.endMs - period.startMs - HOUR);
}

/** Cents, as a shop writes amounts. */
const money = (amount: number) => Math.round(amount * 100) / 100;

/**
 * One customer's life from sign-up to the end of the period: identify, Signed Up, perhaps Activated,
 * page views, orders (some refunded), subscriptions with upgrades, downgrades, cancellations (with
 * a survey answer) and reactivations, and NPS answers; in time order, with messageIds from the seed.
 */
export function customerHistory(draw: Draw, period: Period, seed: number, n: number): DemoCall[] {
  const userId = `demo-${n}`;
  const profile = drawProfile(draw);
  const { currency } = profile;
  const happenings: Happening[] = [];
  const add = (happening: Happening) => {
    if (happening.at < period.endMs) happenings.push(happening);
  };
  const signUp = signUpTime(draw, period);
  const { firstName, lastName, country, locale, timezone } = profile;
  add({
    at: signUp,
    type: 'identify',
    traits: {
      email: `demo+${n}@example.com`,
      firstName,
      lastName,
      plan: 'free',
      country,
      locale,
      timezone,
      createdAt: new Date(Math.floor(signUp)).toISOString(),
    },
  });
  add({
    at: signUp + 1000,
    type: 'track',
    event: 'Signed Up',
    properties: {
      method: draw.weighted([
        ['email', 6],
        ['google', 3],
        ['github', 1],
      ]),
    },
  });

  // The key onboarding action: about 60% take it, most within a day, some after days (log-normal delay).
  const activatedAt = draw.chance(0.6)
    ? signUp + Math.min(30 * DAY, HOUR / 4 + draw.logNormal(18 * HOUR, 1.2))
    : undefined;
  const activated = activatedAt !== undefined && activatedAt < period.endMs;
  if (activatedAt !== undefined) add({ at: activatedAt, type: 'track', event: 'Activated', properties: {} });

  const pages = draw.int(0, activated ? 12 : 4);
  for (let i = 0; i < pages; i++) {
    const [name, path] = draw.pick(PAGES);
    add({ at: signUp + 2000 + draw.unit() * 90 * DAY, type: 'page', name, properties: { path } });
  }

  subscriptions(
    draw,
    period,
    activated ? 0.5 : 0.08,
    (activatedAt ?? signUp) + draw.exponential(4 * DAY),
    activated ? 0.035 : 0.08,
    currency,
    add,
  );
  orders(draw, period, signUp, activated ? 0.65 : 0.3, `ord-${seed}-${n}`, currency, add);

  // An NPS survey a month after sign-up and every quarter after; about a third answer.
  for (let at = signUp + MONTH; at < period.endMs; at += 3 * MONTH) {
    if (!draw.chance(0.3)) continue;
    const score = draw.weighted(NPS_WEIGHTS.map((w, s) => [s, w] as const));
    add({
      at: at + draw.exponential(DAY),
      type: 'track',
      event: 'NPS Submitted',
      properties: { survey: 'nps', score },
    });
  }

  // Stable sort: calls at the same millisecond keep the order they were made in.
  happenings.sort((a, b) => a.at - b.at);
  return happenings.map(({ at, ...call }, k) => ({
    userId,
    messageId: `demo-${seed}-${n}-${k}`,
    timestamp: new Date(Math.floor(at)).toISOString(),
    ...call,
  }));
}

/**
 * Subscribes with probability `p` at `firstStart`; each month a subscriber may cancel (`monthlyChurn`),
 * upgrade or downgrade; a cancelled customer answers the cancellation survey about half the time
 * and may start again later (about 5% a month).
 */
function subscriptions(
  draw: Draw,
  period: Period,
  p: number,
  firstStart: number,
  monthlyChurn: number,
  currency: string,
  add: (h: Happening) => void,
): void {
  if (!draw.chance(p)) return;
  let start = firstStart;
  for (let reactivations = 0; start < period.endMs && reactivations <= 3; reactivations++) {
    let plan = draw.weighted(PLANS.map((p, i) => [i, p.share] as const));
    const details = () => ({ plan: PLANS[plan]!.plan, mrr: PLANS[plan]!.mrr, currency });
    add({ at: start, type: 'track', event: 'Subscription Started', properties: details() });
    add({ at: start + 1, type: 'identify', traits: { plan: PLANS[plan]!.plan } });
    let cancelledAt: number | undefined;
    for (let month = start; month < period.endMs && cancelledAt === undefined; month += MONTH) {
      const at = month + (0.05 + 0.9 * draw.unit()) * MONTH;
      const roll = draw.unit();
      if (roll < monthlyChurn) {
        cancelledAt = at;
        add({ at, type: 'track', event: 'Subscription Cancelled', properties: details() });
        add({ at: at + 1, type: 'identify', traits: { plan: 'free' } });
        if (draw.chance(0.45)) {
          const reason = draw.weighted(Object.entries(REASON_WEIGHTS));
          add({
            at: at + HOUR / 6 + draw.exponential(2 * HOUR),
            type: 'track',
            event: 'Cancellation Survey Answered',
            properties: { survey: 'cancellation', reason },
          });
        }
      } else if (roll < monthlyChurn + 0.03 && plan < PLANS.length - 1) {
        plan += 1;
        add({ at, type: 'track', event: 'Subscription Changed', properties: details() });
        add({ at: at + 1, type: 'identify', traits: { plan: PLANS[plan]!.plan } });
      } else if (roll > 1 - 0.015 && plan > 0) {
        plan -= 1;
        add({ at, type: 'track', event: 'Subscription Changed', properties: details() });
        add({ at: at + 1, type: 'identify', traits: { plan: PLANS[plan]!.plan } });
      }
    }
    if (cancelledAt === undefined) return;
    start = cancelledAt + DAY + draw.exponential(20 * MONTH);
  }
}

/**
 * A shopper (probability `p`) orders at a rate of their own (median 1.6 a month, a long tail of
 * frequent buyers) until they drift away (mean 16 months); about 4% of orders are refunded.
 */
function orders(
  draw: Draw,
  period: Period,
  signUp: number,
  p: number,
  orderPrefix: string,
  currency: string,
  add: (h: Happening) => void,
): void {
  if (!draw.chance(p)) return;
  const perMonth = Math.min(10, draw.logNormal(1.6, 0.9));
  const until = Math.min(period.endMs, signUp + draw.exponential(16 * MONTH));
  let at = signUp + HOUR + draw.exponential(5 * DAY);
  for (let k = 1; at < until && k <= 150; k++) {
    const details = { order_id: `${orderPrefix}-${k}`, revenue: money(Math.max(5, draw.logNormal(42, 0.6))), currency };
    add({ at, type: 'track', event: 'Order Completed', properties: details });
    if (draw.chance(0.04))
      add({ at: at + HOUR + draw.exponential(5 * DAY), type: 'track', event: 'Order Refunded', properties: details });
    at += draw.exponential(MONTH / perMonth);
  }
}
