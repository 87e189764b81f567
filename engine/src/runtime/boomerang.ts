import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.ts';
import { createApp } from '../api/app.ts';
import { temporalBroadcastRunner } from '../temporal/broadcast-runner.ts';
import { secretNames, type Config } from '../config/index.ts';
import {
  claimJobRun,
  databaseAnswers,
  openMailbox,
  migrate,
  openDatabase,
  routingLag,
  type Database,
} from '../db/index.ts';
import {
  createMailer,
  createRenderer,
  FileTemplateStore,
  saveTemplateFile,
  startSmtpSink,
  type Mailer,
  type Renderer,
  type TemplateStore,
} from '../email/index.ts';
import { EventStore, Router } from '../events/index.ts';
import { applyAutomaticWinners } from '../experiments/index.ts';
import { defaultRegistry, type NodeRegistry } from '../nodes/index.ts';
import { workflowBundle } from '../temporal/bundle.ts';
import { startDevServer, type DevServer } from '../temporal/dev-server.ts';
import { temporalConnectionOptions } from '../temporal/connection.ts';
import { loadPlugins, pluginSpecs } from '../plugins/index.ts';
import { installStarters } from '../starters/index.ts';
import { startBounceListener, startBounceMailbox, type SendBounces } from '../bounces/index.ts';
import {
  activityFailures,
  createLogger,
  temporalLevelOf,
  temporalLogger,
  watchRouting,
  type Logger,
} from '../observability/index.ts';
import { startMetricsServer } from '../api/metrics-server.ts';

