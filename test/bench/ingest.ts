// The ingest benchmark: /v1/batch under one and under four batches in flight, load from a separate
// process, on the embedded stack (PGlite) and on a throwaway PostgreSQL server.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../engine/src/config/index.ts';
import { silentLogger } from '../../engine/src/observability/index.ts';
import { startBoomerang, type Boomerang } from '../../engine/src/runtime/boomerang.ts';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { freeDevServerPort, freePort } from '../support/ports.ts';
import { startPostgres } from '../support/postgres.ts';
import { lagDuring } from './route.ts';
import { fmt, quantile } from './stats.ts';

/** Goals per database (issue 14): events/s with four batches in flight, and their ack p99. */
const GOALS = {
  pglite: 'goal >= 10000/s with 4 in flight, and 4 in flight no slower than 1',
  postgres: 'goal >= 20000/s with 4 in flight, p99 < 50 ms',
};

/** Posts 300 batches of 100 events, `concurrency` in flight, from a separate process; events/s and ack latency. */
export async function benchIngest(b: Boomerang, concurrency: number, writeKey: string) {
  // Asynchronous on purpose: the server under test shares this process's event loop.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'test/bench/ingest-load.ts'),
      `http://127.0.0.1:${b.config.port}`,
      writeKey,
      '300',
      String(concurrency),
    ],
    { maxBuffer: 16 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as {
    events: number;
    seconds: number;
    latencies: number[];
  };
  return {
    events: result.events,
    eventsPerSecond: result.events / result.seconds,
    p50: quantile(result.latencies, 0.5),
    p99: quantile(result.latencies, 0.99),
  };
}

/** Prints ingest with 1 and with 4 batches in flight on `b`'s database, and the routing lag meanwhile. */
export async function printIngest(b: Boomerang, writeKey: string): Promise<void> {
  const perSecond: number[] = [];
  for (const concurrency of [1, 4]) {
    let ingest: Awaited<ReturnType<typeof benchIngest>> | undefined;
    const lag = await lagDuring(b, async () => {
      ingest = await benchIngest(b, concurrency, writeKey);
    });
    perSecond.push(ingest!.eventsPerSecond);
    console.log(
      `ingest on ${b.db.kind} /v1/batch (100 per batch, ${concurrency} in flight, load from a separate process): ${fmt(ingest!.eventsPerSecond, 0)} events/s over ${ingest!.events} events; ack p50 ${fmt(ingest!.p50)} ms, p99 ${fmt(ingest!.p99)} ms (${GOALS[b.db.kind]})`,
    );
    console.log(
      `  routing lag meanwhile (age of the oldest unrouted event, no journey wants these events): worst ${fmt(lag.worstLagSeconds * 1000, 0)} ms; outbox empty ${fmt(lag.drainSeconds * 1000, 0)} ms after the last ack`,
    );
  }
  console.log(`  4 in flight vs 1 on ${b.db.kind}: ${fmt(perSecond[1]! / perSecond[0]!, 2)}x`);
}

/** Starts PostgreSQL and a second stack on it (fresh data dir and ports, same keys) and prints its ingest figures. */
export async function benchIngestOnPostgres(env: NodeJS.ProcessEnv, writeKey: string): Promise<void> {
  const server = await startPostgres();
  try {
    const config = loadConfig({
      ...env,
      DATABASE_URL: server.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'boomerang-bench-pg-')),
      PORT: String(await freePort()),
      SMTP_SINK_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freeDevServerPort()),
    });
    const b = await startBoomerang(config, silentLogger());
    try {
      await printIngest(b, writeKey);
    } finally {
      await b.stop();
    }
  } finally {
    await server.stop();
  }
}
