import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../engine/src/temporal/dev-server.ts';
import { apiClient } from '../support/api.ts';
import { eventually, freeDevServerPort } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Boomerang is killed with SIGKILL mid-journey and started again on the same data: the
// Temporal server (run separately here, as in production) keeps the run, the database keeps the
// events and the message log, and every email arrives exactly once.
let temporal: DevServer;
let stack: StackProcess | undefined;
let env: Record<string, string>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

beforeAll(async () => {
  temporal = await startDevServer({
    dataDir: mkdtempSync(join(tmpdir(), 'boomerang-temporal-')),
    port: await freeDevServerPort(),
    namespace: 'default',
  });
  env = await stackEnv({ TEMPORAL_ADDRESS: temporal.address });
});
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
});

const twoStep = {
  id: 'two-step',
  name: 'Two step',
  settings: {},
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Trial Started' } },
    { id: 'first', type: 'send-email', config: { template: 'drip-1' } },
    { id: 'pause', type: 'delay', config: { mode: 'duration', amount: 8, unit: 'seconds' } },
    { id: 'second', type: 'send-email', config: { template: 'drip-2' } },
  ],
  edges: [
    { from: 'start', to: 'first' },
    { from: 'first', to: 'pause' },
    { from: 'pause', to: 'second' },
  ],
};

describe('a crash in the middle of a journey', () => {
  it('loses no email and sends none twice', async () => {
    stack = await startStack(env);
    let api = apiClient(stack.url, keys);
    expect((await api.admin('POST', '/v1/journeys', twoStep)).status).toBe(201);
    expect((await api.admin('POST', '/v1/journeys/two-step/publish', {})).status).toBe(200);
    await api.identify({ userId: 'fay', traits: { email: 'fay@example.com', firstName: 'Fay' } });
    await api.track({ userId: 'fay', event: 'Trial Started', messageId: 'fay-trial' });
    await eventually(
      async () => ((await api.outbox('fay@example.com')).length === 1 ? true : undefined),
      'the first email',
    );

    await stack.kill(); // mid-delay: the worker, router, API and database all die at once
    stack = await startStack(env);
    api = apiClient(stack.url, keys);
    // a repeat of the trigger (a client retrying) must not start a second run or resend
    expect((await api.track({ userId: 'fay', event: 'Trial Started', messageId: 'fay-trial' })).json.duplicates).toBe(
      1,
    );

    const mail = await eventually(
      async () => {
        const m = await api.outbox('fay@example.com');
        return m.length >= 2 ? m : undefined;
      },
      'the second email after the restart',
      60_000,
    );
    await api.settled(['fay']); // the run has ended: a duplicate, if there were one, would have been sent by now
    const subjects = (await api.outbox('fay@example.com')).map((m) => m.subject).sort();
    expect(subjects).toHaveLength(2);
    expect(new Set(subjects).size).toBe(2);
    expect(mail).toHaveLength(2);
    const customer = await api.admin('GET', '/v1/customers/fay');
    expect(customer.json.messages.filter((m: { status: string }) => m.status === 'sent')).toHaveLength(2);
  });
});
