import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cartAbandoned, slackMessage } from '../../../templates/plugins/shop/index.ts';
import { fillPlaceholders } from '../../../templates/plugins/shop/slack-message.ts';
import { nodeActivity } from '../../../engine/src/activities/index.ts';
import { verifyWebhookSignature, type TriggerEvent } from '../../../engine/src/index.ts';
import { activityWorld, type ActivityWorld } from '../../support/worker-env.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';

const cart = (properties: Record<string, unknown>): TriggerEvent => ({
  type: 'track',
  messageId: 'm',
  userId: 'ada',
  event: 'Cart Abandoned',
  properties,
  traits: {},
  previousTraits: {},
  timestamp: '2026-03-01T10:00:00Z',
});

describe('the Cart Abandoned trigger', () => {
  const min50 = cartAbandoned.configSchema.parse({ minValue: 50 });
  const eurOnly = cartAbandoned.configSchema.parse({ minValue: 50, currency: 'EUR' });
  it.each([
    ['a cart worth the minimum', min50, { cart_id: 'c1', value: 50 }, true],
    ['a cart worth less', min50, { cart_id: 'c1', value: 49.99 }, false],
    ['a cart with total instead of value', min50, { cart_id: 'c1', total: 80 }, true],
    ['a cart without an id', min50, { value: 80 }, false],
    ['a cart in the wanted currency', eurOnly, { cart_id: 'c1', value: 80, currency: 'EUR' }, true],
    ['a cart in another currency', eurOnly, { cart_id: 'c1', value: 80, currency: 'USD' }, false],
  ])('%s', (_name, config, properties, enrols) => {
    expect(cartAbandoned.matches(cart(properties), config)).toBe(enrols);
  });

  it('correlates by cart id, so each cart is its own run', () => {
    expect(cartAbandoned.correlationKey?.(cart({ cart_id: 'c-42', value: 80 }), min50)).toBe('c-42');
  });
});

describe('the Slack message action', () => {
  let receiver: Receiver;
  let world: ActivityWorld;
  beforeAll(async () => {
    receiver = await startReceiver();
    world = await activityWorld({ webhookSecret: 'shop-secret-0123456789', webhookAllow: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await world.close();
  });

  it('fills placeholders from the customer and the event', () => {
    expect(
      fillPlaceholders('{{ traits.firstName }} left {{event.properties.value}} {{ traits.missing }}!', {
        traits: { firstName: 'Ada' },
        event: { properties: { value: 80 } },
      }),
    ).toBe('Ada left 80 !');
  });

  it('posts the filled text, signed, to the webhook URL', async () => {
    const run = nodeActivity(slackMessage, world.services);
    await run({
      workflowId: 'wf',
      runId: 'r',
      journeyId: 'carts',
      version: 1,
      userId: 'ada',
      stepId: 'slack',
      iteration: 1,
      nodeType: 'slack-message',
      config: {
        webhookUrl: `${receiver.url}/hook`,
        text: '{{ traits.email }} left a cart worth {{ event.properties.value }}',
      },
      trigger: {
        messageId: 'm',
        event: 'Cart Abandoned',
        properties: { value: 80, cart_id: 'c1' },
        timestamp: '2026-03-01T10:00:00Z',
      },
      traits: { email: 'ada@example.com' },
    });
    const [request] = receiver.received;
    expect(JSON.parse(request!.body)).toEqual({ text: 'ada@example.com left a cart worth 80' });
    expect(
      await verifyWebhookSignature(
        'shop-secret-0123456789',
        String(request!.headers['x-boomerang-signature']),
        request!.body,
      ),
    ).toBe(true);
    expect(request!.headers['idempotency-key']).toBe('wf:r:slack:1');
  });
});
