import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimEvents, markRouted, migrate, openDatabase, type Database } from '../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../engine/src/events/index.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';

// Several routers on one Postgres database, each with its own connection pool, claim events side by
// side: every event is claimed exactly once, and a customer's next event is claimed only after their
// previous one was routed.
let postgres: PostgresServer;
const dbs: Database[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  // Processes started together migrate together: the advisory lock lets exactly one apply each migration.
  for (let i = 0; i < 4; i++) dbs.push(await openDatabase({ databaseUrl: postgres.url, dataDir: '' }));
  const applied = (await Promise.all(dbs.map((db) => migrate(db)))).flat();
  expect(new Set(applied).size).toBe(applied.length); // no migration applied twice
  const recorded = await dbs[0]!.query<{ version: number }>('select version from schema_migrations order by version');
  expect(recorded.map((r) => r.version)).toEqual([...applied].sort((a, b) => a - b));
});
afterAll(async () => {
  for (const db of dbs) await db.close();
  await postgres?.stop();
});

const event = (userId: string, n: number): IncomingEvent => ({
  type: 'track',
  messageId: `${userId}-${n}`,
  userId,
  anonymousId: undefined,
  event: 'Clicked',
  properties: { n },
  traits: {},
  context: {},
  timestamp: new Date().toISOString(),
});

describe('routers claiming events on Postgres', () => {
  it("claim every event once, and each customer's events one after another in order", async () => {
    const customers = Array.from({ length: 30 }, (_, i) => `u${i}`);
    // Customers' events interleaved (each round visits the customers in a different order), as traffic arrives.
    const events = Array.from({ length: 20 }, (_, n) =>
      customers.map((_, i) => customers[(i * 7 + n * 11) % customers.length]!).map((u) => event(u, n)),
    ).flat();
    const store = new EventStore(dbs[0]!);
    for (let i = 0; i < events.length; i += 100) await store.append(events.slice(i, i + 100));

    const log: Array<{ router: number; messageId: string; userId: string; n: number; start: number; end: number }> = [];
    let clock = 0;
    const route = async (router: number) => {
      const db = dbs[router + 1]!;
      for (let idle = 0; idle < 5;) {
        const claimed = await claimEvents(db, `r${router}`, 25);
        if (claimed.length === 0) {
          idle += 1;
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        idle = 0;
        const rows = await db.query<{ message_id: string; user_id: string; properties: { n: number } }>(
          'select message_id, user_id, properties from events where seq = any($1::bigint[]) order by seq',
          [claimed.map((c) => c.seq)],
        );
        for (const row of rows) {
          const start = ++clock;
          await new Promise((r) => setTimeout(r, row.properties.n % 3)); // routing takes a moment
          log.push({
            router,
            messageId: row.message_id,
            userId: row.user_id,
            n: row.properties.n,
            start,
            end: ++clock,
          });
        }
        await markRouted(
          db,
          claimed.map((c) => c.seq),
        );
      }
    };
    await Promise.all([0, 1, 2].map(route));

    expect(log).toHaveLength(events.length);
    expect(new Set(log.map((l) => l.messageId)).size).toBe(events.length);
    expect(new Set(log.map((l) => l.router)).size).toBeGreaterThan(1); // the work was shared
    for (const u of customers) {
      const mine = log.filter((l) => l.userId === u).sort((a, b) => a.start - b.start);
      expect(mine.map((l) => l.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
      for (let k = 1; k < mine.length; k++) expect(mine[k]!.start).toBeGreaterThan(mine[k - 1]!.end);
    }
  });
});
