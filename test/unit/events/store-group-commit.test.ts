import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { useDatabase } from '../../support/database.ts';

// Concurrent appends on a real database: they share one transaction (one xmin), each caller gets
// its own answer as if the calls had run one after the other, a faulty call fails alone, and no
// caller hears back before its rows are committed.
describe.each(['pglite', 'postgres'] as const)('group commit on %s', (kind) => {
  let db: Database;
  let store: EventStore;
  const database = useDatabase(kind, 'group', async (opened) => {
    db = opened;
    store = new EventStore(opened);
  });

  const track = (messageId: string, userId: string, properties: Record<string, unknown> = {}): IncomingEvent => ({
    type: 'track',
    messageId,
    userId,
    anonymousId: undefined,
    event: 'Viewed',
    properties,
    traits: {},
    context: {},
    timestamp: '2026-03-01T12:00:00.000Z',
  });
  /** Keeps every commit slot busy (one call each), so the calls issued next gather into one group. */
  const busy = (prefix: string, userId: string) =>
    Promise.all(
      Array.from({ length: store.commitsInFlight }, (_, i) => store.append([track(`${prefix}-open${i}`, userId)])),
    );
  const rows = (prefix: string) =>
    db.query<{ message_id: string; user_id: string; properties: Record<string, unknown>; tx: string }>(
      `select message_id, user_id, properties, xmin::text as tx from events where message_id like $1 order by seq`,
      [`${prefix}%`],
    );

  it('stores concurrent calls once each, in arrival order, in one transaction, with each caller its own answer', async () => {
    await store.append([track('g1-old', 'ann')]);
    // The first calls go straight to the database; the four issued while they are in flight gather.
    const opener = busy('g1', 'ann');
    const calls = [
      [track('g1-a1', 'ann'), track('g1-a2', 'bob', { from: 'A' }), track('g1-a3', 'ann')],
      [track('g1-b1', 'bob'), track('g1-a2', 'bob', { from: 'B' }), track('g1-b2', 'ann')],
      [track('g1-c1', 'cy'), track('g1-c1', 'cy')],
      [track('g1-old', 'ann')],
    ].map((events) => store.append(events));
    const openers = store.commitsInFlight;
    expect(await opener).toEqual(Array.from({ length: openers }, () => ({ stored: 1, duplicates: 0, rejected: [] })));
    // Hand-worked: A all new; B's g1-a2 is A's; C repeats its own id; D repeats one stored before.
    expect(await Promise.all(calls)).toEqual([
      { stored: 3, duplicates: 0, rejected: [] },
      { stored: 2, duplicates: 1, rejected: [] },
      { stored: 1, duplicates: 1, rejected: [] },
      { stored: 0, duplicates: 1, rejected: [] },
    ]);
    const stored = await rows('g1-');
    expect(stored.map((r) => r.message_id).filter((id) => !id.includes('-open'))).toEqual([
      'g1-old',
      'g1-a1',
      'g1-a2',
      'g1-a3',
      'g1-b1',
      'g1-b2',
      'g1-c1',
    ]);
    expect(stored.find((r) => r.message_id === 'g1-a2')?.properties).toEqual({ from: 'A' });
    // The openers (on Postgres, several in flight at once) commit in any order among themselves.
    const opened = (r: { message_id: string }) => r.message_id.includes('-open') || r.message_id === 'g1-old';
    const grouped = stored.filter((r) => !opened(r)).map((r) => r.tx);
    expect(grouped).toHaveLength(6);
    expect(new Set(grouped).size).toBe(1);
    expect(stored.filter(opened).map((r) => r.tx)).not.toContain(grouped[0]);
    const [queued] = await db.query<{ n: number }>(
      `select count(*)::int as n from event_outbox o join events e using (seq) where e.message_id like 'g1-%'`,
    );
    expect(queued?.n).toBe(7 + openers);
  });

  it('reports a messageId carried by two concurrent calls as new to the first caller only', async () => {
    const opener = busy('g2', 'dee');
    const [first, second] = await Promise.all([
      store.append([track('g2-same', 'dee', { caller: 1 })]),
      store.append([track('g2-same', 'dee', { caller: 2 })]),
    ]);
    await opener;
    expect([first?.stored, second?.stored]).toEqual([1, 0]);
    expect((await rows('g2-same')).map((r) => r.properties)).toEqual([{ caller: 1 }]);
  });

  it('fails a call the database refuses alone, and stores the calls grouped with it', async () => {
    const opener = busy('g3', 'eve');
    // Year -10000 is a date to JavaScript but out of a Postgres timestamp's range: only the database refuses it.
    const settled = await Promise.allSettled([
      store.append([track('g3-good1', 'eve')]),
      store.append([{ ...track('g3-bad', 'eve'), timestamp: '-010000-01-01T00:00:00.000Z' }]),
      store.append([track('g3-good2', 'eve')]),
    ]);
    await opener;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await rows('g3-')).map((r) => r.message_id).sort()).toEqual([
      'g3-good1',
      'g3-good2',
      ...Array.from({ length: store.commitsInFlight }, (_, i) => `g3-open${i}`),
    ]);
  });

  it('refuses text the database cannot store before grouping, naming where it is', async () => {
    const opener = busy('g4', 'fay');
    const settled = await Promise.allSettled([
      store.append([track('g4-good', 'fay')]),
      store.append([track('g4-ok', 'fay'), track('g4-nul', 'fay', { note: 'a\u0000b' })]),
    ]);
    await opener;
    expect(settled[0]).toEqual({ status: 'fulfilled', value: { stored: 1, duplicates: 0, rejected: [] } });
    expect(settled[1]?.status === 'rejected' && String(settled[1].reason)).toMatch(/\[1\]\.properties\.note: .*NUL/);
    expect((await rows('g4-')).map((r) => r.message_id).sort()).toEqual([
      'g4-good',
      ...Array.from({ length: store.commitsInFlight }, (_, i) => `g4-open${i}`),
    ]);
  });

  it.runIf(kind === 'postgres')(
    'answers each caller only once its rows are readable from another connection',
    async () => {
      const reader = new pg.Client({ connectionString: database.url! });
      await reader.connect();
      try {
        const visibleOnAnswer = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            store.append(Array.from({ length: 50 }, (_, j) => track(`g5-${i}-${j}`, `gus-${j % 5}`))).then(async () => {
              const { rows: found } = await reader.query<{ n: number }>(
                `select count(*)::int as n from events where message_id like $1`,
                [`g5-${i}-%`],
              );
              return found[0]?.n;
            }),
          ),
        );
        expect(visibleOnAnswer).toEqual(Array.from({ length: 8 }, () => 50));
      } finally {
        await reader.end();
      }
    },
  );
});
