import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Segment's HTTP tracking API as raw requests on the whole stack: every path, nulls, gzip, the write
// key in the body, clock skew, text Postgres refuses, times it cannot hold, the traits bound, and a
// page call starting a journey.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const basic = `Basic ${Buffer.from(`${keys.writeKey}:`).toString('base64')}`;

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  api = apiClient(stack.url, keys);
});
afterAll(async () => {
  await stack?.stop();
});

const customer = async (userId: string) => (await api.admin('GET', `/v1/customers/${encodeURIComponent(userId)}`)).json;
const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: basic }) =>
  fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, json: (await res.json()) as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field

describe('every call type at its path and short path', () => {
  it.each([
    ['/v1/page', { userId: 'p1', name: 'Pricing' }, 'page'],
    ['/v1/p', { userId: 'p1', name: 'Docs' }, 'page'],
    ['/v1/screen', { userId: 'p1', name: 'Home' }, 'screen'],
    ['/v1/s', { userId: 'p1', name: 'Cart' }, 'screen'],
    ['/v1/group', { userId: 'p1', groupId: 'g1' }, 'group'],
    ['/v1/g', { userId: 'p1', groupId: 'g2' }, 'group'],
    ['/v1/alias', { userId: 'p1', previousId: 'a1' }, 'alias'],
    ['/v1/a', { userId: 'p1', previousId: 'a2' }, 'alias'],
    ['/v1/track', { userId: 'p1', event: 'E' }, 'track'],
    ['/v1/t', { userId: 'p1', event: 'E' }, 'track'],
    ['/v1/identify', { userId: 'p1' }, 'identify'],
    ['/v1/i', { userId: 'p1' }, 'identify'],
  ])('%s stores a %s call', async (path, body, type) => {
    const messageId = `${path}-${Date.now()}`;
    expect((await post(path, { ...body, messageId })).status).toBe(200);
    expect((await customer('p1')).events.find((e: { messageId: string }) => e.messageId === messageId)?.type).toBe(
      type,
    );
  });

  it('/v1/import and /v1/b are the batch call', async () => {
    for (const path of ['/v1/import', '/v1/b']) {
      const res = await post(path, { batch: [{ type: 'screen', userId: 'imp', name: path }], sentAt: null });
      expect(res.json).toMatchObject({ success: true, stored: 1, rejected: [] });
    }
    expect(
      (await customer('imp')).events.map((e: { properties: { name: string } }) => e.properties.name).sort(),
    ).toEqual(['/v1/b', '/v1/import']);
  });
});

describe('what libraries send', () => {
  it('takes null for absent top-level fields and keeps null inside properties', async () => {
    const res = await post('/v1/track', {
      userId: 'n1',
      anonymousId: null,
      event: 'E',
      properties: { coupon: null },
      context: null,
      integrations: null,
      timestamp: null,
      messageId: null,
    });
    expect(res.status).toBe(200);
    expect((await customer('n1')).events[0]).toMatchObject({ event: 'E', properties: { coupon: null } });
  });

  it('takes the write key from the body when there is no Authorization header', async () => {
    expect((await post('/v1/track', { userId: 'w1', event: 'E', writeKey: keys.writeKey }, {})).status).toBe(200);
    expect(
      (await post('/v1/batch', { batch: [{ type: 'track', userId: 'w1', event: 'E' }], writeKey: keys.writeKey }, {}))
        .status,
    ).toBe(200);
    expect((await post('/v1/track', { userId: 'w1', event: 'E', writeKey: 'wrong' }, {})).status).toBe(401);
    expect((await post('/v1/track', { userId: 'w1', event: 'E' }, {})).status).toBe(401);
    // a wrong header is not rescued by a right key in the body
    expect(
      (await post('/v1/track', { userId: 'w1', event: 'E', writeKey: keys.writeKey }, { authorization: 'Bearer nope' }))
        .status,
    ).toBe(401);
  });

  it('inflates gzip bodies and applies the size limits to the inflated body', async () => {
    const small = gzipSync(JSON.stringify({ userId: 'z1', event: 'Zipped', properties: { n: 1 } }));
    expect((await post('/v1/track', small, { authorization: basic, 'content-encoding': 'gzip' })).status).toBe(200);
    expect((await customer('z1')).events[0].event).toBe('Zipped');
    const bomb = gzipSync(JSON.stringify({ userId: 'z1', event: 'Big', properties: { blob: 'a'.repeat(40 * 1024) } }));
    expect(bomb.length).toBeLessThan(1024);
    expect((await post('/v1/track', bomb, { authorization: basic, 'content-encoding': 'gzip' })).status).toBe(413);
    expect((await post('/v1/track', small, { authorization: basic, 'content-encoding': 'compress' })).status).toBe(415);
  });

  it('corrects the sender clock skew: timestamp = receivedAt - (sentAt - originalTimestamp)', async () => {
    // A device whose clock is a year fast made the call 10 s before it sent it.
    const year = 365 * 86_400_000;
    const before = Date.now();
    const res = await post('/v1/track', {
      userId: 'c1',
      event: 'Skewed',
      originalTimestamp: new Date(before + year - 10_000).toISOString(),
      sentAt: new Date(before + year).toISOString(),
    });
    const after = Date.now();
    expect(res.status).toBe(200);
    const stored = Date.parse((await customer('c1')).events[0].timestamp);
    expect(stored).toBeGreaterThanOrEqual(before - 10_000);
    expect(stored).toBeLessThanOrEqual(after - 10_000);
  });
});

