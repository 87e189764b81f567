// Routing with audiences: the same mix of calls routed for the same customers, with no audience defined
// and with 20 (a third of them mentioning the events or traits of the mix; the rest mention other
// things and must cost nearly nothing), in one run. The two alternate, a few rounds each, so a machine
// whose load drifts during the run weighs on both alike. Two mixes: the stress mix (every call is one
// an audience counts, and most flip a membership) and a mix like the demo generator's traffic (mostly
// page views and product events, few orders, identify calls that mostly repeat the same traits).
import { listAudiences, routingLag } from '../../engine/src/db/index.ts';
import type { Boomerang } from '../../engine/src/runtime/boomerang.ts';
import type { apiClient } from '../support/api.ts';

type Api = ReturnType<typeof apiClient>;

/** 20 audiences: 7 the routed mix touches (its event, its trait), 13 about other events and traits. */
export function twentyAudiences(): Array<{ id: string; name: string; condition: unknown }> {
  const touched = [
    { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 2, withinDays: 30 },
    { kind: 'performed', event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: 50 }] },
    {
      kind: 'all',
      of: [
        { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 1 },
        { kind: 'performed', event: 'Order Completed', op: 'at-most', times: 0, withinDays: 90 },
      ],
    },
    { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' },
    { kind: 'not', condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'free' } },
    { kind: 'trait', property: 'plan', op: 'exists' },
    {
      kind: 'any',
      of: [
        { kind: 'trait', property: 'plan', op: 'equals', value: 'business' },
        { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 3 },
      ],
    },
  ];
  const untouched = Array.from({ length: 13 }, (_, i) =>
    i % 2 === 0
      ? { kind: 'performed', event: `Other Event ${i}`, op: 'at-least', times: 1, withinDays: 7 }
      : { kind: 'trait', property: `otherTrait${i}`, op: 'equals', value: 'yes' },
  );
  return [...touched, ...untouched].map((condition, i) => ({
    id: `bench-audience-${i}`,
    name: `Bench audience ${i}`,
    condition,
  }));
}

/** The stress mix for `customers` customers, round `round`: an order, a page view and a plan change each (every round changes every plan). */
function stressCalls(customers: number, round: number) {
  return Array.from({ length: customers }, (_, i) => [
    {
      type: 'track',
      userId: `aud-${i}`,
      event: 'Order Completed',
      properties: { revenue: (i % 9) * 20 },
      messageId: `r${round}-o-${i}`,
    },
    { type: 'track', userId: `aud-${i}`, event: 'Page Viewed', messageId: `r${round}-p-${i}` },
    {
      type: 'identify',
      userId: `aud-${i}`,
      traits: { plan: ['free', 'pro', 'business'][(i + round) % 3] },
      messageId: `r${round}-i-${i}`,
    },
  ]).flat();
}

const PLANS = ['free', 'pro', 'business'];

/**
 * The demo-like mix, round `round`: per customer four page views and two product views; one customer
 * in ten orders (revenue 0 to 135); every customer's identify repeats their email, name and plan, and
 * one in twenty of them changes plan this round.
 */
function demoLikeCalls(customers: number, round: number) {
  return Array.from({ length: customers }, (_, i) => {
    const userId = `aud-${i}`;
    const changes = (i + round) % 20 === 0;
    const plan = PLANS[(i + (changes ? round : 0)) % 3];
    return [
      ...Array.from({ length: 4 }, (_, k) => ({
        type: 'page',
        userId,
        name: ['Home', 'Pricing', 'Docs', 'Blog'][k],
        properties: { path: `/${k}` },
        messageId: `d${round}-p${k}-${i}`,
      })),
      ...Array.from({ length: 2 }, (_, k) => ({
        type: 'track',
        userId,
        event: 'Product Viewed',
        properties: { sku: `sku-${(i + k) % 40}`, price: ((i + k) % 9) * 15 },
        messageId: `d${round}-v${k}-${i}`,
      })),
      ...((i + round) % 10 === 0
        ? [
            {
              type: 'track',
              userId,
              event: 'Order Completed',
              properties: { revenue: ((i + round) % 10) * 15 },
              messageId: `d${round}-o-${i}`,
            },
          ]
        : []),
      {
        type: 'identify',
        userId,
        traits: { email: `${userId}@example.com`, name: `Customer ${i}`, plan },
        messageId: `d${round}-i-${i}`,
      },
    ];
  }).flat();
}

