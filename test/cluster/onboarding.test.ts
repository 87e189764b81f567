import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { startCluster, type TemporalCluster } from '../../engine/bin/temporal-cluster.mjs';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../engine/src/email/index.ts';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Production shape on a real Temporal cluster (frontend, history, matching and worker services as
// separate processes, 4 history shards, PostgreSQL) and Boomerang on the same PostgreSQL: two APIs, two
// routers and two workers, each `boomerang api|router|worker` in its own process. Customers sign up while
// one of each kind is killed (SIGKILL) and restarted; every customer still gets the welcome email once.
const CUSTOMERS = Number(process.env.CLUSTER_CUSTOMERS ?? 1000);
const BATCH = 50;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
let cluster: TemporalCluster;
let relay: SmtpSink;
const mail: ReceivedMail[] = [];
const parts: Array<{ command: 'api' | 'router' | 'worker'; process: StackProcess }> = [];

const start = async (command: 'api' | 'router' | 'worker', env?: Record<string, string>) =>
  startStack(
    env ??
      (await stackEnv({
        DATABASE_URL: cluster.databaseUrl,
        TEMPORAL_ADDRESS: cluster.address,
        SMTP_URL: `smtp://127.0.0.1:${relay.port}`,
        LINK_SECRET: 'a-link-secret-shared-by-every-process-0123',
      })),
    180_000,
    command,
  );

beforeAll(async () => {
  cluster = await startCluster({ log: (line) => console.log(`[cluster] ${line}`) });
  relay = await startSmtpSink({
    port: 0,
    onMessage: async (m) => {
      mail.push(m);
    },
  });
  // Started together, as an orchestrator would: they migrate the same database at the same time.
  const commands = ['api', 'api', 'router', 'router', 'worker', 'worker'] as const;
  const started = await Promise.all(commands.map((command) => start(command)));
  parts.push(...commands.map((command, i) => ({ command, process: started[i]! })));
});
afterAll(async () => {
  for (const p of parts) await p.process.stop();
  await relay?.close();
  await cluster?.stop();
});

/** Kills the first running part of `command` the hard way and starts it again with the same environment. */
async function crashAndRestart(command: 'api' | 'router' | 'worker'): Promise<void> {
  const part = parts.find((p) => p.command === command)!;
  await part.process.kill();
  part.process = await start(command, part.process.env);
}

describe('Boomerang on a Temporal cluster with every part its own process', () => {
  it(`takes ${CUSTOMERS} customers through onboarding, each welcome email exactly once, through crashes`, async () => {
    const apis = () => parts.filter((p) => p.command === 'api').map((p) => apiClient(p.process.url, keys));
    expect((await apis()[0]!.admin('POST', '/v1/journeys/onboarding/publish', {})).json).toEqual({ version: 1 });
    const ids = Array.from({ length: CUSTOMERS }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const crashes = new Map<number, 'api' | 'router' | 'worker'>([
      [Math.floor(CUSTOMERS * 0.3), 'worker'],
      [Math.floor(CUSTOMERS * 0.5), 'router'],
      [Math.floor(CUSTOMERS * 0.7), 'api'],
    ]);
    for (let i = 0; i < ids.length; i += BATCH) {
      for (const [at, command] of crashes) if (at >= i && at < i + BATCH) await crashAndRestart(command);
      const batch = ids.slice(i, i + BATCH).flatMap((userId) => [
        { type: 'identify', userId, messageId: `${userId}-identify`, traits: { email: `${userId}@example.com` } },
        { type: 'track', userId, messageId: `${userId}-signup`, event: 'Signed Up' },
      ]);
      const res = await apis()[(i / BATCH) % 2]!.batch({ batch });
      expect(res.status, res.text).toBe(200);
      expect(res.json.stored).toBe(2 * BATCH);
    }

    const health = async () => (await apis()[1]!.raw('GET', '/healthz', undefined, undefined)).json;
    await eventually(
      async () => ((await health())?.routing?.unrouted === 0 && mail.length >= CUSTOMERS ? true : undefined),
      'a welcome email for every customer',
      420_000,
      1000,
    );
    const perRecipient = new Map<string, number>();
    for (const m of mail) for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(perRecipient.size).toBe(CUSTOMERS);
    expect([...perRecipient].filter(([, n]) => n !== 1)).toEqual([]);
    expect((await health()).routing.deadLetters).toBe(0);
    const sample = await apis()[0]!.admin('GET', `/v1/customers/${ids[Math.floor(CUSTOMERS / 2)]}`);
    expect(sample.json.messages.map((m: { status: string }) => m.status)).toEqual(['sent']);

    // The runs are on the cluster, spread over its history shards, started by both routers.
    const connection = await Connection.connect({ address: cluster.address });
    try {
      const client = new Client({ connection, namespace: cluster.namespace });
      const starters = new Set<string>();
      for (const userId of ids.filter((_, i) => i % Math.max(1, Math.floor(CUSTOMERS / 40)) === 0)) {
        const history = await client.workflow.getHandle(`journey:onboarding:${userId}`).fetchHistory();
        const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
        if (started?.identity) starters.add(started.identity);
      }
      expect(starters.size).toBeGreaterThanOrEqual(2);
    } finally {
      await connection.close();
    }
  });
});
