import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../engine/src/email/index.ts';
import { startDevServer, type DevServer } from '../../engine/src/temporal/dev-server.ts';
import { apiClient } from '../support/api.ts';
import { eventually, freeDevServerPort } from '../support/ports.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The production shape on Postgres: two API processes, two routers and two workers, each its own
// process, sharing one Temporal server and one SMTP relay. A thousand customers sign up through both
// APIs; every one of them gets the onboarding welcome email exactly once.
const CUSTOMERS = 1000;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let postgres: PostgresServer;
let temporal: DevServer;
let relay: SmtpSink;
const mail: ReceivedMail[] = [];
const processes: StackProcess[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  temporal = await startDevServer({
    dataDir: mkdtempSync(join(tmpdir(), 'boomerang-temporal-')),
    port: await freeDevServerPort(),
    namespace: 'default',
  });
  relay = await startSmtpSink({
    port: 0,
    onMessage: async (m) => {
      mail.push(m);
    },
  });
  const shared = {
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporal.address,
    SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
    LINK_SECRET: 'a-link-secret-shared-by-every-process-0123',
  };
  // Started together, as an orchestrator would: they migrate the same database at the same time.
  const roles = ['api', 'api', 'router', 'router', 'worker', 'worker'];
  processes.push(
    ...(await Promise.all(roles.map(async (role) => startStack(await stackEnv({ ...shared, BOOMERANG_ROLES: role }))))),
  );
});
afterAll(async () => {
  for (const p of processes) await p.stop();
  await relay?.close();
  await temporal?.stop();
  await postgres?.stop();
});

describe('two APIs, two routers and two workers on Postgres', () => {
  it('take 1,000 customers through onboarding with every welcome email sent exactly once', async () => {
    const [first, second] = [apiClient(processes[0]!.url, keys), apiClient(processes[1]!.url, keys)];
    expect((await first.admin('POST', '/v1/journeys/onboarding/publish', {})).json).toEqual({ version: 1 });
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `c${String(i).padStart(4, '0')}`);
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100).flatMap((userId) => [
        {
          type: 'identify',
          userId,
          messageId: `${userId}-identify`,
          traits: { email: `${userId}@example.com`, firstName: userId },
        },
        { type: 'track', userId, messageId: `${userId}-signup`, event: 'Signed Up' },
      ]);
      const api = (i / 100) % 2 === 0 ? first : second;
      const res = await api.batch({ batch });
      expect(res.status, res.text).toBe(200);
      expect(res.json.stored).toBe(200);
    }

    // Every send finished (none in flight), and the relay has them all.
    await eventually(
      async () => {
        const health = (await second.raw('GET', '/healthz', undefined, undefined)).json;
        return health?.routing?.unrouted === 0 && mail.length >= CUSTOMERS ? true : undefined;
      },
      'a welcome email for every customer',
      240_000,
      500,
    );
    const sample = await first.admin('GET', '/v1/customers/c0500');
    expect(sample.json.messages.map((m: { status: string }) => m.status)).toEqual(['sent']);

    const perRecipient = new Map<string, number>();
    for (const m of mail) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(CUSTOMERS);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect((await second.raw('GET', '/healthz', undefined, undefined)).json.routing.deadLetters).toBe(0);

    // Both routers started runs and both workers ran them: the identities in the runs' histories say who.
    const connection = await Connection.connect({ address: temporal.address });
    try {
      const client = new Client({ connection });
      const starters = new Set<string>();
      const workers = new Set<string>();
      for (const userId of ids.filter((_, i) => i % 20 === 0)) {
        const history = await client.workflow.getHandle(`journey:onboarding:${userId}`).fetchHistory();
        for (const e of history.events ?? []) {
          if (e.workflowExecutionStartedEventAttributes?.identity)
            starters.add(e.workflowExecutionStartedEventAttributes.identity);
          if (e.workflowTaskCompletedEventAttributes?.identity)
            workers.add(e.workflowTaskCompletedEventAttributes.identity);
        }
      }
      expect(starters.size).toBe(2);
      expect(workers.size).toBe(2);
    } finally {
      await connection.close();
    }
  });
});
