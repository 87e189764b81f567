import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { createActivities } from '../../engine/src/activities/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import {
  broadcastRecipientsPage,
  createJourney,
  customerEnrollments,
  publishVersion,
  type Database,
} from '../../engine/src/db/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import type { BroadcastProgress } from '../../engine/src/temporal/contract.ts';
import { audienceOf, startBroadcast } from '../support/broadcasts.ts';
import { eventually } from '../support/ports.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// A broadcast that enters its audience into the onboarding journey (welcome email, then a 2-day wait):
// each member enters once, even when the batch's first attempt died after starting their runs, and a
// second broadcast into the same journey skips everyone already in it.

const templates = fileURLToPath(new URL('../../templates/', import.meta.url));
const registry = defaultRegistry();
const taskQueue = 'broadcast-enrol';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };

const mailCount = async (userId: string) => (await world.mailTo(`${userId}@example.com`)).length;

/** A database whose batch record of broadcast recipients fails: a worker dying after the entries, before the tally. */
function dyingBeforeTheTally(real: Database): Database {
  return {
    kind: real.kind,
    query: (sql, params) =>
      sql.includes('jsonb_to_recordset')
        ? Promise.reject(new Error('the worker process died'))
        : real.query(sql, params),
    transaction: (work) => real.transaction(work),
    exec: (sql) => real.exec(sql),
    listen: (channel, onNotify) => real.listen(channel, onNotify),
    close: () => real.close(),
  };
}

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  const graph = Journey.parse(JSON.parse(readFileSync(`${templates}journeys/onboarding.json`, 'utf8')));
  await createJourney(world.db, graph.id, graph.name, graph);
  await publishVersion(world.db, graph.id, graph, (version) => compile(graph, { registry, version }), null);
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

describe('a broadcast into a journey', () => {
  it('enters each member once though its first attempt died, and a second one skips them all', async () => {
    const users = await audienceOf(world.db, 'en', 6);
    const dying = createActivities({ ...world.services, db: dyingBeforeTheTally(world.db), registry });
    let firstAttempts = 0;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: {
        ...world.activities,
        enrolBroadcastBatch: (input: Parameters<typeof world.activities.enrolBroadcastBatch>[0]) => {
          if (Context.current().info.attempt > 1) return world.activities.enrolBroadcastBatch(input);
          firstAttempts += 1;
          return dying.enrolBroadcastBatch(input);
        },
      },
      maxCachedWorkflows: 0,
    });
    const { first, second } = await worker.runUntil(async () => {
      const into = (broadcastId: string) =>
        startBroadcast(env.client, world.db, taskQueue, {
          broadcastId,
          audienceId: 'group-en',
          template: undefined,
          journeyId: 'onboarding',
          ratePerSecond: 50,
        });
      const first: BroadcastProgress = await (await into('welcome-everyone')).result();
      await eventually(
        async () => ((await Promise.all(users.map(mailCount))).every((n) => n >= 1) ? true : undefined),
        'every welcome email',
        60_000,
      );
      const second: BroadcastProgress = await (await into('welcome-again')).result();
      return { first, second };
    });
    // One batch of 6 per broadcast, whose first attempt died after the entries (or skips), before the tally.
    expect(firstAttempts).toBe(2);
    expect(first).toMatchObject({ state: 'completed', enrolled: 6, sent: 0, skipped: {}, total: 6 });
    expect(second).toMatchObject({ state: 'completed', enrolled: 0, skipped: { 'skipped-in-journey': 6 } });
    for (const u of users) {
      const runs = (await customerEnrollments(world.db, u)).filter((e) => e.journeyId === 'onboarding');
      expect(
        runs.map((e) => [e.workflowId, e.status]),
        u,
      ).toEqual([[`journey:onboarding:${u}`, 'active']]);
      expect(await mailCount(u), u).toBe(1); // the journey's welcome, once
    }
    const recorded = await broadcastRecipientsPage(world.db, 'welcome-everyone', { after: '', limit: 10 });
    expect(recorded.map((r) => r.status)).toEqual(users.map(() => 'enrolled'));
  });
});
