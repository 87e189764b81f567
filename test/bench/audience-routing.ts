// Routing with audiences: the same mix of calls routed for the same customers, with no audience defined
// and with 20 (a third of them mentioning the events or traits of the mix, so they are re-evaluated per
// call; the rest mention other things and must cost nearly nothing), in one run. The two alternate, a
// few rounds each, so a machine whose load drifts during the run weighs on both alike.
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

/** The mix for `customers` customers, round `round`: an order, a page view and a plan change each (every round changes every plan). */
function callsOf(customers: number, round: number) {
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

/**
 * Events routed per second with no audience (the starter "Lapsed customers" deleted too) and with 20
 * defined, same customers, same mix, `pairs` rounds of each in turn; `extra` is the median of the pairs'
 * ratios of time per event, minus one.
 */
export async function benchAudienceRouting(b: Boomerang, api: Api, customers = 300, pairs = 5) {
  await deleteAll(b, api);
  // The customers exist before any measured round, so none pays for first sightings.
  let round = 0;
  await routeAll(b, api, callsOf(customers, round++));
  const none: number[] = [];
  const twenty: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    none.push(await routeAll(b, api, callsOf(customers, round++)));
    for (const a of twentyAudiences()) {
      const r = await api.admin('POST', '/v1/audiences', a);
      if (r.status !== 201) throw new Error(`POST /v1/audiences ${a.id} answered ${r.status}: ${r.text.slice(0, 300)}`);
    }
    twenty.push(await routeAll(b, api, callsOf(customers, round++)));
    await deleteAll(b, api);
  }
  const extras = none.map((n, i) => n / twenty[i]! - 1);
  return { events: customers * 3, pairs, none, twenty, extras, extra: median(extras) };
}
