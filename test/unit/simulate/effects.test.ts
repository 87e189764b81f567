import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { builtinNodes, createRegistry, defineAction } from '../../../engine/src/nodes/index.ts';
import { simulateOne } from '../../../engine/src/simulate/index.ts';

// The simulator asks each action type for its effect: no list of activity names to keep in step.
const grantCredit = defineAction({
  type: 'grant-credit',
  version: 1,
  label: 'Grant credit',
  group: 'Customer',
  icon: 'coins',
  description: 'Adds store credit.',
  configSchema: z.object({ amount: z.number() }),
  activity: { name: 'grantCredit', startToCloseTimeoutMs: 5_000, maximumAttempts: 3 },
  summary: (c) => `Grant ${c.amount}`,
  run: async () => undefined,
  simulate: (config, traits) => ({
    traits: { credit: (typeof traits['credit'] === 'number' ? traits['credit'] : 0) + config.amount },
  }),
});
const ping = defineAction({
  type: 'ping',
  version: 1,
  label: 'Ping',
  group: 'Integrations',
  icon: 'bell',
  description: 'No simulated effect.',
  configSchema: z.object({}),
  activity: { name: 'ping', startToCloseTimeoutMs: 5_000, maximumAttempts: 3 },
  summary: () => 'Ping',
  run: async () => undefined,
});
const registry = createRegistry([...builtinNodes, grantCredit, ping]);
const plan = compile(
  Journey.parse({
    id: 'credit',
    name: 'Credit',
    nodes: [
      { id: 't', type: 'event-trigger', config: { event: 'Order Completed' } },
      { id: 'grant', type: 'grant-credit', config: { amount: 5 } },
      { id: 'ping', type: 'ping' },
      { id: 'rich', type: 'condition', config: { property: 'credit', op: 'gte', value: 10 } },
      { id: 'thanks', type: 'send-email', config: { template: 'tips' } },
    ],
    edges: [
      { from: 't', to: 'grant' },
      { from: 'grant', to: 'ping' },
      { from: 'ping', to: 'rich' },
      { from: 'rich', to: 'thanks', branch: 'yes' },
    ],
  }),
  { registry, version: 1 },
);

describe('simulated action effects', () => {
  it.each([
    ['a customer whose credit reaches 10', { credit: 5 }, 10, ['tips']],
    ['a customer whose credit stays below 10', {}, 5, []],
  ])('come from each action type: %s', (_name, traits, credit, emails) => {
    const run = simulateOne(plan, { startMs: 0, traits, events: [] }, registry);
    expect(run.traits['credit']).toBe(credit);
    expect(run.emails.map((e) => e.template)).toEqual(emails);
    expect(run.exit).toMatchObject({ reason: 'completed' });
  });
});
