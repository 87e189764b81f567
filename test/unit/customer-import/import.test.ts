import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ERRORS_LISTED,
  importCustomers,
  ImportRefused,
  type ImportOptions,
  type MappingRequest,
} from '../../../engine/src/customer-import/index.ts';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { EventStore } from '../../../engine/src/events/index.ts';

// Importing a CSV into a real (embedded PGlite) store: good lines become customers with typed traits,
// bad lines are reported by line and column, a second import of the same file changes nothing, and
// imported rows are history (no outbox row, so no journey) unless journeys are asked for.

let db: Database;
let store: EventStore;
beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-import-')) });
  await migrate(db);
  store = new EventStore(db);
}, 60_000);
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.query('truncate event_outbox, events, customers cascade');
});

const typed: MappingRequest = {
  columns: {
    id: { trait: 'userId', type: 'string' },
    ltv: { trait: 'ltv', type: 'number' },
    vip: { trait: 'vip', type: 'boolean' },
    since: { trait: 'signedUpAt', type: 'date' },
  },
  unmapped: 'keep',
};
const byHeader: MappingRequest = { columns: { id: { trait: 'userId', type: 'string' } }, unmapped: 'keep' };
const run = (text: string, options: Partial<ImportOptions> = {}) =>
  importCustomers(Readable.from([text]), { store, mapping: byHeader, startJourneys: false, ...options });

