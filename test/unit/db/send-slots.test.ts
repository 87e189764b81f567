import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveSendSlot } from '../../../engine/src/activities/send-slot.ts';
import { migrate, openDatabase, saveSendingSettings, type Database } from '../../../engine/src/db/index.ts';
import type { SendSlotInput } from '../../../engine/src/temporal/contract.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

// The slot a send takes under the caps, on real Postgres (several connections, so two journeys really
// ask at the same moment) and on PGlite: reserved atomically, once per send.
const now = Date.parse('2027-02-01T12:00:00Z');
const ask = (userId: string, journeyId: string, stepId = 'mail'): SendSlotInput => ({
  workflowId: `journey:${journeyId}:${userId}`,
  runId: 'run-1',
  journeyId,
  userId,
  stepId,
  iteration: 1,
  priority: 'high',
  traits: {},
  nowMs: now,
});

let pg: PostgresServer;
const dbs: Array<[string, Database]> = [];
beforeAll(async () => {
  pg = await startPostgres();
  dbs.push([
    'postgres',
    await openDatabase({ databaseUrl: pg.url, dataDir: mkdtempSync(join(tmpdir(), 'slots-pg-')) }),
  ]);
  dbs.push(['pglite', await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'slots-lite-')) })]);
  for (const [, db] of dbs) {
    await migrate(db);
    await saveSendingSettings(db, { caps: [{ max: 2, days: 1 }] });
  }
}, 120_000);
afterAll(async () => {
  for (const [, db] of dbs) await db.close();
  await pg?.stop();
});

describe.each([0, 1])('send slots (%#: postgres, pglite)', (which) => {
  const db = (): Database => {
    const found = dbs[which]?.[1];
    if (!found) throw new Error('the database did not open');
    return found;
  };

  it('lets exactly two of eight journeys asking at once through a cap of 2, and defers the rest a day', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => reserveSendSlot(db(), ask('race', `j${i}`))));
    expect(answers.filter((a) => a.allowed)).toHaveLength(2);
    expect(answers.filter((a) => !a.allowed)).toEqual(
      Array.from({ length: 6 }, () => ({ allowed: false, reason: 'capped', untilMs: now + 86_400_000 })),
    );
    const [row] = await db().query<{ n: number }>("select count(*)::int as n from send_slots where user_id = 'race'");
    expect(row?.n).toBe(2);
  });

  it('answers a retried ask of a send that holds a slot with the same yes, without counting it twice', async () => {
    const first = await reserveSendSlot(db(), ask('retry', 'a'));
    const again = await reserveSendSlot(db(), ask('retry', 'a'));
    expect([first, again]).toEqual([{ allowed: true }, { allowed: true }]);
    const [row] = await db().query<{ n: number }>("select count(*)::int as n from send_slots where user_id = 'retry'");
    expect(row?.n).toBe(1);
  });
});
