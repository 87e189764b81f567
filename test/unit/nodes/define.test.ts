import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  defineAction,
  defineTrigger,
  type ActionContext,
  type ActionInput,
  type TriggerEvent,
} from '../../../engine/src/index.ts';

// The config's type flows from the zod schema into matches, correlationKey and run: no casts needed.
const cartAbandoned = defineTrigger({
  type: 'typed-cart',
  version: 1,
  label: 'Cart',
  group: 'Triggers',
  icon: 'cart',
  description: 'typed',
  configSchema: z.object({ minValue: z.number().default(0), currency: z.enum(['EUR', 'USD']) }),
  summary: (c) => `${c.minValue} ${c.currency}`,
  events: () => ['Cart Abandoned'],
  matches: (event, config) => {
    expectTypeOf(config).toEqualTypeOf<{ minValue: number; currency: 'EUR' | 'USD' }>();
    expectTypeOf(event).toEqualTypeOf<TriggerEvent>();
    return Number(event.properties['value']) >= config.minValue;
  },
  correlationKey: (event, config) => {
    expectTypeOf(config.currency).toEqualTypeOf<'EUR' | 'USD'>();
    return String(event.properties['cart_id']);
  },
});

const slack = defineAction({
  type: 'typed-slack',
  version: 1,
  label: 'Slack',
  group: 'Integrations',
  icon: 'slack',
  description: 'typed',
  configSchema: z.object({ channel: z.string(), mention: z.boolean().optional() }),
  activity: { name: 'typedSlack', startToCloseTimeoutMs: 5_000, maximumAttempts: 3 },
  summary: (c) => c.channel,
  run: async (input, config, context) => {
    expectTypeOf(config).toEqualTypeOf<{ channel: string; mention?: boolean | undefined }>();
    expectTypeOf(input).toEqualTypeOf<ActionInput>();
    expectTypeOf(context).toEqualTypeOf<ActionContext>();
    return { traits: { lastSlack: config.channel } };
  },
});

describe('defineTrigger and defineAction', () => {
  it('give hooks the config type of the schema', () => {
    expectTypeOf(cartAbandoned.matches).parameter(1).toEqualTypeOf<{ minValue: number; currency: 'EUR' | 'USD' }>();
    expectTypeOf(slack.run).parameter(1).toEqualTypeOf<{ channel: string; mention?: boolean | undefined }>();
    // @ts-expect-error a config field that the schema does not have is a type error
    defineAction({ ...slack, summary: (c) => c.chanel });
  });

  it('fill in the branches and the default activity step', () => {
    expect(cartAbandoned).toMatchObject({ kind: 'trigger', branches: ['next'], requiredBranches: ['next'] });
    expect(slack).toMatchObject({ kind: 'action', branches: ['next'], requiredBranches: [] });
    expect(slack.toStep({ channel: '#x' }, { nodeId: 's', next: () => null })).toMatchObject({
      kind: 'action',
      activity: 'typedSlack',
      config: { channel: '#x' },
    });
  });

  it('run the hooks with parsed configs', async () => {
    const event: TriggerEvent = {
      type: 'track',
      messageId: 'm',
      userId: 'u',
      event: 'Cart Abandoned',
      properties: { value: 60, cart_id: 'c1' },
      traits: {},
      previousTraits: {},
      timestamp: '2026-01-01T00:00:00Z',
    };
    const config = cartAbandoned.configSchema.parse({ currency: 'EUR', minValue: 50 });
    expect(cartAbandoned.matches(event, config)).toBe(true);
    expect(cartAbandoned.matches({ ...event, properties: { value: 40 } }, config)).toBe(false);
    expect(cartAbandoned.correlationKey?.(event, config)).toBe('c1');
  });
});