/** The two mixes the benchmark routes. */
export const MIXES = { stress: stressCalls, 'demo-like': demoLikeCalls } as const;
export type Mix = keyof typeof MIXES;

async function routeAll(b: Boomerang, api: Api, calls: unknown[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < calls.length; i += 300) {
    const r = await api.batch({ batch: calls.slice(i, i + 300) });
    if (r.status !== 200) throw new Error(`/v1/batch answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
  while ((await routingLag(b.db)).unrouted > 0) await new Promise((r) => setTimeout(r, 20));
  return calls.length / ((performance.now() - t0) / 1000);
}

async function deleteAll(b: Boomerang, api: Api): Promise<void> {
  for (const a of await listAudiences(b.db)) {
    const r = await api.admin('DELETE', `/v1/audiences/${encodeURIComponent(a.id)}`);
    if (r.status !== 204) throw new Error(`DELETE /v1/audiences/${a.id} answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** How many Audience Entered / Exited events are stored, and how many stays opened or closed. */
async function membershipWrites(b: Boomerang): Promise<number> {
  const [row] = await b.db.query<{ n: string }>(
    "select count(*) as n from events where event in ('Audience Entered', 'Audience Exited')",
  );
  return Number(row?.n ?? 0);
}

/**
 * Events routed per second with no audience (the starter "Lapsed customers" deleted too) and with 20
 * defined, same customers, same mix, `pairs` rounds of each in turn; `extra` is the median of the pairs'
 * ratios of time per event, minus one; `changesPer300` the membership changes (each a stay written and
 * an Entered / Exited event) per 300 calls of the 20-audience rounds, after the backfill.
 */
export async function benchAudienceRouting(b: Boomerang, api: Api, mix: Mix, customers = 300, pairs = 5) {
  const callsOf = MIXES[mix];
  await deleteAll(b, api);
  // The customers exist before any measured round, so none pays for first sightings.
  let round = 0;
  await routeAll(b, api, callsOf(customers, round++));
  const none: number[] = [];
  const twenty: number[] = [];
  let changes = 0;
  let calls = 0;
  for (let pair = 0; pair < pairs; pair++) {
    none.push(await routeAll(b, api, callsOf(customers, round++)));
    for (const a of twentyAudiences()) {
      const r = await api.admin('POST', '/v1/audiences', a);
      if (r.status !== 201) throw new Error(`POST /v1/audiences ${a.id} answered ${r.status}: ${r.text.slice(0, 300)}`);
    }
    const before = await membershipWrites(b);
    const routed = callsOf(customers, round++);
    twenty.push(await routeAll(b, api, routed));
    changes += (await membershipWrites(b)) - before;
    calls += routed.length;
    await deleteAll(b, api);
  }
  const extras = none.map((n, i) => n / twenty[i]! - 1);
  const events = callsOf(customers, 1).length;
  return { mix, events, pairs, none, twenty, extras, extra: median(extras), changesPer300: (changes / calls) * 300 };
}

const whole = (x: number) => Math.round(x).toLocaleString('en-US');

/** Runs both mixes and prints their figures: the goal line is the demo-like mix's, the stress mix's beside it. */
export async function printAudienceRouting(b: Boomerang, api: Api): Promise<void> {
  for (const mix of ['demo-like', 'stress'] as const) {
    const r = await benchAudienceRouting(b, api, mix);
    console.log(
      `routing with 20 audiences vs none, ${mix} mix, same ${r.events} calls for the same customers, ${r.pairs} rounds of each in turn (${b.db.kind}): ${r.twenty.map(whole).join(', ')} vs ${r.none.map(whole).join(', ')} events/s; ${r.extras.map((x) => `${Math.round(x * 100)}%`).join(', ')} more time per event: median ${Math.round(r.extra * 100)}%${mix === 'demo-like' ? ' (goal <= 10%)' : ' (stress: not the goal)'}; ${whole(r.changesPer300)} membership changes (stay + event) per 300 calls`,
    );
  }
}
