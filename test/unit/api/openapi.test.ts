import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes, createApp, type AppDeps } from '../../../engine/src/api/app.ts';
import { nestedTooDeep } from '../../../engine/src/api/depth.ts';
import { openApiDocument } from '../../../engine/src/api/openapi.ts';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { FileTemplateStore } from '../../../engine/src/email/index.ts';
import { EventStore } from '../../../engine/src/events/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';

// The fields the OpenAPI document marks required are the ones the server refuses a body without, and
// bad input answers 400 saying where. (That every route is documented holds by construction: the
// document is made from the route definitions; test/e2e/contract.test.ts checks it against a server.)

const ADMIN = 'admin-token';
let db: Database;
let app: ReturnType<typeof createApp>;
let server: Server;
let base: string;
let deps: AppDeps;

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-openapi-')) });
  await migrate(db);
  // A built editor, so its routes are mounted as `npm start` mounts them.
  const editorDir = mkdtempSync(join(tmpdir(), 'boomerang-editor-'));
  writeFileSync(join(editorDir, 'index.html'), '<!doctype html><title>editor</title>');
  deps = {
    db,
    store: new EventStore(db),
    registry: defaultRegistry(),
    templates: new FileTemplateStore(),
    writeKey: 'write',
    adminToken: ADMIN,
    linkSecret: 'secret',
    publicUrl: 'http://localhost',
    health: async () => ({}),
  };
  app = createApp({ ...deps, editorDir });
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);
afterAll(async () => {
  server?.close();
  await db?.close();
});

const documented = () => openApiDocument('http://localhost', apiRoutes(deps));

const bodySchema = (path: string, method: 'post' | 'put') =>
  z
    .object({ required: z.array(z.string()).default([]) })
    .parse(
      z
        .object({ content: z.object({ 'application/json': z.object({ schema: z.unknown() }) }) })
        .parse(z.record(z.string(), z.unknown()).parse(documented().paths?.[path]?.[method]).requestBody).content[
        'application/json'
      ].schema,
    );

describe('required fields in the document are the ones the server requires', () => {
  // Hand-read from the zod schemas in engine/src/journey/schema.ts, events/segment.ts, api/shapes.ts.
  const cases = [
    {
      route: 'post /v1/journeys',
      path: '/v1/journeys',
      method: 'post',
      required: ['edges', 'id', 'name', 'nodes'],
      valid: { id: 'req-check', name: 'R', nodes: [], edges: [] },
    },
    {
      route: 'put /v1/templates/{id}',
      path: '/v1/templates/{id}',
      method: 'put',
      required: ['source'],
      valid: { source: '<mjml></mjml>' },
    },
    {
      route: 'post /v1/templates/{id}/test',
      path: '/v1/templates/{id}/test',
      method: 'post',
      required: ['to'],
      valid: { to: 'ada@example.com' },
    },
    {
      route: 'post /v1/track',
      path: '/v1/track',
      method: 'post',
      required: ['event'],
      valid: { userId: 'u', event: 'E' },
    },
    { route: 'post /v1/batch', path: '/v1/batch', method: 'post', required: ['batch'], valid: { batch: [] } },
  ] as const;

  it.each(cases)('$route requires exactly what the zod schema requires', ({ path, method, required }) => {
    expect([...bodySchema(path, method).required].sort()).toEqual([...required].sort());
  });

  const url = (path: string) => path.replace('{id}', 'welcome-copy');
  const auth = (path: string) =>
    path.startsWith('/v1/track') || path.startsWith('/v1/batch') ? `Bearer write` : `Bearer ${ADMIN}`;
  it.each(cases)(
    '$route answers 400 naming each required field left out',
    async ({ path, method, required, valid }) => {
      for (const field of required) {
        const body: Record<string, unknown> = { ...valid };
        delete body[field];
        const res = await fetch(`${base}${url(path)}`, {
          method: method.toUpperCase(),
          headers: { authorization: auth(path), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status, `${method} ${path} without ${field}`).toBe(400);
        const answer = z
          .object({ error: z.object({ problems: z.array(z.object({ path: z.string() })) }) })
          .parse(await res.json());
        expect(answer.error.problems.map((p) => p.path)).toContain(field);
      }
    },
  );
});

describe('bodies nested too deeply', () => {
  it('finds the first place past the limit without recursing', () => {
    expect(nestedTooDeep({ a: [[1]] }, 2)).toBe('a.0');
    expect(nestedTooDeep({ a: [[1]] }, 3)).toBeUndefined();
    expect(nestedTooDeep(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 64)).toBe(
      Array.from({ length: 64 }, () => '0').join('.'),
    );
  });

  it('answers a journey nesting 5,000 levels with 400 naming where', async () => {
    const body = `{"id":"deep","name":"d","nodes":[{"id":"t","type":"trigger.event","config":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}],"edges":[]}`;
    const res = await fetch(`${base}/v1/journeys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('nodes.0.config.x.0.0');
  });
});

describe('bad input that once answered 500 answers 400 saying where', () => {
  const admin = (method: string, path: string, body?: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
  const problems = async (res: Response) =>
    z
      .object({ error: z.object({ problems: z.array(z.object({ path: z.string(), message: z.string() })) }) })
      .parse(await res.json()).error.problems;

  it('refuses a version past 32 bits in the stats query and in the versions path', async () => {
    const stats = await admin('GET', '/v1/journeys/x/stats?version=99999999999');
    expect(stats.status).toBe(400);
    expect((await problems(stats))[0]?.path).toBe('version');
    const version = await admin('GET', '/v1/journeys/x/versions/99999999999');
    expect(version.status).toBe(400);
    expect((await problems(version))[0]?.path).toBe('version');
    expect((await admin('GET', '/v1/journeys/x/versions/2147483647')).status).toBe(404);
  });

  it('refuses a journey holding NUL or a lone surrogate, naming the field', async () => {
    const nul = await admin(
      'POST',
      '/v1/journeys',
      JSON.stringify({ id: 'nul', name: 'a\u0000b', nodes: [], edges: [] }),
    );
    expect(nul.status).toBe(400);
    expect((await problems(nul)).map((p) => p.path)).toEqual(['name']);
    const surrogate =
      '{"id":"sur","name":"s","nodes":[{"id":"t","type":"trigger.event","config":{"\\ud800":1}}],"edges":[]}';
    const res = await admin('POST', '/v1/journeys', surrogate);
    expect(res.status).toBe(400);
    expect((await problems(res))[0]?.path).toBe('nodes.0.config.\\ud800');
  });

  it('refuses NUL in a journey id and a URL that is not valid percent-encoding', async () => {
    const nul = await admin('GET', '/v1/journeys/a%00b');
    expect(nul.status).toBe(400);
    expect((await problems(nul))[0]?.path).toBe('id');
    const broken = await admin('GET', '/v1/journeys/%E0%A4%A');
    expect(broken.status).toBe(400);
    expect((await problems(broken))[0]?.path).toBe('(url)');
  });
});
