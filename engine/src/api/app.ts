import { preferenceRoutes } from './preferences.ts';
import { subscriptionGroupRoutes } from './subscription-groups.ts';
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/index.ts';
import type { Mailer, Renderer, TemplateStore } from '../email/index.ts';
import type { EventStore } from '../events/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import type { WebhookDeps } from '../bounces/index.ts';
import { requireKey } from './auth.ts';
import { audienceRoutes } from './audiences.ts';
import { broadcastRoutes } from './broadcasts.ts';
import type { BroadcastRunner } from '../temporal/broadcast-runner.ts';
import { catalogRoutes } from './catalog.ts';
import { customerImportRoutes } from './customer-import.ts';
import { deadLetterRoutes } from './dead-letters.ts';
import { errorHandler, HttpError } from './errors.ts';
import { experimentRoutes } from './experiments.ts';
import { ingestRoutes } from './ingest.ts';
import { journeyRoutes } from './journeys.ts';
import { mailRoutes } from './mail.ts';
import { metricRoutes } from './metrics.ts';
import { sendingSettingsRoutes } from './sending-settings.ts';
import { openApiDocument } from './openapi.ts';
import { mountRoutes, type Route } from './route.ts';
import { sendRoutes } from './sends.ts';
import { suppressionRoutes } from './suppressions.ts';
import { bounceWebhookRoutes } from './bounce-webhooks.ts';
import { senderRoutes } from './senders.ts';
import { deliverabilityRoutes } from './deliverability.ts';
import type { DoctorSettings, TxtLookup } from '../deliverability/index.ts';
import { serviceRoutes } from './service.ts';
import { surveyRoutes } from './surveys.ts';
import { starterRoutes } from './starters.ts';
import { statsRoutes } from './stats.ts';
import { templateRoutes } from './templates.ts';
import { metricsEndpoint } from './prometheus.ts';
import { requestLogger, requestMetrics, silentLogger, type Logger } from '../observability/index.ts';
import { emailStatsRoutes } from './email-stats.ts';
import { trackingRoutes } from './tracking.ts';

/** What the HTTP API is built from. */
export interface AppDeps {
  db: Database;
  store: EventStore;
  registry: NodeRegistry;
  templates: TemplateStore;
  writeKey: string;
  adminToken: string;
  linkSecret: string;
  publicUrl: string;
  editorDir?: string;
  /** Renders template previews with the sending cache (else each preview compiles afresh). */
  renderer?: Renderer;
  /** Sends "test email"s from the template editor. */
  mailer?: Mailer;
  /** Stores an edited template's source; without it templates are read-only. */
  saveTemplate?: (id: string, source: string) => Promise<void>;
  health: () => Promise<Record<string, boolean>>;
  /** ESP bounce webhooks (/v1/webhooks/:provider): where to record and each provider's key; none: 404. */
  bounceWebhooks?: WebhookDeps | undefined;
  /** Events dated more than this many days ago are history: stored, routed to no journey (default 7). */
  historicalAfterDays?: number;
  /** The default sender (MAIL_FROM). */
  mailFrom?: string;
  /** What the deliverability doctor reads from the configuration (DKIM key, SMTP relay, postal address). */
  deliverability?: Omit<DoctorSettings, 'mailFrom'>;
  /** DNS TXT look-ups of the doctor (default: the system resolver). */
  lookupTxt?: TxtLookup;
  /** Writes one JSON line per request (with its request id); without it requests are not logged. */
  logger?: Logger;
  /** METRICS_TOKEN: a token that may read /metrics only (the admin token may too). */
  metricsToken?: string | undefined;
  /** Tracking links: clicks within `scannerSeconds` of the send count as a link scanner's (default 5). */
  tracking?: { scannerSeconds: number } | undefined;
  /** Starts and signals broadcasts (a Temporal client); none: broadcasts can be read, not started. */
  broadcasts?: BroadcastRunner;
}

const DEFAULT_MAIL_FROM = 'Boomerang <hello@localhost>';

/** Every route of the API; /openapi.json documents exactly these. */
export function apiRoutes(deps: AppDeps): Route[] {
  let document: unknown;
  const routes: Route[] = [
    ...serviceRoutes({ ...deps, document: () => (document ??= openApiDocument(deps.publicUrl, routes)) }),
    ...ingestRoutes(deps),
    ...mailRoutes(deps),
    ...sendRoutes(deps),
    ...suppressionRoutes(deps),
    ...bounceWebhookRoutes(deps),
    ...surveyRoutes(deps),
    ...preferenceRoutes(deps),
    ...subscriptionGroupRoutes(deps),
    ...trackingRoutes(deps),
    ...emailStatsRoutes(deps),
    ...catalogRoutes(deps),
    ...customerImportRoutes(deps),
    ...templateRoutes(deps),
    ...starterRoutes(),
    ...statsRoutes(deps),
    ...journeyRoutes(deps),
    ...audienceRoutes(deps),
    ...broadcastRoutes(deps),
    ...experimentRoutes(deps),
    ...deadLetterRoutes(deps),
    ...metricRoutes(deps),
    ...sendingSettingsRoutes(deps),
    ...senderRoutes({ db: deps.db, mailFrom: deps.mailFrom ?? DEFAULT_MAIL_FROM }),
    ...deliverabilityRoutes({
      ...deps,
      settings: {
        dkim: undefined,
        smtpUrl: undefined,
        postalAddress: undefined,
        ...deps.deliverability,
        mailFrom: deps.mailFrom ?? DEFAULT_MAIL_FROM,
      },
    }),
  ];
  return routes;
}

/** Builds the express app: ingest, management API, outbox, unsubscribe and survey links, OpenAPI and the editor. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Without a logger requests still get an id (and req.log), written nowhere.
  app.use(requestLogger(deps.logger ?? silentLogger()));
  app.use(requestMetrics());
  app.get('/metrics', metricsEndpoint(deps));
  // Each route checks its own key; this also keeps unknown paths below the management prefixes from
  // saying, without the token, which ones exist.
  app.use(
    [
      '/v1/nodes',
      '/v1/journeys',
      '/v1/templates',
      '/v1/customers',
      '/v1/starters',
      '/v1/event-names',
      '/v1/dead-letters',
      '/v1/metrics',
      '/v1/senders',
      '/v1/deliverability',
      '/v1/broadcasts',
    ],
    requireKey(deps.adminToken, 'admin token'),
  );
  mountRoutes(app.router, apiRoutes(deps), deps);
  app.use('/v1', () => {
    throw new HttpError(404, 'No such API endpoint; /openapi.json lists them');
  });

  const editor = deps.editorDir;
  if (editor && existsSync(join(editor, 'index.html'))) {
    app.use(express.static(editor));
    // The editor's own pages (client-side routes) all open its index.html.
    app.get('/{*path}', (_req, res) => res.sendFile(join(editor, 'index.html')));
  }
  app.use(errorHandler);
  return app;
}
