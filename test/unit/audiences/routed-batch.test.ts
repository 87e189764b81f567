import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceKeeper, type RoutedCall } from '../../../engine/src/audiences/index.ts';
import { createAudience, migrate, openDatabase, updateAudience, type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';

// A routed batch holding several calls of several customers re-evaluates each touched audience once
// for all of them: each customer who now meets it enters once, each who no longer does leaves once,
// and audiences the batch does not mention are not touched.

let db: Database;
let store: EventStore;
const NOW = new Date('2026-06-01T12:00:00.000Z');
beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-routed-batch-')) });
  await migrate(db);
  store = new EventStore(db);
}, 60_000);
afterAll(async () => db?.close());

const call = (userId: string, i: number, extra: Partial<IncomingEvent>): IncomingEvent => ({
  type: 'track',
  messageId: `${userId}-${i}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits: {},
  context: {},
  timestamp: NOW.toISOString(),
  ...extra,
});

const members = async (audienceId: string) =>
  (
    await db.query<{ user_id: string }>(
      'select user_id from audience_memberships where audience_id = $1 and left_at is null order by user_id',
      [audienceId],
    )
  ).map((r) => r.user_id);

/** Of the Audience Entered / Exited events stored after `afterSeq`, how many are stored, and how many queued for routing. */
const storedAndQueued = async (afterSeq: number) => {
  const [row] = await db.query<{ stored: string; queued: string }>(
    `select count(*) as stored, count(o.seq) as queued from events e left join event_outbox o on o.seq = e.seq
     where e.event in ('Audience Entered', 'Audience Exited') and e.seq > $1`,
    [afterSeq],
  );
  return { stored: Number(row?.stored), queued: Number(row?.queued) };
};

const define = async (keeper: AudienceKeeper, id: string, condition: unknown) => {
  await createAudience(db, { id, name: id, definition: { id, name: id, condition } });
  await keeper.backfill(id);
};

const lastSeq = async () => Number((await db.query<{ n: string }>('select max(seq) as n from events'))[0]?.n ?? 0);
/** The Audience Entered / Exited events stored after event `afterSeq`. */
const changeEvents = async (afterSeq: number) =>
  db.query<{ user_id: string; event: string; audience: string }>(
    `select user_id, event, properties->>'audienceId' as audience from events
     where event in ('Audience Entered', 'Audience Exited') and seq > $1 order by user_id, audience, event`,
    [afterSeq],
  );

describe('AudienceKeeper.onRouted with a batch', () => {
  it('enters and exits each customer once per audience touched, and leaves untouched audiences alone', async () => {
    const keeper = new AudienceKeeper(db, () => NOW);
    // Before: c is on pro (a member of "pro"); a, b and c are known to the audiences.
    await store.append([
      call('a', 0, { type: 'identify', traits: { plan: 'free' } }),
      call('b', 0, { type: 'identify', traits: { plan: 'free' } }),
      call('c', 0, { type: 'identify', traits: { plan: 'pro' } }),
    ]);
    const audiences = [
      { id: 'buyers', condition: { kind: 'performed', event: 'Order Completed', op: 'at-least', times: 2, where: [] } },
      { id: 'pro', condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' } },
      { id: 'readers', condition: { kind: 'performed', event: 'Article Read', op: 'at-least', times: 1, where: [] } },
    ];
    for (const a of audiences) {
      await createAudience(db, { id: a.id, name: a.id, definition: { id: a.id, name: a.id, condition: a.condition } });
      await keeper.backfill(a.id);
    }
    expect(await members('pro')).toEqual(['c']);

    // One batch: a orders twice and goes pro, b orders once, c leaves pro; nobody reads an article.
    const batch = [
      call('a', 1, { event: 'Order Completed' }),
      call('b', 1, { event: 'Order Completed' }),
      call('a', 2, { type: 'identify', traits: { plan: 'pro' } }),
      call('c', 1, { type: 'identify', traits: { plan: 'free' } }),
      call('a', 3, { event: 'Order Completed' }),
    ];
    await store.append(batch);
    const before = await lastSeq();
    const changes = await keeper.onRouted(batch.map((e): RoutedCall => e));

    expect(changes).toEqual({ entered: 2, exited: 1, failures: [] });
    expect(await members('buyers')).toEqual(['a']);
    expect(await members('pro')).toEqual(['a']);
    expect(await members('readers')).toEqual([]);
    expect(await changeEvents(before)).toEqual([
      { user_id: 'a', event: 'Audience Entered', audience: 'buyers' },
      { user_id: 'a', event: 'Audience Entered', audience: 'pro' },
      { user_id: 'c', event: 'Audience Exited', audience: 'pro' },
    ]);
  });

  it('stores the membership events for metrics but queues them for routing only when something can use them', async () => {
    const keeper = new AudienceKeeper(db, () => NOW);
    await define(keeper, 'gold', { kind: 'trait', property: 'tier', op: 'equals', value: 'gold' });
    await store.append([call('q', 0, { type: 'identify', traits: { tier: 'silver' } })]);
    await keeper.onRouted([call('q', 0, { type: 'identify', traits: { tier: 'silver' } })]);

    // Nothing listens: q enters and leaves "gold"; both events are stored, neither is queued.
    let before = await lastSeq();
    const enter = call('q', 1, { type: 'identify', traits: { tier: 'gold' } });
    await store.append([enter]);
    expect(await keeper.onRouted([enter], { routeChanges: false })).toMatchObject({ entered: 1, exited: 0 });
    expect(await storedAndQueued(before)).toEqual({ stored: 1, queued: 0 });

    // A live trigger or a run's wait uses them: queued.
    before = await lastSeq();
    const leave = call('q', 2, { type: 'identify', traits: { tier: 'silver' } });
    await store.append([leave]);
    expect(await keeper.onRouted([leave], { routeChanges: true })).toMatchObject({ entered: 0, exited: 1 });
    expect(await storedAndQueued(before)).toEqual({ stored: 1, queued: 1 });

    // An audience that counts "Audience Entered" reads them: queued even when no journey listens.
    await define(keeper, 'joiners', {
      kind: 'performed',
      event: 'Audience Entered',
      op: 'at-least',
      times: 1,
      where: [],
    });
    before = await lastSeq();
    const again = call('q', 3, { type: 'identify', traits: { tier: 'gold' } });
    await store.append([again]);
    await keeper.onRouted([again], { routeChanges: false });
    expect(await storedAndQueued(before)).toEqual({ stored: 1, queued: 1 });
  });

  it('evaluates the next batch with a definition saved after the previous one (the compiled list is kept per version)', async () => {
    const keeper = new AudienceKeeper(db, () => NOW);
    await define(keeper, 'plan-x', { kind: 'trait', property: 'plan', op: 'equals', value: 'x' });
    const first = call('v', 0, { type: 'identify', traits: { plan: 'y' } });
    await store.append([first]);
    await keeper.onRouted([first]);
    expect(await members('plan-x')).toEqual([]);

    // Same id, new version: "plan is y". The keeper has the old definition compiled from the batch before.
    const changed = { kind: 'trait', property: 'plan', op: 'equals', value: 'y' };
    await updateAudience(db, {
      id: 'plan-x',
      name: 'plan-x',
      definition: { id: 'plan-x', name: 'plan-x', condition: changed },
    });
    const next = call('w', 0, { type: 'identify', traits: { plan: 'y' } });
    await store.append([next]);
    await keeper.onRouted([next]);
    expect(await members('plan-x')).toEqual(['w']);
  });

  it('re-evaluates nothing for an identify of other traits or an order too small to count: a stay removed behind its back stays removed until a call that counts', async () => {
    const keeper = new AudienceKeeper(db, () => NOW);
    const of = async (id: string) => (await members(id)).filter((u) => u === 's');
    await store.append([
      call('s', 0, { type: 'identify', traits: { plan: 'pro' } }),
      call('s', 1, { event: 'Order Placed', properties: { revenue: 80 } }),
    ]);
    await define(keeper, 'pro-s', { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' });
    await define(keeper, 'big-s', {
      kind: 'performed',
      event: 'Order Placed',
      where: [{ property: 'revenue', op: 'gt', value: 50 }],
    });
    expect([await of('pro-s'), await of('big-s')]).toEqual([['s'], ['s']]);
    // Stale on purpose, so a re-evaluation shows: it would put s back.
    await db.query(
      "update audience_memberships set left_at = now() where user_id = 's' and audience_id like '%-s' and left_at is null",
    );
    const idle = [
      call('s', 2, { type: 'identify', traits: { name: 'Sam' } }),
      call('s', 3, { event: 'Order Placed', properties: { revenue: 30 } }),
    ];
    await store.append(idle);
    expect(await keeper.onRouted(idle)).toEqual({ entered: 0, exited: 0, failures: [] });
    expect([await of('pro-s'), await of('big-s')]).toEqual([[], []]);
    // An identify that sets plan, even to the value it had, and an order above 50 are re-evaluated.
    const counting = [
      call('s', 4, { type: 'identify', traits: { plan: 'pro' } }),
      call('s', 5, { event: 'Order Placed', properties: { revenue: 60 } }),
    ];
    await store.append(counting);
    await keeper.onRouted(counting);
    expect([await of('pro-s'), await of('big-s')]).toEqual([['s'], ['s']]);
  });
});
