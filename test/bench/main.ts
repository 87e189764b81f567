// `npm run bench`: measures the runtime spine on this machine and prints figures and ratios from
// one run. Nothing here passes or fails; the README's Performance section quotes its output.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../engine/src/config/index.ts';
import { silentLogger } from '../../engine/src/observability/index.ts';
import { startBoomerang, type Boomerang } from '../../engine/src/runtime/boomerang.ts';
import { renderUnsaved as renderPerRecipientWithoutCache } from '../../engine/src/email/index.ts';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { freeDevServerPort, freePort } from '../support/ports.ts';
import { apiClient } from '../support/api.ts';
import { BASELINE_QUEUE, EMPTY_WORKFLOW, startBaselineWorker } from './baseline-worker.ts';
import { benchCluster } from './cluster.ts';
import { benchEditor } from './editor.ts';
import { benchImport } from './import.ts';
import { benchAudienceEvaluation } from './audience-evaluation.ts';
import { printAudienceRouting } from './audience-routing.ts';
import { benchBroadcast } from './broadcast.ts';
import { onPostgresStack } from './postgres-stack.ts';
import { benchIngest, benchIngestOnPostgres, printIngest } from './ingest.ts';
import { benchMetrics } from './metrics.ts';
import { benchDeliverability } from './deliverability.ts';
import { benchWorkerTuning } from './worker-tuning.ts';
import { benchRouting, lagDuring, publishRouteJourneys } from './route.ts';
import { fmt, quantile } from './stats.ts';

const keys = { writeKey: 'wk_bench_write_key', adminToken: 'adm_bench_admin_token' };

async function benchEventToEmail(b: Boomerang, api: ReturnType<typeof apiClient>) {
  await api.admin('POST', '/v1/journeys/onboarding/publish', {});
  const customers = 200;
  for (let i = 0; i < customers; i++)
    await api.identify({ userId: `e2m-${i}`, traits: { email: `e2m-${i}@example.com`, firstName: `Customer${i}` } });
  // Paced at 20 sign-ups a second (a latency measurement, not a flood): each customer's track call
  // is timed against the moment the sink stored their welcome email.
  for (let i = 0; i < customers; i++) {
    await api.track({ userId: `e2m-${i}`, event: 'Signed Up', messageId: `e2m-signup-${i}` });
    await new Promise((r) => setTimeout(r, 50));
  }
  const deadline = Date.now() + 120_000;
  let rows: Array<{ ms: number }> = [];
  while (Date.now() < deadline) {
    rows = await b.db.query<{ ms: number }>(
      `select extract(epoch from (m.received_at - e.received_at)) * 1000 as ms from events e
       join sink_mail m on m.mail_to ? (e.user_id || '@example.com') where e.message_id like 'e2m-signup-%'`,
    );
    if (rows.length >= customers) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const ms = rows.map((r) => Number(r.ms));
  return { customers, arrived: ms.length, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

async function benchEnrollments(b: Boomerang, api: ReturnType<typeof apiClient>) {
  const n = 200;
  const journey = {
    id: 'bench-enroll',
    name: 'Enroll',
    nodes: [
      { id: 't', type: 'event-trigger', config: { event: 'Bench Enrolled' } },
      { id: 'x', type: 'exit', config: {} },
    ],
    edges: [{ from: 't', to: 'x' }],
  };
  await api.admin('POST', '/v1/journeys', journey);
  await api.admin('POST', '/v1/journeys/bench-enroll/publish', {});

  // Baseline: start n empty workflows 16 at a time (as the router does) and wait for all to finish.
  let t0 = performance.now();
  const handles = [];
  for (let i = 0; i < n; i += 16) {
    handles.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(16, n - i) }, (_, j) =>
          b.client.workflow.start(EMPTY_WORKFLOW, { taskQueue: BASELINE_QUEUE, workflowId: `bench-empty-${i + j}` }),
        ),
      )),
    );
  }
  await Promise.all(handles.map((h) => h.result()));
  const bare = n / ((performance.now() - t0) / 1000);

  t0 = performance.now();
  const batch = Array.from({ length: n }, (_, i) => ({
    type: 'track',
    userId: `enroll-${i}`,
    event: 'Bench Enrolled',
    messageId: `enroll-${i}`,
  }));
  await api.batch({ batch });
  for (;;) {
    const [row] = await b.db.query<{ n: number }>(
      `select count(*)::int as n from enrollments where journey_id = 'bench-enroll' and status = 'completed'`,
    );
    if ((row?.n ?? 0) >= n) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const journeys = n / ((performance.now() - t0) / 1000);
  return { n, bare, journeys, ratio: journeys / bare };
}

