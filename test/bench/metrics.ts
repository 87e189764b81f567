// `npm run bench -- metrics`: the dashboard's retention figures over a demo history of 100,000
// customers, on embedded PGlite and on a real Postgres. Loads the history through the real
// EventStore.append (not over HTTP: at ~900 events/s the ingest path would take half an hour), then
// times a 12-month report by month plus a 12x12 monthly cohort triangle: cold (the first, folding the
// rollups), warm (median of 3) and after 1,000 more late events, and the memory
// around them, first at 25,000 customers and again at 100,000 (the same first 25,000 plus 75,000 more).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  migrate,
  openDatabase,
  getRetentionSettings,
  type Database,
  type Queryable,
} from '../../engine/src/db/index.ts';
import { demoCustomers, type DemoCall } from '../../engine/src/demo/index.ts';
import { EventStore, normalizeCall, type IncomingEvent } from '../../engine/src/events/index.ts';
import { cohortReport, retentionReport } from '../../engine/src/reports/index.ts';
import { startPostgres } from '../support/postgres.ts';
import { profileDashboard } from './metrics-profile.ts';
import { fmt, quantile } from './stats.ts';

/** The demo history ends here; the dashboard looks at the 12 months before it. */
const END = '2026-01-01T00:00:00.000Z';
const START = '2025-01-01T00:00:00.000Z';
const BATCH = 2_000;
/** Extra page views per customer on average: about 20 events a customer, so 100,000 customers make about 2,000,000 events. */
const EXTRA_ACTIVITY = 7;
const RUNS = 3;
/** Events appended after the warm runs, to time a report that folds a few new events. */
const MORE = 1_000;
/** Goals for report + triangle, in milliseconds. */
const GOAL_MS = { postgres: 1000, pglite: 3000 } as const;

/** A demo call as the store receives it from history: normalized like the ingest API does, marked historical. */
function incoming(call: DemoCall, receivedAt: Date): IncomingEvent {
  const event = normalizeCall(call.type, call, receivedAt);
  if ('problem' in event)
    throw new Error(`demo call ${call.messageId} is not storable: ${event.problem.path}: ${event.problem.message}`);
  return { ...event, historical: true };
}

/** Appends the history of demo customers (from, to] in batches; returns the events stored and the seconds it took. */
async function loadCustomers(
  store: EventStore,
  from: number,
  to: number,
): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const receivedAt = new Date(END);
  let batch: IncomingEvent[] = [];
  let events = 0;
  const flush = async () => {
    const result = await store.append(batch);
    if (result.rejected.length > 0)
      throw new Error(
        `the store refused ${result.rejected.length} demo events, first: ${JSON.stringify(result.rejected[0])}`,
      );
    events += result.stored;
    batch = [];
  };
  let n = 0;
  for (const customer of demoCustomers({ customers: to, end: END, months: 12, extraActivity: EXTRA_ACTIVITY })) {
    if (++n <= from) continue;
    for (const call of customer.calls) batch.push(incoming(call, receivedAt));
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { events, seconds: (performance.now() - t0) / 1000 };
}

/** What the dashboard asks for: the 12-month report by month and the 12x12 monthly sign-up cohort triangle. */
async function dashboardFigures(db: Queryable): Promise<{ reportMs: number; triangleMs: number; figures: string }> {
  const settings = await getRetentionSettings(db);
  let t0 = performance.now();
  const report = await retentionReport(db, settings, { start: START, end: END, granularity: 'month' });
  const reportMs = performance.now() - t0;
  if ('violations' in report) throw new Error(`report refused: ${JSON.stringify(report.violations)}`);
  if (report.buckets.length !== 12) throw new Error(`expected 12 monthly buckets, got ${report.buckets.length}`);
  t0 = performance.now();
  const triangle = await cohortReport(db, settings, { start: START, end: END, unit: 'month' });
  const triangleMs = performance.now() - t0;
  if ('violations' in triangle) throw new Error(`triangle refused: ${JSON.stringify(triangle.violations)}`);
  return { reportMs, triangleMs, figures: JSON.stringify([report, triangle]) };
}