/** A running Boomerang: its parts, for tests and benchmarks, and `stop()`. */
export interface Boomerang {
  config: Config;
  db: Database;
  store: EventStore;
  registry: NodeRegistry;
  templates: TemplateStore;
  renderer: Renderer;
  client: Client;
  router: Router | undefined;
  url: string;
  temporalAddress: string;
  /** The JSON-lines logger every part writes to. */
  logger: Logger;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** How often splits that opted in to an automatic winner are checked. */
const EXPERIMENT_CHECK_MS = 15 * 60_000;

/** The journey and customer a routing error names (the router attaches them), as log fields. */
function routingContext(error: unknown): { journeyId?: string; userId?: string } {
  const fields: { journeyId?: string; userId?: string } = {};
  if (error instanceof Error) {
    if ('journeyId' in error && typeof error.journeyId === 'string') fields.journeyId = error.journeyId;
    if ('userId' in error && typeof error.userId === 'string') fields.userId = error.userId;
  }
  return fields;
}

/** Starts every part the config asks for, in dependency order; stops them in reverse. */
export async function startBoomerang(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel, secrets: secretNames() }),
): Promise<Boomerang> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => logger.error({ err: error }, 'a part did not stop cleanly'));
    // Log lines are written asynchronously: let the last ones out before the process exits.
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
  };
  try {
    // Plugins first: a broken one stops start-up before anything else is started.
    const registry = defaultRegistry();
    for (const { plugin, types } of await loadPlugins(
      registry,
      await pluginSpecs(config.paths.root, config.plugins),
      config.paths.root,
    )) {
      logger.info({ plugin, types }, `Plugin ${plugin}: ${types.join(', ')}`);
    }

    const db = await openDatabase(config);
    stops.push(() => db.close());
    await migrate(db);
    const installed = await installStarters(db, config.dataDir, config.paths.starters);
    if (installed.length)
      logger.info({ journeyIds: installed }, `Installed starter journeys as drafts: ${installed.join(', ')}`);

    const templates = new FileTemplateStore();
    const renderer = createRenderer({ store: templates, postalAddress: config.postalAddress });
    const store = new EventStore(db);

    let smtpUrl = config.smtpUrl;
    if (!smtpUrl) {
      const sink = await startSmtpSink({
        port: config.smtpSinkPort,
        onRawMessage: openMailbox(db).keep,
      });
      stops.push(() => sink.close());
      smtpUrl = `smtp://127.0.0.1:${sink.port}`;
    }
    const mailer: Mailer = createMailer({ smtpUrl, from: config.mailFrom, dkim: config.dkim?.signing });
    stops.push(async () => mailer.close());

    const bounces: SendBounces = {
      policy: { softLimit: config.softBounceLimit, softDays: config.softBounceDays },
      domain: config.bounceDomain,
      linkSecret: config.linkSecret,
    };
    if (config.bounceDomain && config.bounceSmtpPort !== undefined) {
      const listener = await startBounceListener({
        db,
        policy: bounces.policy,
        host: config.host,
        port: config.bounceSmtpPort,
        domain: config.bounceDomain,
        linkSecret: config.linkSecret,
      });
      stops.push(() => listener.close());
      logger.info(
        { port: listener.port },
        `Bounce listener: smtp://${config.host}:${listener.port} (bounce@${config.bounceDomain})`,
      );
    }
    if (config.bounceMailbox) {
      const mailbox = config.bounceMailbox;
      const reader = await startBounceMailbox({
        db,
        policy: bounces.policy,
        settings: mailbox,
        linkSecret: config.linkSecret,
        domain: config.bounceDomain,
        logger,
      });
      stops.push(() => reader.close());
      logger.info(`Bounce mailbox: ${mailbox.user}@${mailbox.host}:${mailbox.port}/${mailbox.mailbox}`);
    }

    let devServer: DevServer | undefined;
    let temporalAddress = config.temporalAddress;
    if (!temporalAddress) {
      devServer = await startDevServer({
        dataDir: config.dataDir,
        port: config.temporalDevPort,
        namespace: config.temporalNamespace,
        toolsDir: config.paths.tools,
      });
      stops.push(() => devServer!.stop());
      temporalAddress = devServer.address;
    }
    // Only a TEMPORAL_ADDRESS (cluster or Temporal Cloud) takes TLS / API key settings; the dev server is plain.
    const connectionOptions = config.temporalAddress
      ? temporalConnectionOptions(temporalAddress, config.temporalNamespace, config.temporalAuth)
      : { address: temporalAddress };
    const connection = await Connection.connect(connectionOptions);
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace: config.temporalNamespace });

    if (config.roles.has('worker')) {
      if (!runtimeInstalled) {
        const bindAddress =
          config.temporalMetricsPort === undefined ? undefined : `${config.host}:${config.temporalMetricsPort}`;
        // The SDK's lines (its TypeScript side and, forwarded, its Rust core) go into the same JSON log.
        const level = temporalLevelOf(config.logLevel);
        Runtime.install({
          logger: temporalLogger(logger),
          telemetryOptions: {
            // The core's info lines are per poll and per connection: below warn they drown everything else.
            logging: { filter: { core: level === 'ERROR' ? 'ERROR' : 'WARN', other: 'WARN' }, forward: {} },
            // The SDK's own metrics (task slots, poll latency, schedule-to-start, cache) on their own port.
            ...(bindAddress ? { metrics: { prometheus: { bindAddress } } } : {}),
          },
        });
        runtimeInstalled = true;
        if (bindAddress) logger.info({ bindAddress }, `Temporal SDK metrics: http://${bindAddress}/metrics`);
      }
      const workerConnection = await NativeConnection.connect(connectionOptions);
      const worker = await Worker.create({
        connection: workerConnection,
        namespace: config.temporalNamespace,
        taskQueue: config.taskQueue,
        workflowBundle: await workflowBundle(config.dataDir, config.paths.workflows),
        activities: createActivities({
          db,
          renderer,
          mailer,
          registry,
          publicUrl: config.publicUrl,
          linkSecret: config.linkSecret,
          webhookSecret: config.webhookSecret,
          bounces,
          tracking: config.tracking.enabled,
          broadcastSendsInFlight: config.broadcastSendsInFlight,
        }),
        interceptors: { activity: [activityFailures(logger)] },
        ...config.workerTuning,
      });
      const running = worker.run();
      stops.push(async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await workerConnection.close();
      });
    }

    let router: Router | undefined;
    if (config.roles.has('router')) {
      router = new Router(db, store, registry, {
        client,
        taskQueue: config.taskQueue,
        dateCheckMinutes: config.dateCheckMinutes,
      });
      router.onError = (error) => logger.error({ err: error, ...routingContext(error) }, 'routing failed');
      await router.start();
      const r = router;
      stops.push(() => r.stop());
      // Every router process runs the check, but each period only the one that claims it decides.
      const decide = () =>
        claimJobRun(db, 'automatic-winners', EXPERIMENT_CHECK_MS * 0.9)
          .then((mine) => (mine ? applyAutomaticWinners(db, registry, Date.now()) : []))
          .then((won) => {
            for (const w of won)
              logger.info(
                { journeyId: w.journeyId, splitId: w.splitId, winner: w.winner, version: w.publishedVersion },
                `Automatic winner: ${w.journeyId}/${w.splitId} -> ${w.winner} (version ${w.publishedVersion})`,
              );
          })
          .catch((error: unknown) => logger.error({ err: error }, 'the automatic-winner check failed'));
      const timer = setInterval(() => {
        void decide();
      }, EXPERIMENT_CHECK_MS);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    // The routing gauges read the shared database: wherever an API or a router runs, its metrics show them.
    if (config.roles.has('api') || config.roles.has('router')) watchRouting(() => routingLag(db));
    if (config.metricsPort !== undefined) {
      const metrics = await startMetricsServer({
        host: config.host,
        port: config.metricsPort,
        adminToken: config.adminToken,
        metricsToken: config.metricsToken,
      });
      stops.push(() => metrics.close());
      logger.info({ port: metrics.port }, `Metrics: http://${config.host}:${metrics.port}/metrics`);
    }

    let url = config.publicUrl;
    if (config.roles.has('api')) {
      const app = createApp({
        logger,
        metricsToken: config.metricsToken,
        db,
        store,
        registry,
        templates,
        writeKey: config.writeKey,
        adminToken: config.adminToken,
        linkSecret: config.linkSecret,
        publicUrl: config.publicUrl,
        editorDir: config.paths.editorDist,
        renderer,
        mailer,
        historicalAfterDays: config.historicalAfterDays,
        bounceWebhooks: { db, policy: bounces.policy, keys: config.espWebhooks },
        tracking: { scannerSeconds: config.tracking.scannerSeconds },
        mailFrom: config.mailFrom,
        broadcasts: temporalBroadcastRunner(client, config.taskQueue),
        deliverability: { dkim: config.dkim?.signing, smtpUrl: config.smtpUrl, postalAddress: config.postalAddress },
        saveTemplate: (id, source) => saveTemplateFile(templates, id, source),
        health: async () => ({
          database: await databaseAnswers(db),
          temporal: await connection.workflowService.getSystemInfo({}).then(
            () => true,
            () => false,
          ),
        }),
      });
      const server: Server = await new Promise((resolve, reject) => {
        const s = app.listen(config.port, config.host, () => resolve(s));
        s.once('error', reject);
      });
      stops.push(
        () =>
          new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      );
      url = `http://localhost:${config.port}`;
    }

    return {
      config,
      db,
      store,
      registry,
      templates,
      renderer,
      client,
      router,
      url,
      temporalAddress,
      logger,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