async function benchRendering(b: Boomerang) {
  const source = readFileSync(join(repoRoot, 'templates/emails/welcome.mjml'), 'utf8');
  const vars = (i: number) => ({
    traits: { firstName: `Customer${i}`, email: `c${i}@example.com` },
    unsubscribeUrl: `http://localhost/u/${i}`,
  });
  await b.renderer.render('welcome', vars(0));
  const cachedN = 4000;
  let t0 = performance.now();
  for (let i = 0; i < cachedN; i++) await b.renderer.render('welcome', vars(i));
  const cached = cachedN / ((performance.now() - t0) / 1000);
  const baselineN = 100;
  t0 = performance.now();
  for (let i = 0; i < baselineN; i++) await renderPerRecipientWithoutCache(source, vars(i));
  const perRecipient = baselineN / ((performance.now() - t0) / 1000);
  return { cached, perRecipient, ratio: cached / perRecipient };
}

async function benchHistory(b: Boomerang, api: ReturnType<typeof apiClient>) {
  await api.identify({ userId: 'history-1', traits: { email: 'history-1@example.com', firstName: 'Hist' } });
  await api.track({ userId: 'history-1', event: 'Signed Up', messageId: 'history-signup' });
  const handle = b.client.workflow.getHandle('journey:onboarding:history-1');
  for (let i = 0; i < 200; i++) {
    const [row] = await b.db.query<{ step_id: string }>(
      `select step_id from enrollments where workflow_id = 'journey:onboarding:history-1'`,
    );
    if (row?.step_id === 'wait-activated') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await api.track({ userId: 'history-1', event: 'Activated', messageId: 'history-activated' });
  await handle.result();
  const history = await handle.fetchHistory();
  return { events: history.events?.length ?? 0 };
}

async function main() {
  // The metrics benchmark needs databases only, not the running stack; extra arguments are customer counts.
  if (process.argv[2] === 'metrics') {
    const sizes = process.argv.slice(3).map(Number);
    if (sizes.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error(
        `npm run bench -- metrics [customers ...]: "${process.argv.slice(3).join(' ')}" are not whole numbers of customers`,
      );
    return benchMetrics(sizes.length > 0 ? sizes : undefined);
  }
  // The cluster benchmark starts its own servers and Boomerang processes.
  if (process.argv[2] === 'cluster') return benchCluster();
  if (process.argv[2] === 'worker-tuning') return benchWorkerTuning();
  if (process.argv[2] === 'deliverability') return benchDeliverability();
  // `broadcast [recipients]` and `audiences [customers]`: a smaller size for a quick run.
  const size = process.argv[3] !== undefined ? Number(process.argv[3]) : 100_000;
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`npm run bench -- ${process.argv[2]} [size]: "${process.argv[3]}" is not a whole number`);
  const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-bench-'));
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freeDevServerPort()),
    WRITE_KEY: keys.writeKey,
    ADMIN_TOKEN: keys.adminToken,
  };
  const config = loadConfig(env);
  const b = await startBoomerang(config, silentLogger());
  const api = apiClient(`http://127.0.0.1:${config.port}`, keys);
  const stopBaseline = await startBaselineWorker(b);
  try {
    console.log(
      `Boomerang benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${b.db.kind}, embedded Temporal dev server`,
    );
    const only = process.argv[2];
    const run = (name: string) => !only || only === name;
    if (run('import')) await benchImport(`http://127.0.0.1:${config.port}`, keys.adminToken, b.db.kind);
    if (run('ingest')) await printIngest(b, keys.writeKey);
    if (run('audiences')) await printAudienceRouting(b, api);
    if (run('broadcast')) await benchBroadcast(b, api, size);
    if (run('email')) {
      const e2m = await benchEventToEmail(b, api);
      console.log(
        `event -> email (track to SMTP sink, ${e2m.customers} customers, ${e2m.arrived} arrived): p50 ${fmt(e2m.p50, 0)} ms, p95 ${fmt(e2m.p95, 0)} ms (goal p95 < 1000 ms)`,
      );
    }
    if (run('enroll')) {
      const enroll = await benchEnrollments(b, api);
      console.log(
        `enrollments: ${fmt(enroll.journeys)} journeys/s vs bare Temporal ${fmt(enroll.bare)} workflows/s (${enroll.n} each): ratio ${fmt(enroll.ratio, 2)} (goal >= 0.7)`,
      );
    }
    if (run('route')) {
      await publishRouteJourneys(api);
      const route = await benchRouting(b, api);
      console.log(
        `routing with 3 live journeys (${route.events} events, a third of them triggers): ${fmt(route.eventsPerSecond, 0)} events/s routed, ${fmt(route.enrolmentsPerSecond)} enrolments/s vs ${fmt(route.bare)} bare signalWithStart calls/s: ratio ${fmt(route.ratio, 2)}`,
      );
      const lag = await lagDuring(b, () => benchIngest(b, 1, keys.writeKey));
      console.log(
        `  routing lag under the ingest load with those journeys live: worst ${fmt(lag.worstLagSeconds * 1000, 0)} ms; outbox empty ${fmt(lag.drainSeconds * 1000, 0)} ms after the last ack`,
      );
    }
    if (run('render')) {
      const render = await benchRendering(b);
      console.log(
        `personalised emails: ${fmt(render.cached, 0)}/s compile-once vs ${fmt(render.perRecipient, 0)}/s mjml2html per recipient: ${fmt(render.ratio, 0)}x (goal >= 50x, >= 2000/s per core)`,
      );
    }
    if (run('history')) {
      const history = await benchHistory(b, api);
      console.log(
        `history of one onboarding run (welcome, wait, Activated, exit): ${history.events} events (goal <= 60)`,
      );
    }
    if (run('editor')) {
      const editor = await benchEditor(`http://127.0.0.1:${config.port}`, keys.adminToken, async (journey) => {
        await api.admin('POST', '/v1/journeys', journey);
      });
      console.log(
        `editor, generated 500-step journey in headless Chromium: interactive ${fmt(editor.openMs, 0)} ms after opening (median of 3; the first open ${fmt(editor.firstOpenMs, 0)} ms) (goal <= 1000 ms); dragging a step ${fmt(editor.dragFps, 0)} frames/s vs ${fmt(editor.idleFps, 0)} frames/s on the same page at rest (goal >= 50)`,
      );
    }
  } finally {
    await stopBaseline();
    await b.stop();
    rmSync(dataDir, { recursive: true, force: true }); // a 100,000-customer run leaves a large database
  }
  // The same ingest load on Postgres, after the embedded stack is down so the two do not share the cores.
  if (!process.argv[2] || process.argv[2] === 'ingest') await benchIngestOnPostgres(env, keys.writeKey);
  if (!process.argv[2] || process.argv[2] === 'import')
    await onPostgresStack(env, (pg, url) => benchImport(url, keys.adminToken, pg.db.kind));
  if (!process.argv[2] || process.argv[2] === 'audiences') {
    await onPostgresStack(env, (pg, url) => printAudienceRouting(pg, apiClient(url, keys)));
    await benchAudienceEvaluation(size);
  }
  if (!process.argv[2] || process.argv[2] === 'broadcast')
    await onPostgresStack(env, (pg, url) => benchBroadcast(pg, apiClient(url, keys), size));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
