import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceCondition, type AudienceConditionInput } from '../../../engine/src/audiences/index.ts';
import { AudienceKeeper } from '../../../engine/src/audiences/index.ts';
import {
  countAudience,
  createAudience,
  deleteAudience,
  evaluateAudiencePage,
  migrate,
  openDatabase,
  sampleAudience,
  type Database,
} from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';
import { holds, type Facts } from './brute-force.ts';

// Random histories of identify and track calls and random audience definitions: at every step of
// (injected) time, the membership kept incrementally (per routed call, plus the due checks) and the
// full SQL evaluation both equal a brute-force evaluation over the raw rows, window expiry included.
// The full evaluation (one grouped pass over the events) is checked as each of its uses reads it: the
// backfill a new audience starts from, a page of members, and the builder's count and sample over
// every customer in the database (earlier runs' customers too). Each run defines one audience on traits
// alone, which routing decides in JavaScript; the others mix traits, dates and counted events (SQL), and
// identify calls often repeat a plan, which the touch test skips.

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const USERS = ['a', 'b', 'c'];
const value = fc.constantFrom<string | number | boolean>('pro', 'free', 5, 50, true, '60');
const filter = (property: string) =>
  fc.oneof(
    fc.record({ property: fc.constant(property), op: fc.constantFrom('exists' as const, 'not-exists' as const) }),
    fc.record({
      property: fc.constant(property),
      op: fc.constantFrom('equals', 'not-equals', 'gt', 'gte', 'lt', 'lte', 'contains'),
      value,
    }),
  );
const leaf: fc.Arbitrary<AudienceConditionInput> = fc.oneof(
  filter('plan').map((f) => ({ kind: 'trait' as const, ...f })),
  fc.record({
    kind: fc.constant('trait-date' as const),
    property: fc.constant('trialEndsAt'),
    when: fc.constantFrom('within-next', 'within-last', 'more-than-ago', 'more-than-ahead'),
    days: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record(
    {
      kind: fc.constant('performed' as const),
      event: fc.constantFrom('Order Completed', 'Viewed'),
      where: fc.array(filter('revenue'), { maxLength: 1 }),
      op: fc.constantFrom('at-least', 'at-most', 'exactly'),
      times: fc.integer({ min: 0, max: 2 }),
      withinDays: fc.integer({ min: 1, max: 6 }),
    },
    { requiredKeys: ['kind', 'event', 'where', 'op', 'times'] },
  ),
);
const condition = fc.letrec<{ c: AudienceConditionInput }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const),
      of: fc.array(tie('c'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), condition: tie('c') }),
  ),
})).c;

// Conditions on traits alone, which routing decides in JavaScript rather than SQL: every run has one.
const onTraits = fc.letrec<{ c: AudienceConditionInput }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    filter('plan').map((f) => ({ kind: 'trait' as const, ...f })),
    fc.record({
      kind: fc.constantFrom('all' as const, 'any' as const),
      of: fc.array(tie('c'), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant('not' as const), condition: tie('c') }),
  ),
})).c;

const traitValue = fc.oneof(
  fc.constant(undefined),
  value,
  fc.integer({ min: -4 * DAY, max: 8 * DAY }).map((offset) => ({ offset })),
  fc.constantFrom('soon', '2026-03-04'),
);
type Step =
  | { waitMs: number; kind: 'track'; user: string; event: string; revenue: number | string | undefined }
  | { waitMs: number; kind: 'identify'; user: string; plan: unknown; trialEndsAt: unknown };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    waitMs: fc.integer({ min: 0, max: 3 * DAY }),
    kind: fc.constant('track' as const),
    user: fc.constantFrom(...USERS),
    event: fc.constantFrom('Order Completed', 'Viewed'),
    revenue: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 100 }), fc.constant('60')),
  }),
  fc.record({
    waitMs: fc.integer({ min: 0, max: 3 * DAY }),
    kind: fc.constant('identify' as const),
    user: fc.constantFrom(...USERS),
    plan: fc.constantFrom(undefined, 'pro', 'free', 50),
    trialEndsAt: traitValue,
  }),
);

