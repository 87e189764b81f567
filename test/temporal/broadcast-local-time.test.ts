import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { saveRetentionSettings } from '../../engine/src/db/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { BROADCAST_PROGRESS_QUERY, type BroadcastProgress } from '../../engine/src/temporal/contract.ts';
import { audienceOf, startBroadcast } from '../support/broadcasts.ts';
import { eventually } from '../support/ports.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// Local-time broadcasts on the time-skipping server with the real activities: each recipient's email
// goes out when their own clock shows the time, zone groups in instant order, across a DST change.

const taskQueue = 'broadcasts-local-time';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };
/** The (skipped) server time at which each recipient's batch was handed to the sending activity. */
const dispatchedAt = new Map<string, number>();

const mailCount = async (userId: string) => (await world.mailTo(`${userId}@example.com`)).length;

const worker = () =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: {
      ...world.activities,
      sendBroadcastBatch: async (input: Parameters<typeof world.activities.sendBroadcastBatch>[0]) => {
        const at = Context.current().info.currentAttemptScheduledTimestampMs;
        for (const u of input.userIds) dispatchedAt.set(u, at);
        return world.activities.sendBroadcastBatch(input);
      },
    },
    maxCachedWorkflows: 0,
  });

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  // The account's zone, for customers without a valid one of their own (UTC-3 all year since 2019).
  expect((await saveRetentionSettings(world.db, { timeZone: 'America/Sao_Paulo' })).violations).toEqual([]);
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
});

describe('a broadcast at 02:30 local time on Sunday 28 March 2027', () => {
  it('reaches each zone at its own 02:30, in instant order, moving the nonexistent Paris 02:30 forward', async () => {
    const zones = ['Asia/Tokyo', 'Europe/Paris', 'Europe/London', 'America/New_York', undefined, 'Mars/Olympus'];
    const users = await audienceOf(world.db, 'lt', zones.length, (i) => (zones[i] ? { timezone: zones[i] } : {}));
    const [tokyo, paris, london, newYork, none, mars] = users;
    // Hand-worked: Tokyo is UTC+9; on 28 March 2027 Paris (01:00Z) and London (01:00Z) spring forward, so
    // Paris has no 02:30 (read at the CET offset it is 01:30Z = 03:30 CEST) and London's 02:30 BST is 01:30Z;
    // New York has been on EDT (UTC-4) since 14 March; the account zone Sao Paulo is UTC-3.
    const tokyoAt = '2027-03-27T17:30:00.000Z';
    const europeAt = '2027-03-28T01:30:00.000Z';
    const accountAt = '2027-03-28T05:30:00.000Z';
    const newYorkAt = '2027-03-28T06:30:00.000Z';
    const { planned, done } = await (
      await worker()
    ).runUntil(async () => {
      const handle = await startBroadcast(env.client, world.db, taskQueue, {
        broadcastId: 'spring-forward',
        audienceId: 'group-lt',
        localTime: { date: '2027-03-28', time: '02:30' },
        ratePerSecond: 50,
      });
      const progress = () => handle.query<BroadcastProgress>(BROADCAST_PROGRESS_QUERY);
      const first = await eventually(
        async () => {
          const now = await progress();
          return now.zones ? now : undefined;
        },
        'the zones planned',
        60_000,
      );
      const done: BroadcastProgress = await handle.result();
      return { planned: first, done };
    });
    expect(planned.zones).toEqual([
      { sendAt: tokyoAt, zones: ['Asia/Tokyo'], unzoned: false, members: 1, handled: 0, state: 'waiting' },
      {
        sendAt: europeAt,
        zones: ['Europe/London', 'Europe/Paris'],
        unzoned: false,
        members: 2,
        handled: 0,
        state: 'waiting',
      },
      { sendAt: accountAt, zones: [], unzoned: true, members: 2, handled: 0, state: 'waiting' },
      { sendAt: newYorkAt, zones: ['America/New_York'], unzoned: false, members: 1, handled: 0, state: 'waiting' },
    ]);
    expect(planned.invalidZones).toEqual([{ zone: 'Mars/Olympus', members: 1 }]);
    expect(done).toMatchObject({ state: 'completed', sent: 6, failed: 0, total: 6 });
    expect(done.zones?.map((z) => [z.state, z.handled])).toEqual([
      ['done', 1],
      ['done', 2],
      ['done', 2],
      ['done', 1],
    ]);
    const expected: Array<[string | undefined, string]> = [
      [tokyo, tokyoAt],
      [paris, europeAt],
      [london, europeAt],
      [newYork, newYorkAt],
      [none, accountAt],
      [mars, accountAt],
    ];
    for (const [user, at] of expected) {
      const sent = dispatchedAt.get(user ?? '') ?? 0;
      // Handed to the sender when that instant's timer fired (within a second of the throttle).
      expect(sent - Date.parse(at), `${user} at ${at}`).toBeGreaterThanOrEqual(0);
      expect(sent - Date.parse(at), `${user} at ${at}`).toBeLessThan(1000);
    }
    for (const u of users) expect(await mailCount(u), u).toBe(1);
  });

  it('sends at once to recipients whose local time has already passed', async () => {
    const users = await audienceOf(world.db, 'lp', 3, (i) => ({
      timezone: ['Asia/Tokyo', 'UTC', 'America/Denver'][i],
    }));
    const startedAt = await env.currentTimeMs();
    const done = await (
      await worker()
    ).runUntil(async () =>
      (
        await startBroadcast(env.client, world.db, taskQueue, {
          broadcastId: 'already-past',
          audienceId: 'group-lp',
          localTime: { date: '2026-11-30', time: '09:00' },
          ratePerSecond: 50,
        })
      ).result(),
    );
    expect(done).toMatchObject({ state: 'completed', sent: 3 });
    // Every instant (Tokyo, UTC, Denver) lies before the (skipped) clock: no zone waited.
    for (const u of users) expect((dispatchedAt.get(u) ?? 0) - startedAt, u).toBeLessThan(60_000);
    for (const u of users) expect(await mailCount(u), u).toBe(1);
  });
});
