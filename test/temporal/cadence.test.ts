import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { armOf, type Plan } from '../../engine/src/interpreter/index.ts';
import { compile } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { listExposures, listMessages } from '../../engine/src/db/index.ts';
import { starterJourneys } from '../../engine/src/starters/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';

// The drip-cadence-test starter on the time-skipping server: weeks pass in seconds.
const starter = starterJourneys().find((j) => j.id === 'drip-cadence-test');
if (!starter) throw new Error('the drip-cadence-test starter is missing');
const plan: Plan = compile(starter, { registry: defaultRegistry(), version: 1 });
const DAY = 86_400_000;

/** A customer id the split sends to `arm`. */
function customerIn(arm: string, prefix: string): string {
  const step = plan.steps['cadence'];
  if (step?.kind !== 'split') throw new Error('no split');
  for (let i = 0; ; i += 1) if (armOf(plan, step, `${prefix}-${i}`).variant === arm) return `${prefix}-${i}`;
}

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

const sent = async (userId: string) =>
  (await listMessages(ts.world.db, { userId })).filter((m) => m.status === 'sent').length;

async function runCadence(userId: string, during?: (handle: WorkflowHandle) => Promise<void>) {
  const run = await ts.runJourney(plan, userId, during);
  return { ...run, days: (run.closeMs - run.startMs) / DAY };
}

describe('the drip cadence test on the time-skipping server', () => {
  it('sends the weekly arm 4 emails over 4 weeks (days 0, 7, 14, 21)', async () => {
    const userId = customerIn('weekly', 'wendy');
    const { outcome, days } = await runCadence(userId, async () => {
      await ts.env.sleep('20 days');
      expect(await sent(userId)).toBe(3);
    });
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
    expect(days).toBeCloseTo(21, 1);
    expect(await ts.world.mailTo(`${userId}@example.com`)).toHaveLength(4);
    expect(
      await listExposures(
        ts.world.db,
        `drip-cadence-test:cadence:${plan.steps['cadence']?.kind === 'split' ? plan.steps['cadence'].fingerprint : ''}`,
      ),
    ).toContainEqual(expect.objectContaining({ userId, variant: 'weekly', version: 1 }));
  });

  it('sends the biweekly arm 4 emails over 8 weeks (days 0, 14, 28, 42), and replays its history deterministically', async () => {
    const userId = customerIn('biweekly', 'bob');
    const { outcome, days, history } = await runCadence(userId, async () => {
      await ts.env.sleep('27 days');
      expect(await sent(userId)).toBe(2);
    });
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
    expect(days).toBeCloseTo(42, 1);
    expect(await ts.world.mailTo(`${userId}@example.com`)).toHaveLength(4);
    // The split, its exposure and the arm's timers replay from history without non-determinism errors.
    await expect(
      Worker.runReplayHistory({ workflowBundle: ts.bundle }, history, `journey:drip-cadence-test:${userId}`),
    ).resolves.toBeUndefined();
  });

  it.each([
    ['weekly', 2],
    ['biweekly', 1],
  ])('stops the %s arm when Order Completed arrives on day 10', async (arm, emails) => {
    const userId = customerIn(arm, `orders-${arm}`);
    const { outcome } = await runCadence(userId, async (handle) => {
      await ts.env.sleep('10 days');
      await handle.signal('event', {
        messageId: `${userId}-order`,
        event: 'Order Completed',
        properties: { revenue: 30 },
        timestamp: new Date().toISOString(),
      });
    });
    expect(outcome).toMatchObject({ reason: 'exit-on', emailsSent: emails });
    expect(await sent(userId)).toBe(emails);
  });
});
