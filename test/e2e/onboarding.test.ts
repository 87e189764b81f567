import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analytics } from '@segment/analytics-node';
import { createConnection } from 'node:net';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The whole stack as `npm start` runs it: embedded Temporal dev server, SMTP sink over TCP, PGlite.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  api = apiClient(stack.url, keys);
});
afterAll(async () => {
  await stack?.stop();
});

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('onboarding on the real stack', () => {
  it('installs the onboarding starter as a draft and publishes it with one call', async () => {
    const draft = await api.admin('GET', '/v1/journeys/onboarding');
    expect(draft.status).toBe(200);
    expect(draft.json.status).toBe('draft');
    const published = await api.admin('POST', '/v1/journeys/onboarding/publish', {});
    expect(published.status).toBe(200);
    expect(published.json).toEqual({ version: 1 });
  });

  it('sends the welcome email with the first name and a working one-click unsubscribe', async () => {
    expect((await api.identify({ userId: 'ada', traits: { email: 'ada@example.com', firstName: 'Ada' } })).status).toBe(
      200,
    );
    expect((await api.track({ userId: 'ada', event: 'Signed Up', messageId: 'ada-signup' })).status).toBe(200);
    const [welcome] = await eventually(async () => {
      const m = await api.outbox('ada@example.com');
      return m.length ? m : undefined;
    }, 'the welcome email');
    expect(welcome!.subject).toContain('Ada');
    expect(welcome!.html).toContain('Ada');
    expect(welcome!.text).toContain('Ada');
    const listUnsubscribe = welcome!.headers['list-unsubscribe'];
    expect(listUnsubscribe).toMatch(/^<http:\/\/localhost:\d+\/u\/.+>$/);
    expect(welcome!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the URL
    const url = listUnsubscribe!.slice(1, -1).replace(/^http:\/\/localhost:\d+/, stack.url);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    const customer = await api.admin('GET', '/v1/customers/ada');
    expect(customer.json.customer.unsubscribedAt).not.toBeNull();
  });

  it('ends the run when the customer activates', async () => {
    await api.identify({ userId: 'bob', traits: { email: 'bob@example.com', firstName: 'Bob' } });
    await api.track({ userId: 'bob', event: 'Signed Up' });
    await eventually(
      async () => ((await api.outbox('bob@example.com')).length ? true : undefined),
      "Bob's welcome email",
    );
    await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/bob');
      return c.json.journeys?.[0]?.stepId === 'wait-activated' ? true : undefined;
    }, 'Bob waiting for activation');
    await api.track({ userId: 'bob', event: 'Activated' });
    const journeys = await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/bob');
      return c.json.journeys?.[0]?.status === 'completed' ? c.json.journeys : undefined;
    }, "Bob's run to complete");
    expect(journeys[0]).toMatchObject({ journeyId: 'onboarding', stepId: 'activated', status: 'completed' });
    expect(await api.outbox('bob@example.com')).toHaveLength(1);
  });

  it('never emails an unsubscribed customer again', async () => {
    // Ada unsubscribed above; re-entry is "never", so use a second journey that mails on another event.
    const journey = {
      id: 'nudge',
      name: 'Nudge',
      settings: { reEntry: 'after-exit' },
      nodes: [
        { id: 't', type: 'event-trigger', config: { event: 'Checkout Started' } },
        { id: 'm', type: 'send-email', config: { template: 'tips' } },
      ],
      edges: [{ from: 't', to: 'm' }],
    };
    expect((await api.admin('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api.admin('POST', '/v1/journeys/nudge/publish', {})).status).toBe(200);
    await api.track({ userId: 'ada', event: 'Checkout Started' });
    const logged = await eventually(async () => {
      const c = await api.admin('GET', '/v1/customers/ada');
      return c.json.messages.find((m: { template: string }) => m.template === 'tips');
    }, 'the message log to record the skipped send');
    expect(logged.status).toBe('skipped-unsubscribed');
    expect(await api.outbox('ada@example.com')).toHaveLength(1);
  });

  it('accepts events from @segment/analytics-node unchanged', async () => {
    const analytics = new Analytics({ writeKey: keys.writeKey, host: stack.url, flushAt: 2, maxRetries: 1 });
    analytics.identify({ userId: 'cy', traits: { email: 'cy@example.com', firstName: 'Cy' } });
    analytics.track({ userId: 'cy', event: 'Product Viewed', properties: { sku: 'B-1' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    const customer = await api.admin('GET', '/v1/customers/cy');
    expect(customer.json.customer.traits).toMatchObject({ firstName: 'Cy' });
    expect(customer.json.events.map((e: { event?: string }) => e.event)).toContain('Product Viewed');
  });

  it('stops every part on SIGTERM, the Temporal dev server included', async () => {
    const temporalPort = Number(stack.env.TEMPORAL_DEV_PORT);
    expect(await portOpen(temporalPort)).toBe(true);
    expect(await stack.stop()).toBe(0);
    expect(await portOpen(temporalPort)).toBe(false);
    expect(await portOpen(Number(stack.env.PORT))).toBe(false);
  });
});
