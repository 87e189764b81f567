// `npm run bench -- cluster`: Boomerang as separate api, router and worker processes on PostgreSQL, first
// on the Temporal CLI dev server and then on the multi-service Temporal cluster (npm run cluster), in one
// run on one machine: enrollments/s against a bare workflow on the same server, event -> email latency
// under a steady stream of sign-ups, and what the worker and router use meanwhile.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { startCluster } from '../../engine/bin/temporal-cluster.mjs';
import { startSmtpSink } from '../../engine/src/email/index.ts';
import { startDevServer } from '../../engine/src/temporal/dev-server.ts';
import { apiClient } from '../support/api.ts';
import { freeDevServerPort } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';
import { BASELINE_QUEUE, EMPTY_WORKFLOW, startBaselineWorkerAt } from './baseline-worker.ts';
import { processUsage, usageOver } from './process-usage.ts';
import { fmt, quantile } from './stats.ts';

const keys = { writeKey: 'wk_bench_write_key', adminToken: 'adm_bench_admin_token' };
const ENROLLMENTS = 500;
const SIGNUPS_PER_SECOND = 50;
const SIGNUP_SECONDS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Api = ReturnType<typeof apiClient>;

/** Bare workflows/s (16 starts in flight, as the router does) and journey enrollments/s through ingest, router and worker. */
async function enrollments(address: string, api: Api, db: pg.Pool) {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    let t0 = performance.now();
    const handles = [];
    for (let i = 0; i < ENROLLMENTS; i += 16)
      handles.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(16, ENROLLMENTS - i) }, (_, j) =>
            client.workflow.start(EMPTY_WORKFLOW, { taskQueue: BASELINE_QUEUE, workflowId: `bench-empty-${i + j}` }),
          ),
        )),
      );
    await Promise.all(handles.map((h) => h.result()));
    const bare = ENROLLMENTS / ((performance.now() - t0) / 1000);

    await api.admin('POST', '/v1/journeys', {
      id: 'bench-enroll',
      name: 'Enroll',
      nodes: [
        { id: 't', type: 'event-trigger', config: { event: 'Bench Enrolled' } },
        { id: 'x', type: 'exit', config: {} },
      ],
      edges: [{ from: 't', to: 'x' }],
    });
    await api.admin('POST', '/v1/journeys/bench-enroll/publish', {});
    t0 = performance.now();
    for (let i = 0; i < ENROLLMENTS; i += 100)
      await api.batch({
        batch: Array.from({ length: Math.min(100, ENROLLMENTS - i) }, (_, j) => ({
          type: 'track',
          userId: `enroll-${i + j}`,
          event: 'Bench Enrolled',
          messageId: `enroll-${i + j}`,
        })),
      });
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const { rows } = await db.query<{ n: number }>(
        `select count(*)::int as n from enrollments where journey_id = 'bench-enroll' and status = 'completed'`,
      );
      if ((rows[0]?.n ?? 0) >= ENROLLMENTS) break;
      await sleep(50);
    }
    const journeys = ENROLLMENTS / ((performance.now() - t0) / 1000);
    return { bare, journeys, ratio: journeys / bare };
  } finally {
    await connection.close();
  }
}

/** Sign-ups at a steady rate for a while; each track call timed against its welcome email reaching the relay. */
async function eventToEmail(api: Api, delivered: Map<string, number>, pids: Record<string, number>) {
  const total = SIGNUPS_PER_SECOND * SIGNUP_SECONDS;
  const ids = Array.from({ length: total }, (_, i) => `e2m-${i}`);
  for (let i = 0; i < total; i += 500)
    await api.batch({
      batch: ids
        .slice(i, i + 500)
        .map((userId) => ({ type: 'identify', userId, traits: { email: `${userId}@example.com` } })),
    });
  await api.admin('POST', '/v1/journeys/onboarding/publish', {});
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processUsage(pid)]));
  const sentAt = new Map<string, number>();
  const t0 = performance.now();
  const calls: Array<Promise<unknown>> = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / SIGNUPS_PER_SECOND - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(`${ids[i]}@example.com`, Date.now());
    calls.push(api.track({ userId: ids[i], event: 'Signed Up', messageId: `${ids[i]}-signup` }));
  }
  await Promise.all(calls);
  const seconds = (performance.now() - t0) / 1000;
  const usage = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, usageOver(before[k]!, processUsage(pid), seconds)]),
  );
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && [...sentAt.keys()].some((to) => !delivered.has(to))) await sleep(200);
  const ms = [...sentAt].filter(([to]) => delivered.has(to)).map(([to, at]) => delivered.get(to)! - at);
  return { total, arrived: ms.length, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), usage };
}

