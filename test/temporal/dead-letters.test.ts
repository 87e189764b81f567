import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTemporalCli } from '../../engine/bin/tools.mjs';
import {
  createJourney,
  customerEnrollments,
  discardDeadLetter,
  listDeadLetters,
  migrate,
  openDatabase,
  publishVersion,
  retryDeadLetter,
  routingLag,
  type Database,
} from '../../engine/src/db/index.ts';
import { EventStore, Router, type IncomingEvent, type RouterTarget } from '../../engine/src/events/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { cartAbandoned } from '../../templates/plugins/shop/index.ts';
import { eventually } from '../support/ports.ts';

// The router against a real Temporal server (the CLI dev server, which enforces Temporal's limits) and
// a real database: one event Temporal refuses is parked as a dead letter, and nobody else waits for it.
let env: TestWorkflowEnvironment;
let db: Database;
let store: EventStore;
const registry = defaultRegistry();
registry.register(cartAbandoned, 'shop');

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: ensureTemporalCli() } },
  });
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-dead-letters-')) });
  await migrate(db);
  store = new EventStore(db);
  // A journey with one run per cart: the cart id goes into the workflow id. No worker is needed:
  // the router's job ends when Temporal has the run.
  const graph = Journey.parse({
    id: 'carts',
    name: 'Carts',
    nodes: [
      { id: 'left', type: 'cart-abandoned', config: { minValue: 0 } },
      { id: 'mail', type: 'send-email', config: { template: 'welcome' } },
    ],
    edges: [{ from: 'left', to: 'mail' }],
  });
  await createJourney(db, graph.id, graph.name, graph);
  await publishVersion(db, graph.id, graph, (version) => compile(graph, { registry, version }), null);
});
afterAll(async () => {
  await env?.teardown();
  await db?.close();
});

const cart = (userId: string, cartId: string, n: number): IncomingEvent => ({
  type: 'track',
  messageId: `${userId}-${n}`,
  userId,
  anonymousId: undefined,
  event: 'Cart Abandoned',
  properties: { cart_id: cartId, value: 10 },
  traits: {},
  context: {},
  timestamp: new Date().toISOString(),
});
const runStarted = async (workflowId: string) =>
  (await env.client.workflow.getHandle(workflowId).describe()).startTime.getTime();
const exists = (workflowId: string) =>
  env.client.workflow
    .getHandle(workflowId)
    .describe()
    .then(
      () => true,
      () => false,
    );

async function routeWith(target: Partial<RouterTarget>, during: () => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  const router = new Router(db, store, registry, { client: env.client, taskQueue: 'dead-letters', ...target });
  router.onError = (error) => errors.push(String(error));
  await router.start();
  try {
    await during();
  } finally {
    await router.stop();
  }
  return errors;
}

describe('an event Temporal would refuse', () => {
  it("is parked with its reason at once, and every other event, the same customer's later one included, is routed", async () => {
    const longCart = 'x'.repeat(1200); // the workflow id journey:carts:mallory:xxxx... is past Temporal's 1000 bytes
    await store.append([
      cart('mallory', longCart, 1),
      ...Array.from({ length: 40 }, (_, i) => cart(`c${i}`, `cart-${i}`, 1)),
      cart('mallory', 'small', 2),
    ]);
    await routeWith({}, async () => {
      await eventually(async () => ((await routingLag(db)).unrouted === 0 ? true : undefined), 'the outbox to drain');
    });
    const [parked, ...others] = await listDeadLetters(db);
    expect(others).toEqual([]);
    expect(parked).toMatchObject({
      messageId: 'mallory-1',
      userId: 'mallory',
      journeyId: 'carts',
      attempts: 1,
      status: 'parked',
    });
    expect(parked?.error).toMatch(/workflow id would be 1\d{3} bytes long and Temporal accepts at most 1000/);
    for (let i = 0; i < 40; i++) expect(await exists(`journey:carts:c${i}:cart-${i}`)).toBe(true);
    expect(await exists('journey:carts:mallory:small')).toBe(true);
    // No enrollment was claimed for the run that could not start.
    expect((await customerEnrollments(db, 'mallory')).map((e) => e.workflowId)).toEqual([
      'journey:carts:mallory:small',
    ]);
    expect(await routingLag(db)).toMatchObject({ unrouted: 0, deadLetters: 1 });

    // Retried by an operator, it is refused again; discarded, it leaves the list.
    expect(await retryDeadLetter(db, parked!.seq)).toBe(true);
    await routeWith({}, async () => {
      await eventually(
        async () => ((await listDeadLetters(db)).length === 1 ? true : undefined),
        'the retried event to be parked again',
      );
    });
    expect(await discardDeadLetter(db, parked!.seq)).toBe(true);
    expect(await listDeadLetters(db)).toEqual([]);
    expect((await listDeadLetters(db, { status: 'discarded' })).map((d) => d.messageId)).toEqual(['mallory-1']);
    expect(await discardDeadLetter(db, parked!.seq)).toBe(false);
  });

  it("is retried a bounded number of times when only the server refuses it, while the others flow on and the customer's next event waits its turn", async () => {
    await store.append([cart('trudy', 'y'.repeat(1200), 1), cart('trudy', 'second', 2), cart('dave', 'd1', 1)]);
    const errors = await routeWith({ checkLimits: false, retry: { attempts: 3, baseDelayMs: 100 } }, async () => {
      await eventually(async () => ((await routingLag(db)).unrouted === 0 ? true : undefined), 'the outbox to drain');
    });
    const [parked] = await listDeadLetters(db);
    expect(parked).toMatchObject({ messageId: 'trudy-1', attempts: 3, journeyId: 'carts' });
    expect(parked?.error).toMatch(/WorkflowId length exceeds limit|length/i); // the server's own words
    expect(errors.filter((e) => e.includes('trudy-1'))).toHaveLength(3);
    // Dave did not wait for Trudy's retries (1 + 4 tenths of a second at least); Trudy's second cart did.
    const parkedAt = new Date(parked!.lastTriedAt).getTime();
    expect(await runStarted('journey:carts:dave:d1')).toBeLessThan(parkedAt - 300);
    expect(await runStarted('journey:carts:trudy:second')).toBeGreaterThanOrEqual(parkedAt - 50);
  });
});