describe('input the database cannot hold is a 400 naming the path, never a 5xx', () => {
  it('refuses NUL text in a single call and lists it as rejected in a batch, keeping the rest', async () => {
    const single = await post('/v1/track', JSON.parse('{"userId":"t1","event":"E","properties":{"note":"a\\u0000b"}}'));
    expect(single.status).toBe(400);
    expect(single.json.error.problems[0].path).toBe('properties.note');
    const batch = await post(
      '/v1/batch',
      JSON.parse(
        '{"batch":[{"type":"track","userId":"t1","event":"Kept"},{"type":"page","userId":"t1","name":"\\ud800"}]}',
      ),
    );
    expect(batch.status).toBe(200);
    expect(batch.json.stored).toBe(1);
    expect(batch.json.rejected).toEqual([
      { index: 1, problems: [{ path: 'batch.1.name', message: expect.stringContaining('surrogate') }] },
    ]);
  });

  it.each([
    ['year 0', { userId: 'y', event: 'E', timestamp: '0000-01-01T00:00:00Z' }, 'timestamp'],
    ['year 10000', { userId: 'y', event: 'E', timestamp: '10000-01-01T00:00:00Z' }, 'timestamp'],
    [
      'a skew correction before year 1',
      { userId: 'y', event: 'E', originalTimestamp: '0001-01-01T00:00:00Z', sentAt: '9999-01-01T00:00:00Z' },
      'sentAt',
    ],
    ['an infinite number as userId', '{"userId": 1e999, "event": "E"}', 'userId'],
    ['a number as event name', { userId: 'y', event: 12 }, 'event'],
  ])('%s', async (_name, body, path) => {
    const res = await post('/v1/track', typeof body === 'string' ? JSON.parse(body) : body);
    expect(res.status).toBe(400);
    expect(res.json.error.problems.map((p: { path: string }) => p.path)).toContain(path);
  });
});

describe('the traits bound (64 KB per customer)', () => {
  const trait = (n: number) => 'x'.repeat(n * 1024);
  it('refuses the identify that would cross it, naming its largest trait; a batch keeps its other events', async () => {
    expect((await post('/v1/identify', { userId: 'b1', traits: { a: trait(30) } })).status).toBe(200);
    expect((await post('/v1/identify', { userId: 'b1', traits: { b: trait(30) } })).status).toBe(200);
    const third = await post('/v1/identify', { userId: 'b1', traits: { c: trait(10), tiny: 1 } });
    expect(third.status).toBe(400);
    expect(third.json.error.problems[0]).toMatchObject({ path: 'traits.c', message: expect.stringContaining('65536') });
    const batch = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'b1', event: 'Before' },
        { type: 'identify', userId: 'b1', traits: { d: trait(10) } },
        { type: 'identify', userId: 'b1', traits: { a: 'small now' } },
      ],
    });
    expect(batch.json).toMatchObject({ stored: 2, rejected: [{ index: 1, problems: [{ path: 'batch.1.traits.d' }] }] });
    expect(Object.keys((await customer('b1')).customer.traits).sort()).toEqual(['a', 'b']);
  });
});

describe('page calls reach journeys as "Page Viewed"', () => {
  it('an event trigger on Page Viewed where name = Pricing starts a journey for that page only', async () => {
    const journey = {
      id: 'pricing-visit',
      name: 'Pricing visit',
      settings: { reEntry: 'never' },
      nodes: [
        {
          id: 't',
          type: 'event-trigger',
          config: { event: 'Page Viewed', where: [{ property: 'name', op: 'equals', value: 'Pricing' }] },
        },
        { id: 'm', type: 'send-email', config: { template: 'tips' } },
      ],
      edges: [{ from: 't', to: 'm' }],
    };
    expect((await api.admin('POST', '/v1/journeys', journey)).status).toBe(201);
    expect((await api.admin('POST', '/v1/journeys/pricing-visit/publish', {})).status).toBe(200);
    await post('/v1/identify', { userId: 'pv1', traits: { email: 'pv1@example.com' } });
    await post('/v1/identify', { userId: 'pv2', traits: { email: 'pv2@example.com' } });
    await post('/v1/page', { userId: 'pv2', name: 'Careers' });
    await post('/v1/page', { userId: 'pv1', name: 'Pricing' });
    const mail = await eventually(async () => {
      const messages = await api.outbox('pv1@example.com');
      return messages.length > 0 ? messages : undefined;
    }, 'the Pricing visitor to be mailed');
    expect(mail).toHaveLength(1);
    await api.settled(['pv2']);
    expect((await customer('pv2')).journeys).toEqual([]);
  });
});
