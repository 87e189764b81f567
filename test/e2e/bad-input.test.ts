import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Bad input gets the documented status and a message that says where and what; valid parts of a
// batch are kept; the server keeps serving afterwards.
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

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('ingest with bad input', () => {
  it('answers malformed JSON with 400 naming the body', async () => {
    const res = await api.raw('POST', '/v1/track', '{"userId": "x", "event": ', basic(keys.writeKey));
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/Malformed JSON/);
  });

  it('answers wrong types with 400 and the path of each problem', async () => {
    const res = await api.track({ userId: 'x', event: 42, properties: 'not an object' });
    expect(res.status).toBe(400);
    const paths = res.json.error.problems.map((p: { path: string }) => p.path).sort();
    expect(paths).toEqual(['event', 'properties']);
  });

  it('requires userId or anonymousId', async () => {
    const res = await api.track({ event: 'Signed Up' });
    expect(res.status).toBe(400);
    expect(res.json.error.problems[0]).toMatchObject({ path: 'userId', message: 'userId or anonymousId is required' });
  });

  it('refuses a call over 32 KB with 413 and a batch over 500 KB with 413', async () => {
    const big = { userId: 'x', event: 'Big', properties: { blob: 'a'.repeat(33 * 1024) } };
    expect((await api.track(big)).status).toBe(413);
    const batch = {
      batch: Array.from({ length: 20 }, (_, i) => ({
        type: 'track',
        userId: `u${i}`,
        event: 'E',
        properties: { blob: 'b'.repeat(30 * 1024) },
      })),
    };
    expect((await api.batch(batch)).status).toBe(413);
  });

  it('keeps the valid events of a batch and says which were rejected', async () => {
    const res = await api.batch({
      batch: [
        { type: 'track', userId: 'g1', event: 'Good', messageId: 'good-1' },
        { type: 'track', userId: 'g1', event: 7, messageId: 'bad-1' },
        { type: 'track', userId: 'g1', event: 'Huge', properties: { blob: 'c'.repeat(33 * 1024) } },
        { type: 'alias', userId: 'g1' },
        { type: 'identify', userId: 'g1', traits: { plan: 'pro' }, messageId: 'good-2' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json.stored).toBe(2);
    expect(res.json.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3]);
    expect(res.json.rejected[0].problems[0].path).toBe('batch.1.event');
    const customer = await api.admin('GET', '/v1/customers/g1');
    expect(customer.json.customer.traits).toEqual({ plan: 'pro' });
    expect(customer.json.events.map((e: { messageId: string }) => e.messageId).sort()).toEqual(['good-1', 'good-2']);
  });

  it('ignores a repeated messageId', async () => {
    const call = { userId: 'h1', event: 'Once', messageId: 'only-once' };
    expect((await api.track(call)).json).toMatchObject({ stored: 1, duplicates: 0 });
    expect((await api.track(call)).json).toMatchObject({ stored: 0, duplicates: 1 });
    const customer = await api.admin('GET', '/v1/customers/h1');
    expect(customer.json.events).toHaveLength(1);
  });

  it('answers a missing or wrong write key with 401, and accepts it as a Bearer token', async () => {
    expect((await api.raw('POST', '/v1/track', { userId: 'x', event: 'E' }, undefined)).status).toBe(401);
    expect((await api.raw('POST', '/v1/track', { userId: 'x', event: 'E' }, basic('wk_wrong_key'))).status).toBe(401);
    expect((await api.raw('POST', '/v1/track', { userId: 'x', event: 'E' }, `Bearer ${keys.writeKey}`)).status).toBe(
      200,
    );
    expect((await api.raw('GET', '/v1/journeys', undefined, `Bearer ${keys.writeKey}`)).status).toBe(401);
  });
});

describe('management API with bad input', () => {
  it('answers an unknown journey with 404', async () => {
    const res = await api.admin('GET', '/v1/journeys/nope');
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('nope');
  });

  it('rejects a malformed journey with 400 and paths', async () => {
    const res = await api.admin('POST', '/v1/journeys', { id: 'Bad Id!', name: '', nodes: 'x', edges: [] });
    expect(res.status).toBe(400);
    expect(res.json.error.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['id', 'name', 'nodes']),
    );
  });

  it('refuses to publish an invalid graph with 422 and violations at node ids, keeping the draft', async () => {
    const broken = {
      id: 'broken',
      name: 'Broken',
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
        { id: 'mail', type: 'send-email', config: { template: 'no-such-template' } },
        { id: 'vip', type: 'in-audience', config: { audienceId: 'no-such-audience' } },
        { id: 'lost', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', to: 'mail' },
        { from: 'mail', to: 'vip' },
      ],
    };
    expect((await api.admin('POST', '/v1/journeys', broken)).status).toBe(201);
    const res = await api.admin('POST', '/v1/journeys/broken/publish', {});
    expect(res.status).toBe(422);
    const found = res.json.violations.map((v: { nodeId: string; code: string }) => `${v.nodeId}:${v.code}`).sort();
    expect(found).toEqual(['lost:unreachable', 'mail:unknown-template', 'vip:unknown-audience']);
    const kept = await api.admin('GET', '/v1/journeys/broken');
    expect(kept.json.draft.nodes).toHaveLength(4);
    expect(kept.json.status).toBe('draft');
  });

  it('keeps serving after all of that', async () => {
    const health = await api.raw('GET', '/healthz', undefined, undefined);
    expect(health.status).toBe(200);
    expect(health.json.parts).toEqual({ database: true, temporal: true });
    expect((await api.admin('GET', '/v1/journeys')).status).toBe(200);
    const openapi = await api.raw('GET', '/openapi.json', undefined, undefined);
    expect(Object.keys(openapi.json.paths)).toContain('/v1/batch');
  });
});
