import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, type Database } from '../../../engine/src/db/index.ts';
import type { IncomingEvent } from '../../../engine/src/events/index.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// /v1/audiences over HTTP on a real PGlite database, with a shop history worked out by hand:
// ann ordered twice (60, 70) 100 and 95 days ago, dee once (10) 200 days ago, bob 10 days ago, cy never.

const DAY = 86_400_000;
let app: InProcessApp;
let db: Database;
let n = 0;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const order = (userId: string, days: number, revenue: number): IncomingEvent => ({
  type: 'track',
  messageId: `o${++n}`,
  userId,
  anonymousId: undefined,
  event: 'Order Completed',
  properties: { revenue },
  traits: {},
  context: {},
  timestamp: ago(days),
  historical: true,
});
const identify = (userId: string, traits: Record<string, unknown>): IncomingEvent => ({
  type: 'identify',
  messageId: `i${++n}`,
  userId,
  anonymousId: undefined,
  event: undefined,
  properties: {},
  traits,
  context: {},
  timestamp: ago(300),
  historical: true,
});

beforeAll(async () => {
  app = await startInProcessApp('audiences-api');
  db = app.db;
  await app.store.append([
    identify('ann', { plan: 'pro' }),
    identify('bob', { plan: 'free' }),
    identify('cy', { plan: 'pro' }),
    identify('dee', {}),
    order('ann', 100, 60),
    order('ann', 95, 70),
    order('dee', 200, 10),
    order('bob', 10, 80),
  ]);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const call = (method: string, path: string, body?: unknown) => app.admin(method, path, body);

const lapsed = {
  kind: 'all',
  of: [
    { kind: 'performed', event: 'Order Completed' },
    { kind: 'performed', event: 'Order Completed', op: 'at-most', times: 0, withinDays: 90 },
  ],
};
const problemPaths = (json: { error: { problems?: Array<{ path: string }> } }) =>
  (json.error.problems ?? []).map((p) => p.path);

describe('/v1/audiences', () => {
  it('previews a draft: members out of all customers, and a sample of them', async () => {
    const res = await call('POST', '/v1/audiences/preview', { condition: lapsed });
    expect(res.status).toBe(200);
    expect(res.json.members).toBe(2);
    expect(res.json.customers).toBe(4);
    expect(res.json.sample.map((s: { userId: string }) => s.userId).sort()).toEqual(['ann', 'dee']);
  });

  it('counts repeat big spenders with a property filter ("revenue > 50 at least 2 times")', async () => {
    const res = await call('POST', '/v1/audiences/preview', {
      condition: {
        kind: 'performed',
        event: 'Order Completed',
        where: [{ property: 'revenue', op: 'gt', value: 50 }],
        times: 2,
      },
    });
    expect(res.json.members).toBe(1);
    expect(res.json.sample[0].userId).toBe('ann');
  });

  it('creates an audience, computes its members, pages them, and shows it on the customer', async () => {
    const created = await call('POST', '/v1/audiences', { id: 'lapsed', name: 'Lapsed customers', condition: lapsed });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: 'lapsed',
      version: 1,
      size: 2,
      backfill: { entered: 2, exited: 0, size: 2 },
    });
    const page1 = await call('GET', '/v1/audiences/lapsed/members?limit=1');
    expect(page1.json.members.map((m: { userId: string }) => m.userId)).toEqual(['ann']);
    const page2 = await call('GET', `/v1/audiences/lapsed/members?limit=1&after=${page1.json.next}`);
    expect(page2.json.members.map((m: { userId: string }) => m.userId)).toEqual(['dee']);
    const ann = await call('GET', '/v1/customers/ann/audiences');
    expect(ann.json.audiences).toMatchObject([{ audienceId: 'lapsed', name: 'Lapsed customers' }]);
    expect((await call('GET', '/v1/customers/bob/audiences')).json.audiences).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const history = await call('GET', `/v1/audiences/lapsed/history?from=${today}&to=${today}`);
    expect(history.json.days).toEqual([{ day: today, entered: 2, exited: 0, size: 2 }]);
  });

  it("stores the backfill's Audience Entered events as history, routed to no journey", async () => {
    const rows = await db.query<{ user_id: string; routed: boolean }>(
      `select e.user_id, exists (select 1 from event_outbox o where o.seq = e.seq) as routed
       from events e where e.event = 'Audience Entered' order by e.user_id`,
    );
    expect(rows).toEqual([
      { user_id: 'ann', routed: false },
      { user_id: 'dee', routed: false },
    ]);
    // Each stay's event, at the moment the stay began, naming the audience.
    const told = await db.query<{ user_id: string; at_entry: boolean; properties: unknown }>(
      `select m.user_id, e.timestamp = m.entered_at as at_entry, e.properties from audience_memberships m
       join events e on e.user_id = m.user_id and e.event = 'Audience Entered' where m.audience_id = 'lapsed' order by m.user_id`,
    );
    expect(told).toEqual(
      ['ann', 'dee'].map((user_id) => ({
        user_id,
        at_entry: true,
        properties: { audienceId: 'lapsed', audienceName: 'Lapsed customers' },
      })),
    );
  });

  it('saves a change as the next version and recomputes membership (leavers get Audience Exited)', async () => {
    const saved = await call('PUT', '/v1/audiences/lapsed', {
      id: 'lapsed',
      name: 'Lapsed pro customers',
      condition: { kind: 'all', of: [lapsed, { kind: 'trait', property: 'plan', op: 'equals', value: 'pro' }] },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 2, size: 1, backfill: { entered: 0, exited: 1, size: 1 } });
    const exited = await db.query<{ user_id: string; properties: unknown }>(
      "select user_id, properties from events where event = 'Audience Exited'",
    );
    expect(exited).toEqual([
      { user_id: 'dee', properties: { audienceId: 'lapsed', audienceName: 'Lapsed pro customers' } },
    ]);
    const members = await call('GET', '/v1/audiences/lapsed/members');
    expect(members.json.members.map((m: { userId: string }) => m.userId)).toEqual(['ann']);
    const list = await call('GET', '/v1/audiences');
    expect(list.json.audiences.map((a: { id: string; size: number }) => [a.id, a.size])).toEqual([['lapsed', 1]]);
  });

  it('refuses a malformed definition with 400 and the path of each problem', async () => {
    const res = await call('POST', '/v1/audiences', {
      id: 'bad',
      name: 'Bad',
      condition: { kind: 'any', of: [{ kind: 'performed', event: 'Order Completed', times: -1 }] },
    });
    expect(res.status).toBe(400);
    expect(problemPaths(res.json)).toContain('condition.of.0.times');
  });

  it('refuses a well-formed but unusable definition with 422 and the path (missing value, unknown journey)', async () => {
    const res = await call('POST', '/v1/audiences', {
      id: 'bad',
      name: 'Bad',
      condition: {
        kind: 'all',
        of: [
          { kind: 'trait', property: 'plan', op: 'equals' },
          { kind: 'not', condition: { kind: 'journey', journeyId: 'nope' } },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(problemPaths(res.json)).toEqual(['condition.of.0.value', 'condition.of.1.condition.journeyId']);
    expect((await call('GET', '/v1/audiences/bad')).status).toBe(404);
  });

  it('selects by journey: in it now, completed it, in arm B of its split', async () => {
    await createJourney(db, 'onb', 'Onboarding', { id: 'onb', name: 'Onboarding', nodes: [], edges: [] });
    await db.query(
      `insert into enrollments (workflow_id, journey_id, user_id, version, status) values
         ('journey:onb:ann', 'onb', 'ann', 1, 'active'), ('journey:onb:bob', 'onb', 'bob', 1, 'completed')`,
    );
    await db.query(
      `insert into experiment_exposures (experiment_key, journey_id, split_id, user_id, variant, version, workflow_id, exposed_at)
       values ('onb:split', 'onb', 'split', 'bob', 'B', 1, 'journey:onb:bob', now()), ('onb:split', 'onb', 'split', 'ann', 'A', 1, 'journey:onb:ann', now())`,
    );
    const members = async (condition: unknown) =>
      (await call('POST', '/v1/audiences/preview', { condition })).json.sample
        .map((s: { userId: string }) => s.userId)
        .sort();
    expect(await members({ kind: 'journey', journeyId: 'onb' })).toEqual(['ann']);
    expect(await members({ kind: 'journey', journeyId: 'onb', state: 'completed' })).toEqual(['bob']);
    expect(await members({ kind: 'journey', journeyId: 'onb', state: 'entered' })).toEqual(['ann', 'bob']);
    expect(await members({ kind: 'arm', journeyId: 'onb', arm: 'B' })).toEqual(['bob']);
    expect(
      await members({ kind: 'not', condition: { kind: 'arm', journeyId: 'onb', splitId: 'split', arm: 'B' } }),
    ).toEqual(['ann', 'cy', 'dee']);
  });

  it('answers the definition format as JSON Schema', async () => {
    const res = await call('GET', '/v1/audiences/schema');
    expect(res.status).toBe(200);
    expect(res.json.required).toEqual(['id', 'name', 'condition']);
  });

  it('deletes an audience', async () => {
    expect((await call('DELETE', '/v1/audiences/lapsed')).status).toBe(204);
    expect((await call('GET', '/v1/audiences/lapsed')).status).toBe(404);
    expect((await call('GET', '/v1/customers/ann/audiences')).json.audiences).toEqual([]);
  });
});
