// The full evaluation of one audience ("lapsed": ordered before, not in the last 90 days, on a paid
// plan) over 100,000 customers and 2,000,000 events on a real Postgres: the count the builder shows
// and the backfill that stores the membership (each the median of 3), the count as it was compiled
// before (a subquery per customer, JIT as Postgres chooses) for comparison in the same run, and
// EXPLAIN ANALYZE of the count. The history is written with generate_series in a few statements (the
// ingest path would take an hour), then analysed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backfillAudience,
  compiledForEveryone,
  countAudience,
  createAudience,
  deleteAudience,
  migrate,
  openDatabase,
  tuneForEveryone,
} from '../../engine/src/db/index.ts';
import { audienceSql, SqlParams } from '../../engine/src/db/audience-sql.ts';
import type { AudienceCondition } from '../../engine/src/model/index.ts';
import { startPostgres } from '../support/postgres.ts';
import { fmt, quantile } from './stats.ts';

const GOAL_MS = 2000;
const NOW = new Date('2026-06-01T00:00:00.000Z');

/** Ordered at least once ever, never in the last 90 days, and not on the free plan. */
export const LAPSED: AudienceCondition = {
  kind: 'all',
  of: [
    { kind: 'performed', event: 'Order Completed', where: [], op: 'at-least', times: 1 },
    { kind: 'performed', event: 'Order Completed', where: [], op: 'at-most', times: 0, withinDays: 90 },
    { kind: 'not', condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'free' } },
  ],
};

/**
 * Prints the evaluation figures for `customers` customers with `eventsPerCustomer` events each (a
 * tenth of them orders, spread over the year before NOW), and the plan of the count when it misses the goal.
 */
export async function benchAudienceEvaluation(customers = 100_000, eventsPerCustomer = 20): Promise<void> {
  const server = await startPostgres();
  const db = await openDatabase({ databaseUrl: server.url, dataDir: mkdtempSync(join(tmpdir(), 'bench-aud-')) });
  try {
    await migrate(db);
    // Checkpoints often, so the WAL of the generated history stays small on a shared disk.
    await db.exec(`alter system set max_wal_size = '64MB'`);
    await db.exec('select pg_reload_conf()');
    let t0 = performance.now();
    await db.query(
      `insert into customers (user_id, traits)
       select 'c' || g, jsonb_build_object('email', 'c' || g || '@example.com', 'plan', (array['free', 'pro', 'business'])[1 + g % 3])
       from generate_series(1, $1::int) g`,
      [customers],
    );
    // Event i of customer g: an order when i = 0 mod 10, else a page view; timestamps spread over 365
    // days. Written 10,000 customers a statement, so no one statement holds the whole history, in time
    // order within it, so orders lie among page views on the table's pages as a live store has them.
    for (let from = 1; from <= customers; from += 10_000)
      await db.query(
        `insert into events (message_id, type, user_id, event, properties, timestamp)
       select 'gen-' || g || '-' || i, 'track', 'c' || g, case when i % 10 = 0 then 'Order Completed' else 'Page Viewed' end,
         case when i % 10 = 0 then jsonb_build_object('revenue', (g * 7 + i) % 200) else '{}'::jsonb end,
         $2::timestamptz - ((g * 31 + i * 17) % 365) * interval '1 day' - (i * 97 % 86400) * interval '1 second'
       from generate_series($4::int, least($4::int + 9999, $1::int)) g, generate_series(0, $3::int - 1) i
       order by 6`,
        [customers, NOW.toISOString(), eventsPerCustomer, from],
      );
    await db.exec('analyze');
    const loadSeconds = (performance.now() - t0) / 1000;
    const counts: number[] = [];
    let members = 0;
    for (let run = 0; run < 3; run++) {
      t0 = performance.now();
      members = (await countAudience(db, LAPSED, NOW)).members;
      counts.push(performance.now() - t0);
    }
    // The count as compiled before: two subqueries per customer, JIT left to Postgres (one run).
    t0 = performance.now();
    const old = new SqlParams(NOW);
    const [before] = await db.query<{ members: string }>(
      `select count(*) filter (where ${audienceSql(LAPSED, old).member}) as members from customers c`,
      old.values,
    );
    const perCustomerMs = performance.now() - t0;
    if (Number(before?.members) !== members)
      throw new Error(`the two compilations disagree: ${before?.members} and ${members} members`);
    // Each backfill is a first one: the audience is deleted (with its stays and checks) and made again.
    const backfills: number[] = [];
    let entered = 0;
    for (let run = 0; run < 3; run++) {
      await deleteAudience(db, 'lapsed');
      await createAudience(db, {
        id: 'lapsed',
        name: 'Lapsed',
        definition: { id: 'lapsed', name: 'Lapsed', condition: LAPSED },
      });
      t0 = performance.now();
      entered = (
        await db.transaction((tx) => backfillAudience(tx, { id: 'lapsed', name: 'Lapsed', condition: LAPSED }, NOW))
      ).entered;
      backfills.push(performance.now() - t0);
    }
    const countMs = quantile(counts, 0.5);
    const backfillMs = quantile(backfills, 0.5);
    console.log(
      `audience "lapsed" (ordered, not in 90 days, paid plan) over ${customers} customers and ${customers * eventsPerCustomer} events (postgres, generated in ${fmt(loadSeconds, 0)} s): count ${fmt(countMs, 0)} ms (median of ${counts.map((ms) => fmt(ms, 0)).join(', ')}; ${members} members; compiled as before, a subquery per customer with JIT: ${fmt(perCustomerMs, 0)} ms), backfill storing the membership ${fmt(backfillMs, 0)} ms (median of ${backfills.map((ms) => fmt(ms, 0)).join(', ')}; ${entered} entered) (goal < ${GOAL_MS} ms: ${Math.max(countMs, backfillMs) < GOAL_MS ? 'met' : 'missed'})`,
    );
    const { sql, p, from } = compiledForEveryone(LAPSED, NOW);
    const plan = await db.transaction(async (tx) => {
      await tuneForEveryone(tx);
      return tx.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) select count(*) filter (where ${sql.member}) from ${from}`,
        p.values,
      );
    });
    console.log(`  plan of the count:\n${plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
  } finally {
    await db.close();
    await server.stop();
  }
}