const count = async (table: string) =>
  Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`))[0]?.n);
const customers = async () =>
  (
    await db.query<{ user_id: string; traits: Record<string, unknown> }>(
      'select user_id, traits from customers order by user_id',
    )
  ).map((c) => [c.user_id, c.traits]);

const FILE = [
  'id,email,ltv,vip,since,plan', //                                  line 1
  'u1,ann@example.com,120.5,yes,2025-03-01,pro', //                  line 2
  'u2,bo@example.com,abc,no,2025-03-02,free', //                     line 3: bad number
  'u3,cy@example.com,10,no,01/03/2025,free', //                      line 4: bad date
  ',di@example.com,5,no,2025-03-04,free', //                         line 5: missing key
  'u5,ed@example.com,5,no', //                                       line 6: wrong column count
  'u6,fi@example.com,7,maybe,2025-03-06,free', //                    line 7: bad boolean
  'u8,hu@example.com,,,,', //                                        line 8: empty cells set nothing
  'u7,g"u@example.com,7,no,2025-03-07,free', //                      line 9: bad quoting
  '',
].join('\n');

describe('importCustomers', () => {
  it('imports the good lines with typed traits and reports each bad one by line, column and reason', async () => {
    const report = await run(FILE, { mapping: typed });
    expect(report).toMatchObject({ imported: 2, unchanged: 0, failed: 6, moreErrors: 0, readToEnd: true });
    expect(report.errors).toEqual([
      { line: 3, column: 'ltv', message: expect.stringMatching(/^bad number: "abc" is not a number/) },
      { line: 4, column: 'since', message: expect.stringMatching(/^bad date: "01\/03\/2025" is not an ISO 8601 date/) },
      { line: 5, column: 'id', message: 'missing key: the id cell is empty' },
      { line: 6, message: 'wrong column count: the row has 4 cells, the header 6' },
      { line: 7, column: 'vip', message: expect.stringMatching(/^bad boolean: "maybe"/) },
      { line: 9, column: 'email', message: expect.stringMatching(/^bad quoting/) },
    ]);
    expect(await customers()).toEqual([
      ['u1', { email: 'ann@example.com', ltv: 120.5, vip: true, signedUpAt: '2025-03-01T00:00:00.000Z', plan: 'pro' }],
      ['u8', { email: 'hu@example.com' }],
    ]);
  });

  it('changes nothing when the same file is imported again: same customers, same traits, no new event', async () => {
    await run(FILE, { mapping: typed });
    const before = { customers: await customers(), events: await count('events') };
    const again = await run(FILE, { mapping: typed });
    expect(again).toMatchObject({ imported: 0, unchanged: 2, failed: 6 });
    expect({ customers: await customers(), events: await count('events') }).toEqual(before);
  });

  it('stores rows as history by default (no outbox row), and routes them when journeys may start', async () => {
    await run('id,plan\nh1,pro\nh2,free\n');
    expect(await count('events')).toBe(2);
    expect(await count('event_outbox')).toBe(0);
    const live = await run('id,plan\nl1,pro\n', { startJourneys: true });
    expect(live.startedJourneys).toBe(true);
    expect(await count('event_outbox')).toBe(1);
  });

  it('stores each imported row as an identify call from the importer, seen as already routed only when it is history', async () => {
    await db.query(
      `insert into customers (user_id, traits, routed_traits) values ('r2', '{"plan":"free"}', '{"plan":"free"}')`,
    );
    await run('id,plan\nr1,pro\n');
    await run('id,plan\nr2,pro\n', { startJourneys: true });
    const events = await db.query<{ user_id: string; type: string; traits: unknown; context: unknown }>(
      'select user_id, type, traits, context from events order by seq',
    );
    expect(events).toEqual([
      { user_id: 'r1', type: 'identify', traits: { plan: 'pro' }, context: { library: { name: 'boomerang-import' } } },
      { user_id: 'r2', type: 'identify', traits: { plan: 'pro' }, context: { library: { name: 'boomerang-import' } } },
    ]);
    // History counts as routed (no trait-changed trigger fires for it later); a routed import leaves
    // "previous traits" to the router, so its trigger sees free -> pro.
    expect(await db.query('select user_id, traits, routed_traits from customers order by user_id')).toEqual([
      { user_id: 'r1', traits: { plan: 'pro' }, routed_traits: { plan: 'pro' } },
      { user_id: 'r2', traits: { plan: 'pro' }, routed_traits: { plan: 'free' } },
    ]);
  });

  it('lets a later row of a customer win, across batches, and counts a row that repeats the stored value as unchanged', async () => {
    await run('id,plan\nw1,pro\n');
    const report = await run('id,plan\nw1,free\nw2,x\nw1,pro\nw1,pro\nw2,y\nw2,x\n', { batchSize: 3 });
    expect(report).toMatchObject({ imported: 5, unchanged: 1 });
    expect(await customers()).toEqual([
      ['w1', { plan: 'pro' }],
      ['w2', { plan: 'x' }],
    ]);
  });

  it("merges one customer's rows within a batch in file order: each row sets its non-empty cells, later rows win", async () => {
    // Worked by hand: m1's rows set plan=pro; city=Oslo; plan=free,vip=yes -> {plan: free, city: Oslo, vip: yes};
    // m2's single row between them keeps its own traits.
    const report = await run('id,plan,city,vip\nm1,pro,,\nm2,team,Rome,\nm1,,Oslo,\nm1,free,,yes\n');
    expect(report).toMatchObject({ imported: 4, unchanged: 0, failed: 0 });
    expect(await customers()).toEqual([
      ['m1', { plan: 'free', city: 'Oslo', vip: 'yes' }],
      ['m2', { plan: 'team', city: 'Rome' }],
    ]);
    expect(await count('events')).toBe(4);
  });

  it('refuses a cell holding a NUL, which the database cannot store, by line and column, importing the rest', async () => {
    // (A lone surrogate cannot arrive: the file is UTF-8 bytes, which decode to U+FFFD instead.)
    const report = await run('id,plan\nn1,pro\nn2,a\u0000b\nn4,ok \u{1F600}\n');
    expect(report).toMatchObject({ imported: 2, failed: 1 });
    expect(report.errors).toEqual([{ line: 3, column: 'plan', message: expect.stringMatching(/NUL character/) }]);
    expect(await customers()).toEqual([
      ['n1', { plan: 'pro' }],
      ['n4', { plan: 'ok \u{1F600}' }],
    ]);
    // In the customer id as well: that line alone is refused, by its column.
    const inId = await run('id,plan\nn5\u0000x,pro\nn6,free\n');
    expect(inId).toMatchObject({ imported: 1, failed: 1 });
    expect(inId.errors).toEqual([{ line: 2, column: 'id', message: expect.stringMatching(/NUL character/) }]);
    expect(await count('customers')).toBe(3);
  });

  it('refuses a row that would make the customer heavier than the traits bound, naming its column', async () => {
    const report = await run(`id,bio\nb1,${'x'.repeat(70_000)}\nb2,short\n`);
    expect(report).toMatchObject({ imported: 1, failed: 1 });
    expect(report.errors).toEqual([{ line: 2, column: 'bio', message: expect.stringMatching(/limit is 65536 bytes/) }]);
  });

  it(`lists at most ${ERRORS_LISTED} line errors and says how many more there were`, async () => {
    const bad = Array.from({ length: ERRORS_LISTED + 5 }, (_, i) => `,row${i}`).join('\n');
    const report = await run(`id,plan\n${bad}\n`);
    expect(report).toMatchObject({ failed: ERRORS_LISTED + 5, moreErrors: 5 });
    expect(report.errors).toHaveLength(ERRORS_LISTED);
  });

  it('refuses the whole file, importing nothing, when no column names the customer', async () => {
    const refused = await run('name,plan\nAnn,pro\n', { mapping: { columns: {}, unmapped: 'keep' } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ImportRefused);
    expect(await count('customers')).toBe(0);
  });
});
