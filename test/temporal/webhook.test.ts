import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry, verifyWebhookSignature } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

// The webhook node through Temporal (time-skipping server, real activities, a real HTTP receiver):
// retries with backoff on 500 and 429, none on other 4xx, and each attempt's timeout is honoured; when
// it gives up, the run ends with reason "failed" (the webhook's default onFailure).
const SECRET = 'webhook-test-secret-0123456789';
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let bundle: { code: string };
let receiver: Receiver;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld({ webhookSecret: SECRET, webhookAllow: '127.0.0.1' });
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
  receiver = await startReceiver();
});
afterAll(async () => {
  await env?.teardown();
  await world?.close();
  await receiver?.close();
});

const planFor = (config: Record<string, unknown>) =>
  compile(
    Journey.parse({
      id: 'hooks',
      name: 'Hooks',
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
        { id: 'hook', type: 'webhook', config },
      ],
      edges: [{ from: 'start', to: 'hook' }],
    }),
    { registry: defaultRegistry(), version: 1 },
  );

let runs = 0;
async function callWebhook(statuses: number[], opts: { delayMs?: number; timeoutSeconds?: number } = {}) {
  runs += 1;
  receiver.received.length = 0;
  receiver.answer(statuses, opts.delayMs ?? 0);
  const plan = planFor({
    url: `${receiver.url}/hook`,
    data: { source: 'test' },
    ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}),
  });
  const taskQueue = `hooks-${runs}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: world.activities,
  });
  return worker.runUntil(async () => {
    const trigger = {
      messageId: `m-${runs}`,
      event: 'Signed Up',
      properties: { plan: 'pro' },
      timestamp: new Date().toISOString(),
    };
    const handle = await env.client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey:hooks:u${runs}`,
      args: [{ journeyId: 'hooks', version: 1, plan, userId: `u${runs}`, traits: { email: 'u@example.com' }, trigger }],
    });
    const outcome = await handle.result();
    // Why the last attempt failed, as Temporal recorded it (the run itself ends normally, "failed").
    const failures =
      (await handle.fetchHistory()).events?.flatMap(
        (e) => e.activityTaskFailedEventAttributes?.failure?.message ?? [],
      ) ?? [];
    return { outcome, failures };
  });
}

describe('the webhook node', () => {
  it('POSTs signed JSON the receiver can verify', async () => {
    const result = await callWebhook([200]);
    expect(result.outcome.reason).toBe('completed');
    const [request] = receiver.received;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toMatchObject({
      journeyId: 'hooks',
      stepId: 'hook',
      traits: { email: 'u@example.com' },
      trigger: { event: 'Signed Up' },
      data: { source: 'test' },
    });
    expect(await verifyWebhookSignature(SECRET, String(request!.headers['x-boomerang-signature']), request!.body)).toBe(
      true,
    );
    expect(
      await verifyWebhookSignature(
        'another-secret-0123456789',
        String(request!.headers['x-boomerang-signature']),
        request!.body,
      ),
    ).toBe(false);
    expect(
      await verifyWebhookSignature(
        SECRET,
        String(request!.headers['x-boomerang-signature']),
        request!.body.replace('pro', 'free'),
      ),
    ).toBe(false);
  });

  it('retries after 500s and succeeds on the third attempt, with the same idempotency key', async () => {
    const result = await callWebhook([500, 500, 200]);
    expect(result.outcome.reason).toBe('completed');
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('retries after 429 Too Many Requests', async () => {
    const result = await callWebhook([429, 200]);
    expect(result.outcome.reason).toBe('completed');
    expect(receiver.received).toHaveLength(2);
  });

  it('gives up after the declared 5 attempts when the receiver keeps failing: the run ends "failed" there (the webhook default)', async () => {
    const result = await callWebhook([503]);
    expect(result.outcome).toMatchObject({ reason: 'failed', stepId: 'hook' });
    expect(receiver.received).toHaveLength(5);
  });

  it('does not retry a 400: the run ends "failed" after one call', async () => {
    const result = await callWebhook([400]);
    expect(result.outcome).toMatchObject({ reason: 'failed', stepId: 'hook' });
    expect(receiver.received).toHaveLength(1);
    expect(result.failures.join(' ')).toContain('answered 400 Bad Request');
  });

  it('abandons an attempt after the configured timeout and tries again', async () => {
    const result = await callWebhook([200], { delayMs: 3_000, timeoutSeconds: 1 });
    expect(result.outcome.reason).toBe('failed');
    expect(receiver.received).toHaveLength(5);
    // each attempt was given up after about 1 s: the 5 attempts took far less than 5 x 3 s of real time
    const span = receiver.received.at(-1)!.atMs - receiver.received[0]!.atMs;
    expect(span).toBeLessThan(4 * 2_500);
  });
});
