import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { routingLag, type Database } from '../db/index.ts';
import type { Mailer, Renderer, TemplateStore } from '../email/index.ts';
import type { EventStore } from '../events/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { requireKey } from './auth.ts';
import { catalogRoutes } from './catalog.ts';
import { deadLetterRoutes } from './dead-letters.ts';
import { errorHandler, HttpError } from './errors.ts';
import { experimentRoutes } from './experiments.ts';
import { ingestRoutes } from './ingest.ts';
import { journeyRoutes } from './journeys.ts';
import { mailRoutes } from './mail.ts';
import { openApiDocument } from './openapi.ts';
import { page } from './page.ts';
import { sendRoutes } from './sends.ts';
import { surveyRoutes } from './surveys.ts';
import { starterRoutes } from './starters.ts';
import { statsRoutes } from './stats.ts';
import { templateRoutes } from './templates.ts';

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
}

/** Builds the express app: ingest, management API, outbox, unsubscribe and survey links, OpenAPI and the editor. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const requireAdmin = requireKey(deps.adminToken, 'admin token');

  app.get('/healthz', async (_req, res) => {
    const parts = await deps.health();
    const healthy = Object.values(parts).every(Boolean);
    // How far routing is behind (the age of the oldest unrouted event) and how many events are parked.
    const routing = parts.database ? await routingLag(deps.db).catch(() => undefined) : undefined;
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', parts, ...(routing ? { routing } : {}) });
  });
  app.get('/openapi.json', (_req, res) => { res.json(openApiDocument(deps.publicUrl)); });
  app.use(ingestRoutes(deps));
  app.use(mailRoutes({ ...deps, requireAdmin }));
  app.use(sendRoutes({ ...deps, requireAdmin }));
  app.use(surveyRoutes(deps));
  app.use(['/v1/nodes', '/v1/journeys', '/v1/templates', '/v1/customers', '/v1/starters', '/v1/event-names', '/v1/dead-letters'], requireAdmin);
  app.use(catalogRoutes(deps));
  app.use(templateRoutes(deps));
  app.use(starterRoutes());
  app.use(statsRoutes(deps));
  app.use(journeyRoutes(deps));
  app.use(experimentRoutes(deps));
  app.use(deadLetterRoutes(deps));
  app.use('/v1', () => { throw new HttpError(404, 'No such API endpoint; /openapi.json lists them'); });

  const editor = deps.editorDir;
  if (editor && existsSync(join(editor, 'index.html'))) {
    app.use(express.static(editor));
    app.get('/{*path}', (_req, res) => res.sendFile(join(editor, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.type('html').send(page('Boomerang', `<h1>Boomerang</h1><p>The customer-retention engine is running.</p>
        <ul><li><a href="/outbox">Outbox</a> — mail received by the embedded SMTP sink</li><li><a href="/openapi.json">API (OpenAPI)</a></li>
        <li><a href="/healthz">Health</a></li></ul>`));
    });
  }
  app.use(errorHandler);
  return app;
}
