import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { clientCommands, runClient } from '../support/segment-clients.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Official client libraries, unchanged, against the whole stack: each sends every call type it has
// (test/fixtures/clients/README.md), flushes, and the customer is read back over the API.
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

interface TimelineEvent {
  type: string;
  event?: string;
  anonymousId?: string;
  groupId?: string;
  properties: Record<string, unknown>;
}

describe.each(Object.keys(clientCommands) as Array<keyof typeof clientCommands>)('the %s client library', (client) => {
  it('sends identify, track, page, screen, group and alias; the customer shows traits, timeline, group and merged anonymous events', async () => {
    const run = `${client}-${Date.now()}`;
    const user = `${run}-user`;
    await runClient(clientCommands[client](), { BOOMERANG_URL: stack.url, WRITE_KEY: keys.writeKey, RUN: run });

    // The library has flushed; the server stored each request before answering, but a library may
    // send its calls in several requests: wait until the alias (the last call) has arrived.
    const view = await eventually(async () => {
      const res = await api.admin('GET', `/v1/customers/${encodeURIComponent(user)}`);
      const events: TimelineEvent[] = res.json?.events ?? [];
      return res.status === 200 && events.length >= 8 ? res.json : undefined;
    }, `customer ${user} with all eight calls`);

    expect(view.customer.traits).toMatchObject({ email: `${user}@example.com`, plan: 'pro' });
    expect(view.groups).toEqual([
      { groupId: `${run}-acme`, traits: { name: 'Initech', employees: 420 }, joinedAt: expect.any(String) },
    ]);
    expect([...view.anonymousIds].sort()).toEqual([`${run}-anon`, `${run}-device`]);

    // Calls may arrive in more than one request, so the timeline is compared as a set.
    const events = view.events as TimelineEvent[];
    const key = (e: TimelineEvent) => `${e.type}:${e.event ?? ''}`;
    expect(events.map(key).sort()).toEqual([
      'alias:',
      'group:',
      'identify:',
      'page:Page Viewed',
      'screen:Screen Viewed',
      'track:Opened App',
      'track:Order Completed',
      'track:Viewed Plans',
    ]);
    const named = (k: string) => events.find((e) => key(e) === k);
    expect(named('page:Page Viewed')?.properties).toMatchObject({
      name: 'Pricing',
      category: 'Docs',
      url: 'https://example.com/pricing',
    });
    expect(named('page:Page Viewed')?.anonymousId).toBe(`${run}-anon`);
    expect(named('screen:Screen Viewed')?.properties).toMatchObject({ name: 'Home' });
    expect(named('track:Order Completed')?.properties).toMatchObject({ total: 42.5 });
    expect(named('track:Opened App')?.anonymousId).toBe(`${run}-device`);
    expect(named('group:')?.groupId).toBe(`${run}-acme`);
  });
});
