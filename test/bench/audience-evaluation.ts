// The full evaluation of one audience ("lapsed": ordered before, not in the last 90 days, on a paid
// plan) over 100,000 customers and 2,000,000 events on a real Postgres: the count the builder shows
// (median of 3) and the backfill that stores the membership. The history is written with
// generate_series in a few statements (the ingest path would take an hour), then analysed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillAudience, countAudience, createAudience, migrate, openDatabase } from '../../engine/src/db/index.ts';
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
    // days. Written 10,000 customers a statement, so no one statement holds the whole history.
    for (let from = 1; from <= customers; from += 10_000)
      await db.query(
        `insert into events (message_id, type, user_id, event, properties, timestamp)
       select 'gen-' || g || '-' || i, 'track', 'c' || g, case when i % 10 = 0 then 'Order Completed' else 'Page Viewed' end,
         case when i % 10 = 0 then jsonb_build_object('revenue', (g * 7 + i) % 200) else '{}'::jsonb end,
         $2::timestamptz - ((g * 31 + i * 17) % 365) * interval '1 day' - (i * 97 % 86400) * interval '1 second'
       from generate_series($4::int, least($4::int + 9999, $1::int)) g, generate_series(0, $3::int - 1) i`,
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
    // Postgres compiles this statement with JIT (its cost estimate is high), which alone took ~0.7 s
    // of a 25,000-customer count; the same count with JIT off, for comparison.
    const noJit: number[] = [];
    for (let run = 0; run < 3; run++) {
      t0 = performance.now();
      await db.transaction(async (tx) => {
        await tx.query('set local jit = off');
        await countAudience(tx, LAPSED, NOW);
      });
      noJit.push(performance.now() - t0);
    }
    await createAudience(db, {
      id: 'lapsed',
      name: 'Lapsed',
      definition: { id: 'lapsed', name: 'Lapsed', condition: LAPSED },
    });
    t0 = performance.now();
    const backfill = await db.transaction((tx) =>
      backfillAudience(tx, { id: 'lapsed', name: 'Lapsed', condition: LAPSED }, NOW),
    );
    const backfillMs = performance.now() - t0;
    const countMs = quantile(counts, 0.5);
    console.log(
      `audience "lapsed" (ordered, not in 90 days, paid plan) over ${customers} customers and ${customers * eventsPerCustomer} events (postgres, generated in ${fmt(loadSeconds, 0)} s): count ${fmt(countMs, 0)} ms (median of 3; ${members} members; ${fmt(quantile(noJit, 0.5), 0)} ms with JIT off), backfill storing the membership ${fmt(backfillMs, 0)} ms (${backfill.entered} entered) (goal < ${GOAL_MS} ms: ${Math.max(countMs, backfillMs) < GOAL_MS ? 'met' : 'missed'})`,
    );
    if (Math.max(countMs, backfillMs) >= GOAL_MS) {
      const p = new SqlParams(NOW);
      const sql = audienceSql(LAPSED, p);
      const plan = await db.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) select count(*) filter (where ${sql.member}) from customers c`,
        p.values,
      );
      console.log(`  plan of the count:\n${plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
    }
  } finally {
    await db.close();
    await server.stop();
  }
}
