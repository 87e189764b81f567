import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The production shape: Postgres via DATABASE_URL, and the API in one process while the router and
// the worker run in another. Events stored by the API must reach the other process's router at once
// (Postgres NOTIFY), and the email it sends must be visible through the API.
let postgres: PostgresServer;
let engine: StackProcess;
let api: StackProcess;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };

beforeAll(async () => {
  postgres = await startPostgres();
  const shared = await stackEnv({
    DATABASE_URL: postgres.url,
    LINK_SECRET: 'a-link-secret-shared-by-every-process-0123',
  });
  engine = await startStack({ ...shared, BOOMERANG_ROLES: 'worker,router' });
  api = await startStack({
    ...shared,
    BOOMERANG_ROLES: 'api',
    TEMPORAL_ADDRESS: `127.0.0.1:${shared.TEMPORAL_DEV_PORT}`,
    SMTP_URL: `smtp://127.0.0.1:${shared.SMTP_SINK_PORT}`,
  });
});
afterAll(async () => {
  await api?.stop();
  await engine?.stop();
  await postgres?.stop();
});

describe('API and engine as separate processes on Postgres', () => {
  it('routes an event stored by the API process to a journey run by the other process', async () => {
    const client = apiClient(api.url, keys);
    expect((await client.admin('POST', '/v1/journeys/onboarding/publish', {})).json).toEqual({ version: 1 });
    await client.identify({ userId: 'pia', traits: { email: 'pia@example.com', firstName: 'Pia' } });
    expect((await client.track({ userId: 'pia', event: 'Signed Up' })).status).toBe(200);
    const [welcome] = await eventually(
      async () => {
        const m = await client.outbox('pia@example.com');
        return m.length ? m : undefined;
      },
      "Pia's welcome email",
      20_000,
    );
    expect(welcome!.subject).toContain('Pia');

    // The unsubscribe link was signed by the worker's process and is honoured by the API's.
    const link = welcome!.headers['list-unsubscribe']!.slice(1, -1).replace(/^http:\/\/localhost:\d+/, api.url);
    expect(
      (
        await fetch(link, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(200);
    expect((await client.admin('GET', '/v1/customers/pia')).json.customer.unsubscribedAt).not.toBeNull();
  });
});
