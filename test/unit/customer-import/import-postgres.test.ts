import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCustomers } from '../../../engine/src/customer-import/index.ts';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { EventStore } from '../../../engine/src/events/index.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

// On Postgres an import stores several batches at once (each on its own connection). Here batches of
// two rows, four in flight, over a file that names each customer many times: what each customer ends
// with must still be its last row in the file; and a file imported again must change nothing.

let server: PostgresServer;
let db: Database;
let store: EventStore;
beforeAll(async () => {
  server = await startPostgres();
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-import-pg-')), databaseUrl: server.url });
  await migrate(db);
  store = new EventStore(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await server?.stop();
});

const CUSTOMERS = 12;
const ROUNDS = 7;
/** Each round sets every customer's plan to a new value; customer order is shuffled by a fixed stride, and one bad line per round. */
const lines = ['id,plan,visits'];
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < CUSTOMERS; k++) {
    const c = (k * 5 + round) % CUSTOMERS;
    lines.push(`c${c},plan-${round}-${c},${round * 10 + c}`);
  }
  lines.push(`c0,plan-bad,not-a-number`);
}
const FILE = `${lines.join('\n')}\n`;
const mapping = {
  columns: { id: { trait: 'userId', type: 'string' }, visits: { trait: 'visits', type: 'number' } },
  unmapped: 'keep',
} as const;
const run = () =>
  importCustomers(Readable.from([FILE]), { store, mapping, startJourneys: false, batchSize: 2, batchesInFlight: 4 });

describe('importCustomers on Postgres, several batches in flight', () => {
  it('leaves each customer with its last row in the file, and reports the bad lines in order', async () => {
    const report = await run();
    // Worked by hand: every round's last writer of customer c sets plan-<round>-c and visits round*10+c;
    // the bad line of each round (c0, visits not a number) is refused whole, so the last round wins.
    expect(report).toMatchObject({ imported: CUSTOMERS * ROUNDS, unchanged: 0, failed: ROUNDS });
    expect(report.errors.map((e) => e.line)).toEqual([14, 27, 40, 53, 66, 79, 92]);
    expect(report.errors.every((e) => e.column === 'visits')).toBe(true);
    const stored = await db.query<{ user_id: string; traits: Record<string, unknown> }>(
      'select user_id, traits from customers order by user_id',
    );
    expect(stored).toHaveLength(CUSTOMERS);
    for (const { user_id, traits } of stored) {
      const c = Number(user_id.slice(1));
      expect(traits).toEqual({ plan: `plan-${ROUNDS - 1}-${c}`, visits: (ROUNDS - 1) * 10 + c });
    }
    expect(await db.query('select 1 from event_outbox')).toHaveLength(0);
  });

  it('changes nothing when a file of each customer once is imported again', async () => {
    const once = `id,plan,visits\n${Array.from({ length: 40 }, (_, i) => `o${i},pro,${i}`).join('\n')}\n`;
    const again = () =>
      importCustomers(Readable.from([once]), {
        store,
        mapping,
        startJourneys: false,
        batchSize: 2,
        batchesInFlight: 4,
      });
    expect(await again()).toMatchObject({ imported: 40, unchanged: 0, failed: 0 });
    const [before] = await db.query<{ n: string }>('select count(*) as n from events');
    expect(await again()).toMatchObject({ imported: 0, unchanged: 40, failed: 0 });
    const [after] = await db.query<{ n: string }>('select count(*) as n from events');
    expect(after?.n).toBe(before?.n);
  });
});
