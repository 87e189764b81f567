import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCounts, inFlightByJourney } from '../../../engine/src/db/index.ts';
import { migrate, openDatabase, recordProgress, type Database } from '../../../engine/src/db/index.ts';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-stats-')) });
  await migrate(db);
  // Two customers in version 1 of "onb": ada is waiting for Activated, bob got tips and left.
  for (const userId of ['ada', 'bob']) {
    await db.query(
      `insert into enrollments (workflow_id, journey_id, user_id, version, status) values ($1, 'onb', $2, 1, 'active')`,
      [`journey:onb:${userId}`, userId],
    );
    await db.query(
      `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status) values ($1, $2, 'onb', 1, 'welcome', 'welcome', 'sent')`,
      [`${userId}-welcome`, userId],
    );
    await recordProgress(db, {
      workflowId: `journey:onb:${userId}`,
      journeyId: 'onb',
      version: 1,
      userId,
      stepId: 'wait',
      status: 'waiting',
      ended: false,
    });
  }
  await db.query(
    `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status) values ('bob-tips', 'bob', 'onb', 1, 'tips', 'tips', 'sent')`,
  );
  await recordProgress(db, {
    workflowId: 'journey:onb:bob',
    journeyId: 'onb',
    version: 1,
    userId: 'bob',
    stepId: 'done',
    status: 'exit:exit-node',
    ended: true,
  });
  // Someone in another version does not count.
  await db.query(
    `insert into enrollments (workflow_id, journey_id, user_id, version, status, step_id) values ('journey:onb:cy', 'onb', 'cy', 2, 'active', 'wait')`,
  );
}, 60_000);
afterAll(async () => {
  await db.close();
});

describe('live counts per node', () => {
  it('counts enrolled, sent, waiting and ended customers of one version', async () => {
    expect(await nodeCounts(db, 'onb', 1, 'start')).toEqual({
      start: { entered: 2, waiting: 0, exited: 0 },
      welcome: { entered: 2, waiting: 0, exited: 0 },
      wait: { entered: 2, waiting: 1, exited: 0 },
      tips: { entered: 1, waiting: 0, exited: 0 },
      done: { entered: 1, waiting: 0, exited: 1 },
    });
  });

  it('counts customers in flight per journey across versions', async () => {
    expect(await inFlightByJourney(db)).toEqual(new Map([['onb', 2]]));
  });
});
