import { Client, Connection } from '@temporalio/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audiencesOfCustomer,
  createAudience,
  listDeadLetters,
  migrate,
  openDatabase,
  retryDeadLetter,
  routingLag,
  type Database,
} from '../../../engine/src/db/index.ts';
import { EventStore, Router, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { eventually } from '../../support/ports.ts';

// The router with one audience defined and no live journey (so Temporal is never called), on a real
// database. The database is made to refuse one customer's membership rows (a trigger that raises, as a
// bad row or a bug would): that customer's event is retried and parked as a dead letter like any
// routing failure, their later event waits behind it, and everyone else's membership is kept current.
let db: Database;
let store: EventStore;

beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-audience-failure-')) });
  await migrate(db);
  store = new EventStore(db);
  await createAudience(db, {
    id: 'pro',
    name: 'Pro plan',
    definition: {
      id: 'pro',
      name: 'Pro plan',
      condition: { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' },
    },
  });
  await db.query(`create function refuse_mallory() returns trigger language plpgsql as $$
    begin if new.user_id = 'mallory' then raise exception 'membership row refused for %', new.user_id; end if; return new; end $$`);
  await db.query(
    'create trigger refuse_mallory before insert or update on audience_memberships for each row execute function refuse_mallory()',
  );
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const identify = (userId: string, n: number, plan: string): IncomingEvent => ({
  type: 'identify',
  messageId: `${userId}-${n}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits: { plan },
  context: {},
  timestamp: new Date().toISOString(),
});

async function routing(during: () => Promise<void>): Promise<void> {
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const router = new Router(db, store, defaultRegistry(), {
    client,
    taskQueue: 'unused',
    retry: { attempts: 2, baseDelayMs: 20 },
  });
  router.onError = () => undefined;
  await router.start();
  try {
    await during();
  } finally {
    await router.stop();
  }
}

const inPro = async (userId: string) => (await audiencesOfCustomer(db, userId)).some((a) => a.audienceId === 'pro');

describe('an audience evaluation that fails for one customer', () => {
  it('parks that event, holds only their later one, and keeps routing everyone else', async () => {
    await store.append([
      identify('mallory', 1, 'pro'),
      ...Array.from({ length: 30 }, (_, i) => identify(`c${i}`, 1, 'pro')),
      identify('mallory', 2, 'pro'),
    ]);
    await routing(async () => {
      await eventually(async () => ((await routingLag(db)).unrouted === 0 ? true : undefined), 'the outbox to drain');
    });
    for (let i = 0; i < 30; i++) expect(await inPro(`c${i}`)).toBe(true);
    expect(await inPro('mallory')).toBe(false);
    // Both of mallory's events failed alike and were parked; the second was first tried only after the first was parked.
    const parked = (await listDeadLetters(db)).sort((a, b) => a.seq - b.seq);
    expect(parked.map((d) => [d.messageId, d.attempts])).toEqual([
      ['mallory-1', 2],
      ['mallory-2', 2],
    ]);
    for (const d of parked) expect(d.error).toMatch(/membership row refused for mallory/);
    expect(Date.parse(parked[1]!.firstTriedAt)).toBeGreaterThanOrEqual(Date.parse(parked[0]!.lastTriedAt));

    // Mended and retried by an operator, the parked events make mallory a member.
    await db.query('drop trigger refuse_mallory on audience_memberships');
    for (const d of parked) expect(await retryDeadLetter(db, d.seq)).toBe(true);
    await routing(async () => {
      await eventually(async () => ((await inPro('mallory')) ? true : undefined), 'mallory to join the audience');
    });
    expect(await listDeadLetters(db)).toEqual([]);
  }, 120_000);
});
