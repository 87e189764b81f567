import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from '../../engine/src/api/app.ts';
import { migrate, openDatabase, type Database } from '../../engine/src/db/index.ts';
import { FileTemplateStore } from '../../engine/src/email/index.ts';
import { EventStore } from '../../engine/src/events/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';

/** The admin token and write key of an in-process app (unless a test gives its own). */
export const TEST_ADMIN_TOKEN = 'admin-token';
export const TEST_WRITE_KEY = 'write';

/** An answer as the tests read it: status, the JSON body (if any), the raw text and the headers. */
export interface TestAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: answers are asserted field by field
  json: any;
  text: string;
  headers: Headers;
}

/** The management API served in this process on a fresh embedded database, on a free port of 127.0.0.1. */
export interface InProcessApp {
  db: Database;
  store: EventStore;
  deps: AppDeps;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Calls the API with the admin token (JSON body when given; extra headers override). */
  admin: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<TestAnswer>;
  close: () => Promise<void>;
}

type ExtraDeps = Partial<Omit<AppDeps, 'db' | 'store'>>;

/**
 * Opens and migrates a PGlite database in a temporary folder named after the test, and serves the app
 * (no Temporal, no worker) on it; `deps` overrides or adds to the defaults (made from the database
 * when it is a function, for deps that need it).
 */
export async function startInProcessApp(
  name: string,
  deps: ExtraDeps | ((db: Database) => ExtraDeps) = {},
): Promise<InProcessApp> {
  const db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), `boomerang-${name}-`)) });
  await migrate(db);
  const store = new EventStore(db);
  const extra = typeof deps === 'function' ? deps(db) : deps;
  const all: AppDeps = {
    db,
    store,
    registry: defaultRegistry(),
    templates: new FileTemplateStore(),
    writeKey: TEST_WRITE_KEY,
    adminToken: TEST_ADMIN_TOKEN,
    linkSecret: 'secret',
    publicUrl: 'http://localhost',
    health: async () => ({}),
    ...extra,
  };
  const server = await new Promise<Server>((resolve) => {
    const s = createApp(all).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const admin = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${all.adminToken}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.close();
  };
  return { db, store, deps: all, base, admin, close };
}