/** Runs the figures against one Temporal frontend with one api, one router and one worker process. */
async function benchOn(
  name: string,
  address: string,
  databaseUrl: string,
  relayPort: number,
  delivered: Map<string, number>,
) {
  const env = () =>
    stackEnv({
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: address,
      SMTP_URL: `smtp://127.0.0.1:${relayPort}`,
      WRITE_KEY: keys.writeKey,
      ADMIN_TOKEN: keys.adminToken,
      LINK_SECRET: 'a-link-secret-shared-by-every-process-0123',
    });
  const parts: StackProcess[] = [];
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  let stopBaseline: (() => Promise<void>) | undefined;
  try {
    for (const command of ['api', 'router', 'worker']) parts.push(await startStack(await env(), 180_000, command));
    const [apiProcess, router, worker] = parts;
    const api = apiClient(apiProcess!.url, keys);
    stopBaseline = await startBaselineWorkerAt(address, 'default', mkdtempSync(join(tmpdir(), 'boomerang-bench-')));
    const enroll = await enrollments(address, api, db);
    console.log(
      `${name}: enrollments ${fmt(enroll.journeys)} journeys/s vs bare Temporal ${fmt(enroll.bare)} workflows/s (${ENROLLMENTS} each): ratio ${fmt(enroll.ratio, 2)} (goal >= 0.9)`,
    );
    const e2m = await eventToEmail(api, delivered, {
      worker: worker!.pid!,
      router: router!.pid!,
      api: apiProcess!.pid!,
    });
    console.log(
      `${name}: event -> email while ${SIGNUPS_PER_SECOND} sign-ups/s arrive for ${SIGNUP_SECONDS} s (${e2m.arrived} of ${e2m.total} arrived): p50 ${fmt(e2m.p50, 0)} ms, p95 ${fmt(e2m.p95, 0)} ms (goal p95 < 1000 ms)`,
    );
    console.log(
      `${name}:   meanwhile ${Object.entries(e2m.usage)
        .map(
          ([k, u]) =>
            `${k} ${fmt(u.cores * 100, 0)}% of a core, ${fmt(u.rssMiB, 0)} MiB (peak ${fmt(u.peakRssMiB, 0)})`,
        )
        .join('; ')}`,
    );
    return enroll;
  } finally {
    await stopBaseline?.();
    for (const p of parts.reverse()) await p.stop();
    await db.end();
  }
}

/** The cluster benchmark: dev server and cluster side by side, each with separate Boomerang processes. */
export async function benchCluster(): Promise<void> {
  const cluster = await startCluster({ log: () => undefined });
  const delivered = new Map<string, number>();
  const relay = await startSmtpSink({
    port: 0,
    onMessage: async (m) => {
      for (const to of m.to) if (!delivered.has(to)) delivered.set(to, Date.now());
    },
  });
  const dev = await startDevServer({
    dataDir: mkdtempSync(join(tmpdir(), 'boomerang-bench-dev-')),
    port: await freeDevServerPort(),
    namespace: 'default',
  });
  try {
    // Both stacks keep their Boomerang data on the same PostgreSQL server, each in its own database.
    const admin = new pg.Client({ connectionString: cluster.postgresUrl });
    await admin.connect();
    await admin.query('create database boomerang_dev');
    await admin.end();
    const devUrl = cluster.databaseUrl.replace(/\/boomerang$/, '/boomerang_dev');
    const onDev = await benchOn('dev server', dev.address, devUrl, relay.port, delivered);
    await dev.stop();
    delivered.clear();
    const onCluster = await benchOn('cluster', cluster.address, cluster.databaseUrl, relay.port, delivered);
    console.log(
      `cluster vs dev server: ${fmt(onCluster.journeys / onDev.journeys, 2)}x enrollments/s, ${fmt(onCluster.bare / onDev.bare, 2)}x bare workflows/s (aim >= 3x)`,
    );
  } finally {
    await dev.stop().catch(() => undefined);
    await relay.close();
    await cluster.stop();
  }
}
