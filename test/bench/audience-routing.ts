// Routing with audiences: the same mix of calls routed for the same customers, first with no audience
// defined and then with 20 (a third of them mentioning the events or traits of the mix, so they are
// re-evaluated per call; the rest mention other things and must cost nearly nothing), in one run.
import { routingLag } from '../../engine/src/db/index.ts';
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

/** The mix for `customers` customers, round `round`: an order, a page view and a plan change each. */
function callsOf(customers: number, round: string) {
  return Array.from({ length: customers }, (_, i) => [
    {
      type: 'track',
      userId: `aud-${i}`,
      event: 'Order Completed',
      properties: { revenue: (i % 9) * 20 },
      messageId: `${round}-o-${i}`,
    },
    { type: 'track', userId: `aud-${i}`, event: 'Page Viewed', messageId: `${round}-p-${i}` },
    {
      type: 'identify',
      userId: `aud-${i}`,
      traits: { plan: ['free', 'pro', 'business'][(i + round.length) % 3] },
      messageId: `${round}-i-${i}`,
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

/** Events routed per second with no audience and then with 20 defined, same customers, same mix. */
export async function benchAudienceRouting(b: Boomerang, api: Api, customers = 300) {
  // The customers exist before either measured round, so neither pays for first sightings.
  await routeAll(b, api, callsOf(customers, 'warm'));
  const none = await routeAll(b, api, callsOf(customers, 'none'));
  for (const a of twentyAudiences()) {
    const r = await api.admin('POST', '/v1/audiences', a);
    if (r.status !== 201) throw new Error(`POST /v1/audiences ${a.id} answered ${r.status}: ${r.text.slice(0, 300)}`);
  }
  const twenty = await routeAll(b, api, callsOf(customers, 'twenty'));
  return { events: customers * 3, none, twenty, extra: none / twenty - 1 };
}
