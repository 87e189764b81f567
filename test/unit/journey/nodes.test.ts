import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinNodes, createRegistry, defaultRegistry, defineAction } from '../../../engine/src/nodes/index.ts';

describe('the node registry', () => {
  it('refuses a node type registered twice', () => {
    expect(() => createRegistry([...builtinNodes, ...builtinNodes.slice(0, 1)])).toThrow(
      'Node type "event-trigger" is registered twice',
    );
  });

  it('describes every node as plain JSON with its config as JSON Schema', () => {
    const described = defaultRegistry().describe();
    expect(described.map((d) => d.type)).toEqual([
      'event-trigger',
      'trait-changed',
      'date-property',
      'audience-entered',
      'audience-exited',
      'send-email',
      'delay',
      'wait-for-event',
      'condition',
      'in-audience',
      'split',
      'update-customer',
      'webhook',
      'exit',
    ]);
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described.find((d) => d.type === 'wait-for-event')).toMatchObject({
      kind: 'flow',
      group: 'Timing',
      branches: ['received', 'timeout'],
      configSchema: { type: 'object', required: expect.arrayContaining(['event', 'timeout']) },
    });
  });

  it('takes custom actions through the same API, compiling to one activity call', () => {
    const hook = defineAction({
      type: 'ping',
      version: 2,
      label: 'Call a webhook',
      group: 'Integrations',
      icon: 'globe',
      description: 'POSTs the customer to a URL.',
      configSchema: z.object({ url: z.url() }),
      activity: { name: 'ping', startToCloseTimeoutMs: 10_000, maximumAttempts: 3 },
      summary: (config) => `POST ${config.url}`,
      run: async () => undefined,
    });
    const registry = createRegistry([...builtinNodes, hook]);
    expect(registry.get('ping')?.branches).toEqual(['next']);
    expect(hook.toStep({ url: 'https://example.com' }, { nodeId: 'hook', next: () => 'after' })).toEqual({
      kind: 'action',
      id: 'hook',
      nodeType: 'ping',
      activity: 'ping',
      config: { url: 'https://example.com' },
      next: 'after',
      startToCloseTimeoutMs: 10_000,
      maximumAttempts: 3,
    });
  });

  it.each([
    ['event-trigger', { event: 'Signed Up', where: [] }, 'When Signed Up'],
    ['send-email', { template: 'welcome' }, 'Send "welcome"'],
    ['delay', { mode: 'duration', amount: 1, unit: 'days', weekdays: [1, 2, 3, 4, 5, 6, 7] }, 'Wait 1 day'],
    ['delay', { mode: 'until-time', time: '09:00', weekdays: [1, 5] }, 'Wait until 09:00 on Mon, Fri'],
    [
      'wait-for-event',
      { event: 'Activated', where: [], timeout: { amount: 2, unit: 'days' } },
      'Wait up to 2 days for Activated',
    ],
    ['condition', { source: 'traits', property: 'plan', op: 'equals', value: 'pro' }, 'If customer.plan is pro'],
    ['update-customer', { set: { tier: 'gold', points: 10 } }, 'Set tier, points'],
    ['update-customer', { set: { tier: 'gold' }, increment: { points: 10 } }, 'Set tier; Add 10 to points'],
    ['trait-changed', { trait: 'plan', to: 'pro' }, 'When plan becomes pro'],
    ['date-property', { trait: 'trialEndsAt', when: 'before', days: 3 }, '3 days before trialEndsAt'],
    ['date-property', { trait: 'createdAt', when: 'anniversary' }, 'Every year on createdAt'],
    ['webhook', { url: 'https://hooks.example.com/x' }, 'POST to hooks.example.com'],
    ['exit', {}, 'Exit'],
  ])('summarises a %s node for the canvas', (type, config, summary) => {
    const def = defaultRegistry().get(type);
    expect(def?.summary(def.configSchema.parse(config))).toBe(summary);
  });
});
