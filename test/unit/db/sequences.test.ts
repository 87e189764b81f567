import { describe, expect, it } from 'vitest';
import { migrate } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { useDatabase } from '../../support/database.ts';

const track = (messageId: string): IncomingEvent => ({
  type: 'track',
  messageId,
  userId: 'ann',
  anonymousId: undefined,
  event: 'Viewed',
  properties: {},
  traits: {},
  context: {},
  timestamp: '2026-03-01T12:00:00.000Z',
});

// A database whose event numbering fell behind its rows (a restore that left the sequences where
// they were, rows copied in by hand): every new event collides with a stored one. Starting
// Boomerang (which migrates) moves the numbering past the rows, so calls are stored again.
describe.each(['pglite', 'postgres'] as const)('numbering left behind the rows, on %s', (kind) => {
  const database = useDatabase(kind, 'sequences');

  it('collides before a restart and stores new events after one, numbered after the old', async () => {
    const store = new EventStore(database.db);
    expect(await store.append([track('a'), track('b'), track('c')])).toMatchObject({ stored: 3 });
    await database.db.query(`select setval('events_seq_seq', 1, false)`);
    await expect(new EventStore(database.db).append([track('d')])).rejects.toThrow(/duplicate key|unique/);

    await migrate(database.db);
    expect(await new EventStore(database.db).append([track('e')])).toMatchObject({ stored: 1 });
    const rows = await database.db.query<{ message_id: string; seq: string }>(
      'select message_id, seq::text from events order by seq',
    );
    expect(rows.map((r) => r.message_id)).toEqual(['a', 'b', 'c', 'e']);
    expect(Number(rows[3]!.seq)).toBeGreaterThan(Number(rows[2]!.seq));
  });

  it('leaves a numbering that is ahead of the rows where it is', async () => {
    await database.db.query(`select setval('events_seq_seq', 1000)`);
    await migrate(database.db);
    const [next] = await database.db.query<{ n: string }>(`select nextval('events_seq_seq')::text as n`);
    expect(next?.n).toBe('1001');
  });
});
