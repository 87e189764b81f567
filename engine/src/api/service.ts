import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { routingLag, type Database } from '../db/index.ts';
import { page } from './page.ts';
import { defineRoute, type Route } from './route.ts';
import { HealthAnswer } from './shapes.ts';

/** An OpenAPI document as far as its readers rely on it. */
const OpenApiShape = z.object({
  openapi: z.string(),
  info: z.record(z.string(), z.unknown()),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** The routes about the service itself: health, this API's document, and the front page (the editor when it is built). */
export function serviceRoutes(deps: {
  db: Database;
  health: () => Promise<Record<string, boolean>>;
  editorDir?: string | undefined;
  document: () => unknown;
}): Route[] {
  const editorIndex = deps.editorDir ? join(deps.editorDir, 'index.html') : undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      auth: 'none',
      summary: 'Liveness and readiness; routing lag (age of the oldest unrouted event) and the dead-letter count',
      responses: {
        200: { description: 'Healthy', schema: HealthAnswer },
        503: { description: 'A part is down', schema: HealthAnswer },
      },
      handler: async ({ res }) => {
        const parts = await deps.health();
        const healthy = Object.values(parts).every(Boolean);
        // How far routing is behind (the age of the oldest unrouted event) and how many events are parked.
        const routing = parts.database ? await routingLag(deps.db).catch(() => undefined) : undefined;
        res
          .status(healthy ? 200 : 503)
          .json({ status: healthy ? 'ok' : 'degraded', parts, ...(routing ? { routing } : {}) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      auth: 'none',
      summary: 'This document',
      canBeUnavailable: false,
      responses: { 200: { description: 'The OpenAPI 3.1 document', schema: OpenApiShape } },
      handler: ({ res }) => {
        res.json(deps.document());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/',
      auth: 'none',
      summary: 'The editor (or, without a built editor, a page linking the outbox and this document)',
      canBeUnavailable: false,
      responses: { 200: { description: 'The editor', html: true } },
      handler: ({ res }) => {
        if (editorIndex && existsSync(editorIndex)) {
          res.sendFile(editorIndex);
          return;
        }
        res.type('html').send(
          page(
            'Boomerang',
            `<h1>Boomerang</h1><p>The customer-retention engine is running.</p>
        <ul><li><a href="/outbox">Outbox</a> — mail received by the embedded SMTP sink</li><li><a href="/openapi.json">API (OpenAPI)</a></li>
        <li><a href="/healthz">Health</a></li></ul>`,
          ),
        );
      },
    }),
  ];
}
