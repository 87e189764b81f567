import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStore } from '../../engine/src/events/index.ts';
import { migrate, openDatabase, type Database } from '../../engine/src/db/index.ts';
import { startDevServer, type DevServer } from '../../engine/src/temporal/dev-server.ts';
import { eventually, freeDevServerPort, freePort } from '../support/ports.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { scrape, valueOf } from '../support/prometheus.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Worker-only and router-only processes have no API, so they serve /metrics on METRICS_PORT, with the
// API's rules; and every line a worker prints after start-up, the Temporal SDK's included, is JSON.
const metricsToken = 'mt_scraper_token_0123456789';
let postgres: PostgresServer;
let temporal: DevServer;
let db: Database;
let router: StackProcess;
let worker: StackProcess;
let routerMetrics: string;

beforeAll(async () => {
  postgres = await startPostgres();
  temporal = await startDevServer({
    dataDir: mkdtempSync(join(tmpdir(), 'boomerang-temporal-')),
    port: await freeDevServerPort(),
    namespace: 'default',
  });
  const shared = {
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    METRICS_TOKEN: metricsToken,
    LOG_LEVEL: 'info',
  };
  const routerPort = await freePort();
  routerMetrics = `http://127.0.0.1:${routerPort}`;
  router = await startStack(await stackEnv({ ...shared, METRICS_PORT: String(routerPort) }), 120_000, 'router');
  worker = await startStack(await stackEnv(shared), 120_000, 'worker');
  db = await openDatabase({ databaseUrl: postgres.url, dataDir: '' });
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await worker?.stop();
  await router?.stop();
  await temporal?.stop();
  await postgres?.stop();
});

describe('a router-only process', () => {
  it('serves /metrics on METRICS_PORT: only with a token, and counting the events it routed', async () => {
    expect((await scrape(routerMetrics)).status).toBe(401);
    expect((await scrape(routerMetrics, 'not-the-token-at-all')).status).toBe(401);
    const before = await scrape(routerMetrics, metricsToken);
    expect(before.status).toBe(200);
    const routedBefore = valueOf(before.samples, 'boomerang_events_routed_total') ?? 0;
    // Events stored as the API stores them (another process), which this router must pick up.
    await new EventStore(db).append(
      ['a', 'b', 'c'].map((userId, i) => ({
        type: 'track' as const,
        messageId: `m-${i}`,
        userId,
        anonymousId: undefined,
        event: 'Browsed',
        properties: {},
        traits: {},
        context: {},
        timestamp: new Date().toISOString(),
      })),
    );
    const after = await eventually(async () => {
      const s = await scrape(routerMetrics, metricsToken);
      return (valueOf(s.samples, 'boomerang_events_routed_total') ?? 0) - routedBefore >= 3 ? s : undefined;
    }, 'the router counting 3 routed events');
    expect(valueOf(after.samples, 'boomerang_events_routed_total')! - routedBefore).toBe(3);
    expect(valueOf(after.samples, 'boomerang_router_lag_seconds')).toBe(0);
    expect(valueOf(after.samples, 'boomerang_events_unrouted')).toBe(0);
    // The routing gauges are read from the shared database at each scrape: a parked event shows at once.
    await db.query(
      `insert into dead_letters (seq, user_id, error, attempts, first_tried_at, last_tried_at)
       select seq, user_id, 'a webhook kept failing', 5, now(), now() from events where message_id = 'm-0'`,
    );
    expect(valueOf((await scrape(routerMetrics, metricsToken)).samples, 'boomerang_dead_letters')).toBe(1);
    expect(valueOf(after.samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});

describe('a worker-only process', () => {
  it("prints every log line as JSON (beside a few plain start-up lines), the Temporal SDK's own lines among them", async () => {
    await worker.stop();
    const lines = worker
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const ready = lines.findIndex((l) => l.startsWith('Boomerang ready:'));
    expect(ready).toBeGreaterThanOrEqual(0);
    // Start-up prints a few plain lines for a human (where things are, "ready", "stopping"); the rest is the log.
    const plain = /^(Temporal:|Boomerang ready:|SIGTERM: stopping)/;
    const logLines = lines.filter((l) => !plain.test(l));
    const parsed = logLines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    const sdk = parsed.filter((l) => l.component === 'temporal');
    expect(sdk.length).toBeGreaterThan(0);
    for (const l of sdk)
      expect(typeof l.msg === 'string' && typeof l.level === 'string' && typeof l.time === 'string').toBe(true);
    // The SDK reports the worker's state changes, shutting down among them.
    expect(sdk.map((l) => String(l.msg)).join('\n')).toMatch(/Worker state changed/);
  });
});
