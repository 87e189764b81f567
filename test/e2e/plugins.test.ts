import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../engine/src/index.ts';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The example shop plugin on the real stack: loaded from BOOMERANG_PLUGINS, listed by GET /v1/nodes,
// its trigger enrolling customers through the router and its action called through Temporal.
const SECRET = 'e2e-webhook-secret-0123456789';
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack(
    await stackEnv({
      BOOMERANG_PLUGINS: './templates/plugins/shop/index.ts',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_ALLOW: '127.0.0.1',
    }),
  );
  api = apiClient(stack.url, keys);
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

const received = (path: string) => receiver.received.filter((r) => r.path === path);
const publish = async (journey: Record<string, unknown>) => {
  expect((await api.admin('POST', '/v1/journeys', journey)).status).toBe(201);
  const published = await api.admin('POST', `/v1/journeys/${String(journey.id)}/publish`, {});
  expect(published.status, JSON.stringify(published.json)).toBe(200);
};

describe('the shop plugin on the real stack', () => {
  it('names the plugin and its nodes when it starts', () => {
    expect(stack.output()).toContain('Plugin ./templates/plugins/shop/index.ts: cart-abandoned, slack-message');
  });

  it('lists the plugin nodes with their config as JSON Schema', async () => {
    const { json } = await api.admin('GET', '/v1/nodes');
    const byType = new Map<string, Record<string, unknown>>(json.nodes.map((n: { type: string }) => [n.type, n]));
    expect(byType.get('cart-abandoned')).toMatchObject({
      kind: 'trigger',
      label: 'Cart abandoned',
      group: 'Triggers',
      branches: ['next'],
      source: 'plugin "./templates/plugins/shop/index.ts"',
      configSchema: {
        type: 'object',
        properties: { minValue: { type: 'number', default: 0, minimum: 0 }, currency: { type: 'string' } },
      },
    });
    expect(byType.get('slack-message')).toMatchObject({
      kind: 'action',
      group: 'Integrations',
      configSchema: {
        type: 'object',
        required: ['webhookUrl', 'text'],
        properties: { webhookUrl: { type: 'string', format: 'uri' } },
      },
    });
    expect(byType.get('webhook')).toMatchObject({ source: 'built-in' });
  });

  it('enrols a customer once per abandoned cart above the minimum and posts to Slack through Temporal', async () => {
    await publish({
      id: 'abandoned-carts',
      name: 'Abandoned carts',
      nodes: [
        { id: 'abandoned', type: 'cart-abandoned', config: { minValue: 50 } },
        {
          id: 'tell-sales',
          type: 'slack-message',
          config: {
            webhookUrl: `${receiver.url}/slack`,
            text: '{{ traits.email }} left cart {{ event.properties.cart_id }} worth {{ event.properties.value }}',
          },
        },
      ],
      edges: [{ from: 'abandoned', to: 'tell-sales' }],
    });
    const version = await api.admin('GET', '/v1/journeys/abandoned-carts/versions/1');
    expect(version.json.graph.nodes.map((n: { version?: number }) => n.version)).toEqual([1, 1]);
    expect(version.json.plan.nodeVersions).toEqual({ abandoned: 1, 'tell-sales': 1 });

    await api.identify({ userId: 'ada', traits: { email: 'ada@example.com' } });
    await api.track({ userId: 'ada', event: 'Cart Abandoned', properties: { cart_id: 'c1', value: 80 } });
    await api.track({ userId: 'ada', event: 'Cart Abandoned', properties: { cart_id: 'c2', value: 20 } });
    await api.track({ userId: 'ada', event: 'Cart Abandoned', properties: { cart_id: 'c3', value: 120 } });
    await api.track({ userId: 'ada', event: 'Cart Abandoned', properties: { cart_id: 'c1', value: 80 } }); // c1 again: no second run

    const posts = await eventually(
      async () => (received('/slack').length >= 2 ? received('/slack') : undefined),
      'two Slack posts',
    );
    expect(posts.map((p) => JSON.parse(p.body).text).sort()).toEqual([
      'ada@example.com left cart c1 worth 80',
      'ada@example.com left cart c3 worth 120',
    ]);
    for (const post of posts)
      expect(await verifyWebhookSignature(SECRET, String(post.headers['x-boomerang-signature']), post.body)).toBe(true);

    const journeys = await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/ada');
      const done = c.json.journeys.filter((j: { status: string }) => j.status === 'completed');
      return done.length === 2 ? c.json.journeys : undefined;
    }, 'both cart runs to complete');
    expect(journeys.map((j: { workflowId: string }) => j.workflowId).sort()).toEqual([
      'journey:abandoned-carts:ada:c1',
      'journey:abandoned-carts:ada:c3',
    ]);
    await api.settled(['ada']);
    expect(received('/slack')).toHaveLength(2);
  });

  it('enrols a customer when an identify call changes their plan to pro', async () => {
    await publish({
      id: 'went-pro',
      name: 'Went pro',
      nodes: [
        { id: 'pro', type: 'trait-changed', config: { trait: 'plan', to: 'pro' } },
        { id: 'tell', type: 'webhook', config: { url: `${receiver.url}/pro` } },
      ],
      edges: [{ from: 'pro', to: 'tell' }],
    });
    await api.identify({ userId: 'bob', traits: { email: 'bob@example.com', plan: 'free' } });
    await api.identify({ userId: 'bob', traits: { plan: 'pro' } });
    await api.identify({ userId: 'bob', traits: { firstName: 'Bob' } }); // plan unchanged: no second enrolment
    const [post] = await eventually(
      async () => (received('/pro').length ? received('/pro') : undefined),
      'the went-pro webhook',
    );
    expect(JSON.parse(post!.body)).toMatchObject({
      userId: 'bob',
      trigger: { event: '$identify', properties: { plan: 'pro' } },
    });
    await api.settled(['bob']);
    expect(received('/pro')).toHaveLength(1);
  });

  it('enrols a customer 3 days before their trial ends', async () => {
    await publish({
      id: 'trial-ending',
      name: 'Trial ending',
      nodes: [
        { id: 'soon', type: 'date-property', config: { trait: 'trialEndsAt', when: 'before', days: 3 } },
        { id: 'tell', type: 'webhook', config: { url: `${receiver.url}/trial` } },
      ],
      edges: [{ from: 'soon', to: 'tell' }],
    });
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const inFourDays = new Date(Date.now() + 4 * 86_400_000).toISOString();
    await api.identify({ userId: 'cy', traits: { email: 'cy@example.com', trialEndsAt: inThreeDays } });
    await api.identify({ userId: 'dee', traits: { email: 'dee@example.com', trialEndsAt: inFourDays } });
    const [post] = await eventually(
      async () => (received('/trial').length ? received('/trial') : undefined),
      'the trial-ending webhook',
    );
    expect(JSON.parse(post!.body)).toMatchObject({ userId: 'cy', trigger: { event: '$daily' } });
    await api.settled(['cy', 'dee']);
    expect(received('/trial')).toHaveLength(1);
  });
});

describe('a plugin that cannot be used', () => {
  it.each([
    [
      './test/fixtures/plugins/transform-schema.ts',
      'Plugin "./test/fixtures/plugins/transform-schema.ts" cannot be used: node type "shouting": its configSchema cannot be shown as a form',
    ],
    [
      './test/fixtures/plugins/duplicate-type.ts',
      'Plugin "./test/fixtures/plugins/duplicate-type.ts" cannot be used: Node type "webhook" is registered twice: by built-in and by plugin',
    ],
  ])('%s stops start-up with the plugin named and the reason', async (plugin, message) => {
    const starting = startStack(await stackEnv({ BOOMERANG_PLUGINS: plugin }), 60_000);
    await expect(starting).rejects.toThrow(/exited with 1 before it was ready/);
    await expect(starting).rejects.toThrow(`Boomerang could not start: ${message}`);
  });
});
