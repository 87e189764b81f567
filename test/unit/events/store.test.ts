import { describe, expect, it } from 'vitest';
import {
  advanceRoutedTraits,
  anonymousIdsOf,
  customerGroups,
  findCustomer,
  routingLag,
  type Database,
} from '../../../engine/src/db/index.ts';
import { CUSTOMER_TRAITS_LIMIT_BYTES, EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { useDatabase } from '../../support/database.ts';

// The event store on embedded PGlite and on a real PostgreSQL server (where writers really run
// side by side): alias merge, groups and the traits bound.
describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
  let db: Database;
  let store: EventStore;
  useDatabase(kind, 'store', async (opened) => {
    db = opened;
    store = new EventStore(opened);
  });

  let n = 0;
  const event = (fields: Partial<IncomingEvent>): IncomingEvent => ({
    type: 'track',
    messageId: `m${++n}`,
    userId: undefined,
    anonymousId: undefined,
    event: 'Viewed',
    properties: {},
    traits: {},
    context: {},
    timestamp: '2026-03-01T12:00:00.000Z',
    ...fields,
  });
  const owners = async (anonymousId: string) =>
    (
      await db.query<{ message_id: string; user_id: string | null }>(
        'select message_id, user_id from events where anonymous_id = $1 order by seq',
        [anonymousId],
      )
    ).map((r) => r.user_id);

  describe('history (imported, or older than the window)', () => {
    it('is stored and merged into the customer, but queued for no router; its traits count as already seen', async () => {
      const before = (await routingLag(db)).unrouted;
      const result = await store.append([
        event({ type: 'identify', event: undefined, userId: 'hal', traits: { plan: 'pro' }, historical: true }),
        event({ userId: 'hal', event: 'Order Completed', historical: true }),
      ]);
      expect(result.stored).toBe(2);
      expect((await routingLag(db)).unrouted).toBe(before);
      expect((await findCustomer(db, 'hal'))?.traits).toEqual({ plan: 'pro' });
      expect((await store.timeline('hal')).map((e) => e.event ?? e.type)).toEqual(['Order Completed', 'identify']);
      // A live identify saying the same is no change (so no trait-changed trigger fires); a new value is one.
      expect(await advanceRoutedTraits(db, 'hal', { plan: 'pro' })).toMatchObject({ before: { plan: 'pro' } });
      await store.append([event({ userId: 'hal', event: 'Order Completed' })]);
      expect((await routingLag(db)).unrouted).toBe(before + 1);
    });
  });

  describe('an anonymous visitor becomes a customer', () => {
    it('identify with both ids gives the customer the earlier anonymous events, and later ones at append time', async () => {
      await store.append([
        event({ anonymousId: 'anon-a', event: 'Page Viewed', type: 'page' }),
        event({ anonymousId: 'anon-a' }),
      ]);
      expect(await owners('anon-a')).toEqual([null, null]);
      await store.append([
        event({ type: 'identify', event: undefined, anonymousId: 'anon-a', userId: 'ann', traits: { plan: 'free' } }),
      ]);
      expect(await owners('anon-a')).toEqual(['ann', 'ann', 'ann']);
      await store.append([event({ anonymousId: 'anon-a', event: 'Pricing Viewed' })]);
      expect(await owners('anon-a')).toEqual(['ann', 'ann', 'ann', 'ann']);
      expect(await anonymousIdsOf(db, 'ann')).toEqual(['anon-a']);
      const timeline = await store.timeline('ann');
      expect(timeline.map((e) => e.event ?? e.type)).toEqual(['Pricing Viewed', 'identify', 'Viewed', 'Page Viewed']);
    });

    it('alias previousId -> userId merges the same way; a second alias of the same id keeps the first customer', async () => {
      await store.append([event({ anonymousId: 'anon-b' })]);
      await store.append([event({ type: 'alias', event: undefined, previousId: 'anon-b', userId: 'bob' })]);
      await store.append([event({ type: 'alias', event: undefined, previousId: 'anon-b', userId: 'mallory' })]);
      await store.append([event({ anonymousId: 'anon-b' })]);
      expect(await owners('anon-b')).toEqual(['bob', 'bob']);
      expect(await anonymousIdsOf(db, 'mallory')).toEqual([]);
    });

    it('within one batch, anonymous events before and after the identify all go to the customer', async () => {
      await store.append([
        event({ anonymousId: 'anon-c' }),
        event({ type: 'identify', event: undefined, anonymousId: 'anon-c', userId: 'cy' }),
        event({ anonymousId: 'anon-c' }),
      ]);
      expect(await owners('anon-c')).toEqual(['cy', 'cy', 'cy']);
    });

    it('moved anonymous events leave the routing queue: they are not routed after the fact', async () => {
      await store.append([event({ anonymousId: 'anon-e', event: 'Early' })]);
      const queued = async () =>
        (await store.bySeq((await db.query<{ seq: string }>('select seq from event_outbox')).map((r) => Number(r.seq))))
          .filter((e) => e.anonymousId === 'anon-e')
          .map((e) => e.event);
      expect(await queued()).toEqual(['Early']);
      await store.append([
        event({ type: 'identify', event: undefined, anonymousId: 'anon-e', userId: 'eve' }),
        event({ anonymousId: 'anon-e', event: 'Later' }),
      ]);
      expect(await queued()).toEqual([undefined, 'Later']);
    });

    it('an anonymous-only event of an unknown visitor stays anonymous', async () => {
      await store.append([event({ anonymousId: 'anon-d' })]);
      expect(await owners('anon-d')).toEqual([null]);
    });
  });

  describe('group calls', () => {
    it('merge group traits call after call and link the customer', async () => {
      await store.append([
        event({
          type: 'group',
          event: undefined,
          userId: 'gus',
          groupId: 'acme',
          traits: { name: 'Acme', plan: 'free' },
        }),
      ]);
      await store.append([
        event({
          type: 'group',
          event: undefined,
          userId: 'gus',
          groupId: 'acme',
          traits: { plan: 'enterprise', seats: null },
        }),
      ]);
      const groups = await customerGroups(db, 'gus');
      expect(groups).toEqual([
        { groupId: 'acme', traits: { name: 'Acme', plan: 'enterprise', seats: null }, joinedAt: expect.any(String) },
      ]);
      expect((await findCustomer(db, 'gus'))?.traits).toEqual({});
    });
  });

  describe('the traits bound', () => {
    // {"a":"<half>","small":1,"b":"<half>"} is 2 x 32768 + 25 = 65561 bytes, 25 over the limit
    const half = 'x'.repeat(CUSTOMER_TRAITS_LIMIT_BYTES / 2);
    it('rejects the identify that would cross it, naming its largest trait, and keeps the rest of the batch', async () => {
      const result = await store.append([
        event({ type: 'identify', event: undefined, userId: 'tia', traits: { a: half } }),
        event({ type: 'identify', event: undefined, userId: 'tia', traits: { small: 1, b: half } }),
        event({ userId: 'tia', event: 'Still Stored' }),
      ]);
      expect(result.stored).toBe(2);
      expect(result.rejected).toEqual([
        {
          index: 1,
          problem: {
            path: 'traits.b',
            message: expect.stringContaining(`the limit is ${CUSTOMER_TRAITS_LIMIT_BYTES} bytes`),
          },
        },
      ]);
      expect(Object.keys((await findCustomer(db, 'tia'))?.traits ?? {})).toEqual(['a']);
    });

    it('replacing a big trait with a small one is allowed: the bound is on the merged traits', async () => {
      const result = await store.append([
        event({ type: 'identify', event: undefined, userId: 'tia', traits: { a: 'short', b: half } }),
      ]);
      expect(result).toMatchObject({ stored: 1, rejected: [] });
    });

    it('two concurrent identifies that each fit but together cross it: exactly one is stored', async () => {
      const big = 'y'.repeat(CUSTOMER_TRAITS_LIMIT_BYTES * 0.6);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.append([
            event({ type: 'identify', event: undefined, userId: `ray-${kind}`, traits: { [`t${i}`]: big } }),
          ]),
        ),
      );
      expect(results.map((r) => r.stored).sort()).toEqual([0, 0, 0, 0, 0, 1]);
      expect(Object.keys((await findCustomer(db, `ray-${kind}`))?.traits ?? {})).toHaveLength(1);
    });
  });
});
