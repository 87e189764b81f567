import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { createJourney, deleteSender, listMail, publishVersion, saveSender } from '../../engine/src/db/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';

// Sender identities on the time-skipping server: the journey names one, a step names another, and the
// From and Reply-To the SMTP sink received say which was used.
const journey = Journey.parse({
  id: 'two-senders',
  name: 'Two senders',
  settings: { sender: 'news' },
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    { id: 'hello', type: 'send-email', config: { template: 'welcome' } },
    { id: 'wait', type: 'delay', config: { mode: 'duration', amount: 1, unit: 'days' } },
    { id: 'help', type: 'send-email', config: { template: 'tips', sender: 'support' } },
  ],
  edges: [
    { from: 'start', to: 'hello' },
    { from: 'hello', to: 'wait' },
    { from: 'wait', to: 'help' },
  ],
});

let ts: TimeSkipping;
let plan: ReturnType<typeof compile>;
beforeAll(async () => {
  ts = await startTimeSkipping();
  const { db } = ts.world;
  await saveSender(db, { id: 'news', name: 'Shop News', address: 'news@shop.example', replyTo: null });
  await saveSender(db, {
    id: 'support',
    name: 'Ada from Support',
    address: 'ada@help.shop.example',
    replyTo: 'support@shop.example',
  });
  await createJourney(db, journey.id, journey.name, journey);
  const version = await publishVersion(
    db,
    journey.id,
    journey,
    (v) => compile(journey, { registry: defaultRegistry(), version: v }),
    null,
  );
  plan = compile(journey, { registry: defaultRegistry(), version });
});
afterAll(async () => {
  await ts?.close();
});

describe('sender identities', () => {
  it("sends as the journey's sender, and as the step's own sender where a step names one", async () => {
    const run = await ts.runJourney(plan, 'sam');
    expect(run.outcome).toMatchObject({ reason: 'completed', emailsSent: 2 });
    const mail = (await listMail(ts.world.db, { to: 'sam@example.com' })).reverse();
    expect(mail.map((m) => m.from)).toEqual([
      '"Shop News" <news@shop.example>',
      '"Ada from Support" <ada@help.shop.example>',
    ]);
    expect(mail[0]?.headers['reply-to']).toBeUndefined();
    expect(mail[1]?.headers['reply-to']).toBe('support@shop.example');
  });

  it('falls back to the default sender when a named sender was removed after publishing', async () => {
    await deleteSender(ts.world.db, 'news');
    await ts.runJourney(plan, 'kim');
    const mail = (await listMail(ts.world.db, { to: 'kim@example.com' })).reverse();
    expect(mail.map((m) => m.from)).toEqual(['"Test" <test@localhost>', '"Ada from Support" <ada@help.shop.example>']);
  });
});
