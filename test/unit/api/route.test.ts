import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from '../../../engine/src/api/errors.ts';
import { openApiDocument } from '../../../engine/src/api/openapi.ts';
import { defineRoute, mountRoutes } from '../../../engine/src/api/route.ts';

// A route is defined once: the helper serves it with its inputs parsed by their schemas (400 naming the
// path of each problem otherwise) and documents it with every status its kind of route can answer.

const Note = z.object({ text: z.string().min(1), count: z.number().int().default(1) });
const notes = defineRoute({
  method: 'post',
  path: '/v1/notes/:id',
  auth: 'admin',
  summary: 'Save a note',
  params: { schema: z.object({ id: z.coerce.number().int().positive() }), invalid: 'Invalid note number' },
  query: { schema: z.object({ dryRun: z.enum(['yes', 'no']).default('no') }), invalid: 'Invalid query', at: 'query' },
  body: { schema: Note, invalid: 'Invalid note', limit: '1kb' },
  responses: {
    201: {
      description: 'Saved',
      schema: z.object({ id: z.number(), text: z.string(), count: z.number(), dryRun: z.string() }),
    },
    404: 'Unknown note',
  },
  handler: ({ params, query, body, res }) => {
    expectTypeOf(params.id).toEqualTypeOf<number>();
    expectTypeOf(body.count).toEqualTypeOf<number>();
    expectTypeOf(query.dryRun).toEqualTypeOf<'yes' | 'no'>();
    res.status(201).json({ id: params.id, text: body.text, count: body.count, dryRun: query.dryRun });
  },
});
const page = defineRoute({
  method: 'get',
  path: '/page',
  auth: 'none',
  summary: 'A page',
  canBeUnavailable: false,
  responses: { 200: { description: 'The page', html: true } },
  handler: ({ res }) => {
    res.type('html').send('<p>hi</p>');
  },
});

let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  mountRoutes(app.router, [notes, page], { adminToken: 'admin', writeKey: 'write' });
  app.use(errorHandler);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => {
  server?.close();
});

const post = (path: string, body: unknown, token = 'admin') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const Problems = z.object({
  error: z.object({ message: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })) }),
});

describe('a route defined with defineRoute', () => {
  it('hands the handler the parsed inputs, defaults filled in', async () => {
    const res = await post('/v1/notes/7?dryRun=yes', { text: 'hello' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 7, text: 'hello', count: 1, dryRun: 'yes' });
  });

  it('answers 400 with the path of each problem in the body, the query and the path', async () => {
    const body = await post('/v1/notes/7', { count: 1.5 });
    expect(body.status).toBe(400);
    const answer = Problems.parse(await body.json());
    expect(answer.error.message).toBe('Invalid note');
    expect(answer.error.problems.map((p) => p.path).sort()).toEqual(['count', 'text']);
    const query = Problems.parse(await (await post('/v1/notes/7?dryRun=maybe', { text: 'x' })).json());
    expect(query.error.problems.map((p) => p.path)).toEqual(['query.dryRun']);
    const path = Problems.parse(await (await post('/v1/notes/-3', { text: 'x' })).json());
    expect(path.error.problems.map((p) => p.path)).toEqual(['id']);
    const nul = Problems.parse(await (await post('/v1/notes/7', { text: 'a\u0000b' })).json());
    expect(nul.error.problems.map((p) => p.path)).toEqual(['text']);
  });

  it('refuses a wrong admin token with 401 before reading anything', async () => {
    expect((await post('/v1/notes/7', { text: 'x' }, 'nope')).status).toBe(401);
  });

  it('documents the operation with its own answers and the ones its kind of route can give', () => {
    const doc = openApiDocument('http://localhost', [notes, page]);
    const operation = doc.paths?.['/v1/notes/{id}']?.post;
    // Hand-listed: 201 and 404 declared; 400 (inputs), 401 (admin), 413 and 415 (a body), 503 (an outage) added.
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(['201', '400', '401', '404', '413', '415', '503']);
    expect(operation?.security).toEqual([{ adminToken: [] }]);
    expect(operation?.parameters?.map((p) => ('name' in p ? `${p.in} ${p.name}` : ''))).toEqual([
      'path id',
      'query dryRun',
    ]);
    expect(Object.keys(doc.paths?.['/page']?.get?.responses ?? {})).toEqual(['200']);
    expect(Object.keys(doc.paths?.['/page']?.get?.responses?.['200']?.content ?? {})).toEqual(['text/html']);
  });
});
