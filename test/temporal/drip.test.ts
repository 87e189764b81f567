import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';

// A 14-day drip of 4 emails on the time-skipping test server: days pass in seconds.
const drip = Journey.parse({
  id: 'drip',
  name: 'Drip',
  settings: { exitOn: [{ event: 'Order Completed' }] },
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'd1', type: 'send-email', config: { template: 'drip-1' } },
    { id: 'w1', type: 'delay', config: { mode: 'duration', amount: 4, unit: 'days' } },
    { id: 'd2', type: 'send-email', config: { template: 'drip-2' } },
    { id: 'w2', type: 'delay', config: { mode: 'duration', amount: 5, unit: 'days' } },
    { id: 'd3', type: 'send-email', config: { template: 'drip-3' } },
    { id: 'w3', type: 'delay', config: { mode: 'duration', amount: 5, unit: 'days' } },
    { id: 'd4', type: 'send-email', config: { template: 'drip-4' } },
  ],
  edges: [
    ['start', 'd1'],
    ['d1', 'w1'],
    ['w1', 'd2'],
    ['d2', 'w2'],
    ['w2', 'd3'],
    ['d3', 'w3'],
    ['w3', 'd4'],
  ].map(([from, to]) => ({ from, to })),
});
const plan = compile(drip, { registry: defaultRegistry(), version: 1 });

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

const runDrip = async (userId: string, during?: (handle: WorkflowHandle) => Promise<void>) =>
  (await ts.runJourney(plan, userId, during)).outcome;

describe('a 14-day drip on the time-skipping server', () => {
  it('sends exactly 4 emails over 14 days', async () => {
    const outcome = await runDrip('dana');
    const mail = await ts.world.mailTo('dana@example.com');
    expect(mail.map((m) => m.subject).length).toBe(4);
    expect(outcome).toMatchObject({ reason: 'completed', emailsSent: 4 });
  });

  it('stops the rest of the drip when an exit-on event arrives in the middle', async () => {
    const outcome = await runDrip('eve', async (handle) => {
      await ts.env.sleep('6 days'); // past d2 (day 4), before d3 (day 9)
      await handle.signal('event', {
        messageId: 'eve-order',
        event: 'Order Completed',
        properties: {},
        timestamp: new Date().toISOString(),
      });
    });
    expect(outcome).toMatchObject({ reason: 'exit-on' });
    expect(await ts.world.mailTo('eve@example.com')).toHaveLength(2);
  });
});