const mb = (bytes: number) => fmt(bytes / 2 ** 20, 0);
const memory = () => {
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB`;
};

/** 1,000 more events: the first demo customers' calls again under new message ids (historical timestamps, so late arrivals). */
async function appendMore(store: EventStore): Promise<number> {
  const batch: IncomingEvent[] = [];
  for (const customer of demoCustomers({ customers: 1_000, end: END, months: 12 })) {
    for (const call of customer.calls) {
      if (batch.length < MORE)
        batch.push({ ...incoming(call, new Date(END)), messageId: `${call.messageId}-more-${Date.now()}` });
    }
    if (batch.length >= MORE) break;
  }
  return (await store.append(batch)).stored;
}

/** Times the figures: cold (first after the load, folding the rollups), warm (median of RUNS), and after 1,000 more events. */
async function measure(db: Database, store: EventStore, label: string, customers: number): Promise<void> {
  const [row] = await db.query<{ n: unknown }>('select count(*) as n from events');
  const before = memory();
  const goal = GOAL_MS[db.kind];
  const verdict = (ms: number) => `goal < ${goal} ms: ${ms < goal ? 'met' : 'MISSED'}`;
  const cold = await dashboardFigures(db);
  console.log(
    `  ${label}, ${customers.toLocaleString('en')} customers: cold (first after the load, folding the rollups) report ${fmt(cold.reportMs, 0)} ms + triangle ${fmt(cold.triangleMs, 0)} ms = ${fmt(cold.reportMs + cold.triangleMs, 0)} ms`,
  );
  const runs: Array<{ reportMs: number; triangleMs: number; figures: string }> = [];
  let peakRss = process.memoryUsage().rss;
  for (let i = 0; i < RUNS; i++) {
    runs.push(await dashboardFigures(db));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const report = quantile(
    runs.map((r) => r.reportMs),
    0.5,
  );
  const triangle = quantile(
    runs.map((r) => r.triangleMs),
    0.5,
  );
  const total = quantile(
    runs.map((r) => r.reportMs + r.triangleMs),
    0.5,
  );
  console.log(
    `  ${label}, ${customers.toLocaleString('en')} customers, ${Number(row?.n).toLocaleString('en')} events: warm report ${fmt(report, 0)} ms + triangle ${fmt(triangle, 0)} ms = ${fmt(total, 0)} ms (median of ${RUNS}; ${verdict(total)})`,
  );
  await profileDashboard(db, await getRetentionSettings(db), { start: START, end: END }, label);
  // The baseline in the same run: a handle without transactions cannot fold, so the reports read raw events.
  const raw = await dashboardFigures({ query: (sql, params) => db.query(sql, params) });
  const rawMs = raw.reportMs + raw.triangleMs;
  const same = raw.figures === runs[0]!.figures ? 'the same figures' : 'DIFFERENT FIGURES';
  console.log(
    `  ${label}: baseline, the same figures from raw events (no rollups): report ${fmt(raw.reportMs, 0)} ms + triangle ${fmt(raw.triangleMs, 0)} ms = ${fmt(rawMs, 0)} ms; warm rollups ${fmt(rawMs / total, 1)}x faster (${same})`,
  );
  const stored = await appendMore(store);
  const after = await dashboardFigures(db);
  const afterMs = after.reportMs + after.triangleMs;
  console.log(
    `  ${label}: after ${stored.toLocaleString('en')} more events (late, historical timestamps): report ${fmt(after.reportMs, 0)} ms + triangle ${fmt(after.triangleMs, 0)} ms = ${fmt(afterMs, 0)} ms (${verdict(afterMs)})`,
  );
  console.log(`    memory before ${before}; after ${memory()}; peak RSS while measuring ${mb(peakRss)} MB`);
}

/** Loads the customers of each size in turn (each size adds to the last) into `db` and measures at each. */
async function benchDatabase(db: Database, label: string, sizes: number[]): Promise<void> {
  await migrate(db);
  const store = new EventStore(db);
  let loaded = 0;
  for (const customers of sizes) {
    const load = await loadCustomers(store, loaded, customers);
    console.log(
      `  ${label}: loaded customers ${(loaded + 1).toLocaleString('en')}-${customers.toLocaleString('en')} (${load.events.toLocaleString('en')} events, EventStore.append in batches of ${BATCH}, historical) in ${fmt(load.seconds)} s: ${fmt(load.events / load.seconds, 0)} events/s`,
    );
    loaded = customers;
    await db.exec('analyze');
    await measure(db, store, label, customers);
  }
}

/**
 * The metrics benchmark: PGlite in a temp dir, then a throwaway Debian PostgreSQL on 127.0.0.1, each
 * measured at every size (customers, ascending; the demo generator makes the smaller a prefix of the larger).
 */
export async function benchMetrics(sizes: number[] = [25_000, 100_000]): Promise<void> {
  console.log(
    `retention metrics: demo history (seed 1, 12 months to ${END.slice(0, 10)}, ${EXTRA_ACTIVITY} extra page views a customer on average), dashboard = 12-month report by month + 12x12 monthly cohort triangle`,
  );
  // BENCH_METRICS_ONLY=postgres (or pglite) measures one database only
  const only = process.env.BENCH_METRICS_ONLY;
  if (only !== 'postgres') {
    const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-bench-metrics-'));
    const pglite = await openDatabase({ dataDir });
    try {
      await benchDatabase(pglite, 'PGlite', sizes);
    } finally {
      await pglite.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (only === 'pglite') return;
  const server = await startPostgres();
  const postgres = await openDatabase({ databaseUrl: server.url, dataDir: '' });
  try {
    await benchDatabase(postgres, 'Postgres', sizes);
  } finally {
    await postgres.close();
    await server.stop();
  }
}