describe.each(['pglite', 'postgres'] as const)('audience membership on %s', (kind) => {
  let db: Database;
  let store: EventStore;
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    db = await openDatabase({ databaseUrl: server?.url, dataDir: mkdtempSync(join(tmpdir(), 'boomerang-audiences-')) });
    await migrate(db);
    store = new EventStore(db);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  let run = 0;
  let message = 0;
  /** Every raw row of this run's customers, read back as plain data. */
  const factsOf = async (prefix: string): Promise<Map<string, Facts>> => {
    const facts = new Map<string, Facts>();
    const customers = await db.query<{ user_id: string; traits: Record<string, unknown> }>(
      'select user_id, traits from customers where user_id like $1',
      [`${prefix}%`],
    );
    for (const c of customers) facts.set(c.user_id, { traits: c.traits, events: [], enrollments: [], exposures: [] });
    const events = await db.query<{
      user_id: string;
      event: string;
      properties: Record<string, unknown>;
      timestamp: Date;
    }>("select user_id, event, properties, timestamp from events where type = 'track' and user_id like $1", [
      `${prefix}%`,
    ]);
    for (const e of events)
      facts
        .get(e.user_id)
        ?.events.push({ event: e.event, properties: e.properties, at: new Date(e.timestamp).getTime() });
    return facts;
  };
  const keptMembers = async (audienceId: string) =>
    (
      await db.query<{ user_id: string }>(
        'select user_id from audience_memberships where audience_id = $1 and left_at is null order by user_id',
        [audienceId],
      )
    ).map((r) => r.user_id);

  it('kept incrementally, and evaluated in full in SQL, equals a brute-force evaluation at every step of time', async () => {
    await fc.assert(
      fc.asyncProperty(
        onTraits,
        fc.array(condition, { minLength: 1, maxLength: 3 }),
        condition,
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 0, max: 13 }),
        async (traitsAlone, others, late, steps, lateAt) => {
          const early = [traitsAlone, ...others];
          run += 1;
          const prefix = `r${run}-`;
          let now = T0;
          const keeper = new AudienceKeeper(db, () => new Date(now));
          const audiences: Array<{ id: string; condition: AudienceCondition }> = [];
          const define = async (input: AudienceConditionInput, i: number) => {
            const parsed = AudienceCondition.parse(input);
            const id = `r${run}-a${i}`;
            await createAudience(db, {
              id,
              name: `Audience ${i}`,
              definition: { id, name: `Audience ${i}`, condition: parsed },
            });
            await keeper.backfill(id);
            audiences.push({ id, condition: parsed });
          };
          for (const [i, c] of early.entries()) await define(c, i);
          const compare = async (label: string) => {
            const facts = await factsOf(prefix);
            const all = await factsOf('');
            for (const a of audiences) {
              const expected = [...facts]
                .filter(([, f]) => holds(a.condition, f, now))
                .map(([u]) => u)
                .sort();
              const context = `${label} at ${new Date(now).toISOString()}, audience ${JSON.stringify(a.condition)}`;
              expect(
                (await keptMembers(a.id)).filter((u) => u.startsWith(prefix)),
                `kept: ${context}`,
              ).toEqual(expected);
              const full = (await evaluateAudiencePage(db, a.condition, new Date(now), '', 1000)).filter((u) =>
                u.startsWith(prefix),
              );
              expect(full, `full SQL: ${context}`).toEqual(expected);
              const everyone = [...all].filter(([, f]) => holds(a.condition, f, now)).map(([u]) => u);
              expect(await countAudience(db, a.condition, new Date(now)), `count: ${context}`).toEqual({
                members: everyone.length,
                customers: all.size,
              });
              const sample = (await sampleAudience(db, a.condition, new Date(now), 5)).map((m) => m.userId);
              expect(sample.length, `sample size: ${context}`).toBe(Math.min(5, everyone.length));
              expect(everyone, `sample members: ${context}`).toEqual(expect.arrayContaining(sample));
            }
          };
          try {
            for (const [i, s] of steps.entries()) {
              now += s.waitMs;
              // The periodic due check, as a router runs it, at this moment.
              await keeper.checkDue();
              await compare(`before step ${i}`);
              if (i === lateAt) await define(late, early.length);
              const base: Pick<IncomingEvent, 'messageId' | 'userId' | 'anonymousId' | 'context' | 'timestamp'> = {
                messageId: `p${run}-${++message}`,
                userId: `${prefix}${s.user}`,
                anonymousId: undefined,
                context: {},
                timestamp: new Date(now).toISOString(),
              };
              const call: IncomingEvent =
                s.kind === 'track'
                  ? {
                      ...base,
                      type: 'track',
                      event: s.event,
                      properties: s.revenue === undefined ? {} : { revenue: s.revenue },
                      traits: {},
                    }
                  : {
                      ...base,
                      type: 'identify',
                      event: undefined,
                      properties: {},
                      traits: {
                        plan: s.plan ?? null,
                        trialEndsAt:
                          typeof s.trialEndsAt === 'object' && s.trialEndsAt !== null && 'offset' in s.trialEndsAt
                            ? new Date(now + Number(s.trialEndsAt.offset)).toISOString()
                            : (s.trialEndsAt ?? null),
                      },
                    };
              await store.append([call]);
              // What the router's hook does for each routed call.
              await keeper.onRouted([call]);
              await compare(`after step ${i}`);
            }
            // Let every window run out with no more calls, looking each day: each change now comes from
            // a scheduled check alone, as the last evaluation (routed or backfill) scheduled it.
            for (let day = 1; day <= 12; day++) {
              now += DAY;
              await keeper.checkDue();
              await compare(`${day} days after the last step`);
            }
          } finally {
            for (const a of audiences) await deleteAudience(db, a.id);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 600_000);
});
