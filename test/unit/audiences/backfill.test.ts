import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceCondition, AudienceKeeper } from '../../../engine/src/audiences/index.ts';
import { createAudience, migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

// The backfill (one grouped pass over everyone's events) schedules each customer's next check at the
// moment the oldest counted event leaves the window; the due checks then change membership exactly
// then. Instants hand-worked from the definition: a 7-day window, orders over 50 counted.

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const REGULARS = AudienceCondition.parse({
  kind: 'performed',
  event: 'Order Completed',
  where: [{ property: 'revenue', op: 'gt', value: 50 }],
  op: 'at-least',
  times: 2,
  withinDays: 7,
});

let message = 0;
const order = (userId: string, daysAgo: number, revenue: number): IncomingEvent => ({
  type: 'track',
  messageId: `order-${++message}`,
  userId,
  anonymousId: undefined,
  event: 'Order Completed',
  properties: { revenue },
  traits: {},
  context: {},
  timestamp: new Date(NOW - daysAgo * DAY).toISOString(),
});

describe.each(['pglite', 'postgres'] as const)('backfilling an audience with a window on %s', (kind) => {
  let db: Database;
  let server: PostgresServer | undefined;
  let now = NOW;
  let keeper: AudienceKeeper;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    db = await openDatabase({ databaseUrl: server?.url, dataDir: mkdtempSync(join(tmpdir(), 'boomerang-backfill-')) });
    await migrate(db);
    keeper = new AudienceKeeper(db, () => new Date(now));
    await new EventStore(db).append([
      order('ann', 5, 60), // leaves the window at NOW + 2 days
      order('ann', 1, 80),
      order('bob', 3, 90), // one order: never a member
      order('cy', 6, 70),
      order('cy', 2, 10), // not over 50: not counted
      { ...order('dee', 0, 0), event: 'Page Viewed', properties: {} },
    ]);
    await createAudience(db, {
      id: 'regulars',
      name: 'Regulars',
      definition: { id: 'regulars', name: 'Regulars', condition: REGULARS },
    });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  const members = async () =>
    (
      await db.query<{ user_id: string }>(
        "select user_id from audience_memberships where audience_id = 'regulars' and left_at is null order by user_id",
      )
    ).map((r) => r.user_id);

  it('enters the customers who meet it now, with a check when the oldest counted order leaves the window', async () => {
    expect(await keeper.backfill('regulars')).toEqual({ entered: 1, exited: 0, size: 1 });
    expect(await members()).toEqual(['ann']);
    const checks = await db.query<{ user_id: string; next_check_at: Date }>(
      "select user_id, next_check_at from audience_checks where audience_id = 'regulars' order by user_id",
    );
    expect(checks.map((c) => [c.user_id, new Date(c.next_check_at).toISOString()])).toEqual([
      ['ann', new Date(NOW + 2 * DAY).toISOString()],
      ['bob', new Date(NOW + 4 * DAY).toISOString()],
      ['cy', new Date(NOW + 1 * DAY).toISOString()],
    ]);
  });

  it('keeps the member until that moment and lets them leave at it, on the due check alone', async () => {
    now = NOW + 2 * DAY - 1000;
    await keeper.checkDue();
    expect(await members()).toEqual(['ann']);
    now = NOW + 2 * DAY;
    expect(await keeper.checkDue()).toEqual({ entered: 0, exited: 1 });
    expect(await members()).toEqual([]);
  });
});
