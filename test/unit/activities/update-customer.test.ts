import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nodeActivity, type StepInput } from '../../../engine/src/activities/index.ts';
import { AudienceKeeper } from '../../../engine/src/audiences/index.ts';
import { createAudience, findCustomer, mergeTraits } from '../../../engine/src/db/index.ts';
import { defineAction } from '../../../engine/src/nodes/index.ts';
import { updateCustomer as updateCustomerNode } from '../../../engine/src/nodes/builtins/index.ts';
import { activityWorld, type ActivityWorld } from '../../support/worker-env.ts';

// The update-customer action against a real database: a retried step adds its points once.
let world: ActivityWorld;
beforeAll(async () => {
  world = await activityWorld();
}, 60_000);
afterAll(async () => {
  await world?.close();
});

const step = (userId: string, config: Record<string, unknown>, iteration = 1): StepInput => ({
  workflowId: `journey:loyalty:${userId}`,
  runId: 'run-1',
  journeyId: 'loyalty',
  version: 1,
  userId,
  stepId: 'add-points',
  iteration,
  nodeType: 'update-customer',
  nodeVersion: 1,
  config,
  trigger: { messageId: 'm', event: 'Order Completed', properties: {}, timestamp: '2026-03-01T00:00:00Z' },
  traits: {},
});

describe('the update-customer action', () => {
  it('adds points once when the same step is retried, and again when the step is entered again', async () => {
    await mergeTraits(world.db, 'ada', { points: 90 });
    const run = nodeActivity(updateCustomerNode, world.services);
    const first = await run(step('ada', { increment: { points: 10 }, set: { tier: 'silver' } }));
    const retried = await run(step('ada', { increment: { points: 10 }, set: { tier: 'silver' } }));
    expect(first.traits).toMatchObject({ points: 100, tier: 'silver' });
    expect(retried.traits).toMatchObject({ points: 100 });
    await run(step('ada', { increment: { points: 10 } }, 2));
    expect((await findCustomer(world.db, 'ada'))?.traits).toMatchObject({ points: 110, tier: 'silver' });
  });

  it('applies each of several changes one action makes in one step', async () => {
    const twoChanges = defineAction({
      type: 'two-changes',
      version: 1,
      label: 'Two',
      group: 'Customer',
      icon: 'x',
      description: 'x',
      configSchema: z.object({}),
      activity: { name: 'twoChanges', startToCloseTimeoutMs: 5_000, maximumAttempts: 1 },
      summary: () => 'x',
      run: async (_input, _config, context) => {
        await context.updateCustomer({ increment: { visits: 1 } });
        return { traits: await context.updateCustomer({ increment: { visits: 1 } }) };
      },
    });
    const result = await nodeActivity(twoChanges, world.services)(step('bob', {}));
    expect(result.traits['visits']).toBe(2);
  });

  it('moves the customer into and out of the audiences that read the traits it changes, with their Entered / Exited events', async () => {
    await mergeTraits(world.db, 'cy', { tier: 'silver' });
    const condition = { kind: 'trait', property: 'tier', op: 'equals', value: 'gold' };
    await createAudience(world.db, { id: 'gold', name: 'Gold', definition: { id: 'gold', name: 'Gold', condition } });
    await new AudienceKeeper(world.db).backfill('gold');
    const inGold = async () =>
      (
        await world.db.query<{ n: number }>(
          `select count(*)::int as n from audience_memberships where audience_id = 'gold' and user_id = 'cy' and left_at is null`,
        )
      )[0]?.n;
    const events = async () =>
      (
        await world.db.query<{ event: string }>(
          `select event from events where user_id = 'cy' and event like 'Audience %' order by seq`,
        )
      ).map((r) => r.event);
    expect(await inGold()).toBe(0);
    const run = nodeActivity(updateCustomerNode, world.services);
    await run(step('cy', { set: { tier: 'gold' } }));
    expect(await inGold()).toBe(1);
    await run(step('cy', { set: { tier: 'gold' } })); // a retry changes nothing more
    await run(step('cy', { set: { tier: 'silver' } }, 2));
    expect(await inGold()).toBe(0);
    expect(await events()).toEqual(['Audience Entered', 'Audience Exited']);
  });
});
