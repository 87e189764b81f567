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
import { apiClient } from '../../support/api.ts';

// /v1/senders over real HTTP and PGlite, and journeys naming senders that do not exist.
let db: Database;
let server: Server;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-senders-')) });
  await migrate(db);
  const app = createApp({
    db,
    store: new EventStore(db),
    registry: defaultRegistry(),
    templates: new FileTemplateStore(),
    writeKey: 'wk_senders_test',
    adminToken: 'adm_senders_test',
    linkSecret: 'x'.repeat(32),
    publicUrl: 'http://localhost',
    mailFrom: 'Shop <hello@shop.example>',
    lookupTxt: async (name) => (name === 'shop.example' ? ['v=spf1 a:smtp.shop.example ~all'] : undefined),
    health: async () => ({ database: true }),
  });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  api = apiClient(`http://127.0.0.1:${port}`, { writeKey: 'wk_senders_test', adminToken: 'adm_senders_test' });
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await db?.close();
});

const journey = (settings: Record<string, unknown>, sender: string | undefined) => ({
  id: 'welcome-series',
  name: 'Welcome series',
  settings,
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'say-hello', type: 'send-email', config: { template: 'welcome', ...(sender ? { sender } : {}) } },
  ],
  edges: [{ from: 'start', to: 'say-hello' }],
});

describe('sender identities API', () => {
  it('lists the default sender from MAIL_FROM first, then added ones; changing one answers 200', async () => {
    expect((await api.admin('PUT', '/v1/senders/support', { name: 'Ada', address: 'ada@shop.example' })).status).toBe(
      201,
    );
    const changed = await api.admin('PUT', '/v1/senders/support', {
      name: 'Ada from Support',
      address: 'ada@shop.example',
      replyTo: 'help@shop.example',
    });
    expect(changed.status).toBe(200);
    const list = await api.admin('GET', '/v1/senders');
    expect(list.json.senders).toEqual([
      { id: 'default', name: 'Shop', address: 'hello@shop.example', replyTo: null, builtIn: true },
      {
        id: 'support',
        name: 'Ada from Support',
        address: 'ada@shop.example',
        replyTo: 'help@shop.example',
        builtIn: false,
      },
    ]);
  });

  it('refuses a sender without a valid address, naming the field', async () => {
    const bad = await api.admin('PUT', '/v1/senders/promo', { name: 'Promo', address: 'not-an-address' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('address');
  });

  it('refuses to change or remove the default sender, and says removing an unknown one is a 404', async () => {
    expect((await api.admin('PUT', '/v1/senders/default', { name: 'X', address: 'x@shop.example' })).status).toBe(409);
    expect((await api.admin('DELETE', '/v1/senders/default')).status).toBe(409);
    expect((await api.admin('DELETE', '/v1/senders/nobody')).status).toBe(404);
  });

  it('asks for the admin token', async () => {
    expect((await api.raw('GET', '/v1/senders', undefined, undefined)).status).toBe(401);
  });

  it('validates a journey whose email step names an unknown sender, naming the node', async () => {
    await api.admin('POST', '/v1/journeys', journey({}, undefined));
    const answer = await api.admin('POST', '/v1/journeys/welcome-series/validate', journey({}, 'promo'));
    expect(answer.status).toBe(200);
    expect(answer.json.valid).toBe(false);
    expect(answer.json.violations).toEqual([
      expect.objectContaining({ nodeId: 'say-hello', code: 'unknown-sender', path: 'nodes.1.config.sender' }),
    ]);
    expect(answer.json.violations[0].message).toContain('"say-hello"');
  });

  it('refuses a journey whose default sender does not exist and accepts known senders', async () => {
    const unknown = await api.admin(
      'POST',
      '/v1/journeys/welcome-series/validate',
      journey({ sender: 'gone' }, undefined),
    );
    expect(unknown.json.violations).toEqual([
      expect.objectContaining({ nodeId: null, code: 'unknown-sender', path: 'settings.sender' }),
    ]);
    const known = await api.admin(
      'POST',
      '/v1/journeys/welcome-series/validate',
      journey({ sender: 'default' }, 'support'),
    );
    expect(known.json).toMatchObject({ valid: true, violations: [] });
  });
});

describe('GET /v1/deliverability/doctor', () => {
  it('answers a check per sender and the DNS found, for the admin only', async () => {
    expect((await api.raw('GET', '/v1/deliverability/doctor', undefined, undefined)).status).toBe(401);
    const report = await api.admin('GET', '/v1/deliverability/doctor');
    expect(report.status).toBe(200);
    const byId = Object.fromEntries(report.json.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(byId).toMatchObject({
      dkim: 'fail',
      'spf:shop.example': 'ok',
      'dmarc:shop.example': 'warn',
      'alignment:support': 'warn',
    });
    expect(report.json.status).toBe('fail');
  });
});
