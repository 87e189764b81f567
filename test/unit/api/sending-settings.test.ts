import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../engine/src/api/app.ts';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { FileTemplateStore } from '../../../engine/src/email/index.ts';
import { EventStore } from '../../../engine/src/events/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';

// /v1/settings/sending over a real embedded database and HTTP.
const ADMIN = 'admin-token';
let db: Database;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-sending-api-')) });
  await migrate(db);
  const app = createApp({
    db,
    store: new EventStore(db),
    registry: defaultRegistry(),
    templates: new FileTemplateStore(),
    writeKey: 'write',
    adminToken: ADMIN,
    linkSecret: 'secret',
    publicUrl: 'http://localhost',
    health: async () => ({}),
  });
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

const call = async (method: string, body?: unknown) => {
  const res = await fetch(`${base}/v1/settings/sending`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};

describe('/v1/settings/sending', () => {
  it('answers no caps and no quiet hours before any were saved', async () => {
    expect(await call('GET')).toEqual({
      status: 200,
      body: { caps: [], groups: {}, quietHours: null, timezone: 'UTC' },
    });
  });

  it('saves caps, a group override and quiet hours, and reads them back', async () => {
    const settings = {
      caps: [
        { max: 3, days: 7 },
        { max: 1, days: 1 },
      ],
      groups: { surveys: { caps: [{ max: 1, days: 30 }] } },
      quietHours: { start: '21:00', end: '08:00' },
      timezone: 'Europe/Amsterdam',
    };
    expect(await call('PUT', settings)).toEqual({ status: 200, body: settings });
    expect((await call('GET')).body).toEqual(settings);
  });

  it('refuses bad settings with a 400 naming each field, and keeps the saved ones', async () => {
    const answer = await call('PUT', { caps: [{ max: 3, days: 0 }], quietHours: { start: '21:00', end: '21:00' } });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('body.caps.0.days');
    expect(JSON.stringify(answer.body)).toContain('body.quietHours.end');
    expect((await call('GET')).body.timezone).toBe('Europe/Amsterdam');
  });
});
