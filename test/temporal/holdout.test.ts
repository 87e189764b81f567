import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { listExposures } from '../../engine/src/db/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';
import { edge, email, exit, journey, trigger } from '../unit/journey/journeys.ts';

// A journey with a 30% holdout on the real workflow: the held-out customer is recorded and mailed
// nothing; the entrant gets the email. Groups from Python's mmh3: c1 → 99.07 (holdout), c3 → 20.59 (entrants).
const plan = compile(
  Journey.parse({
    ...journey(
      [trigger('start', 'Order Completed'), email('offer', 'win-back-offer'), exit('done')],
      [edge('start', 'offer'), edge('offer', 'done')],
      { holdout: 30 },
    ),
    id: 'win-back',
  }),
  { registry: defaultRegistry(), version: 1 },
);

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

describe('a journey holdout in the workflow', () => {
  it('records both groups, ends the holdout’s run without a send, and mails the entrant', async () => {
    const held = await ts.runJourney(plan, 'c1');
    const entrant = await ts.runJourney(plan, 'c3');
    expect(held.outcome).toEqual({ reason: 'holdout', stepId: 'start', emailsSent: 0 });
    expect(entrant.outcome).toMatchObject({ reason: 'exit-node', emailsSent: 1 });
    expect(await ts.world.mailTo('c1@example.com')).toHaveLength(0);
    expect(await ts.world.mailTo('c3@example.com')).toHaveLength(1);
    const exposures = await listExposures(ts.world.db, 'win-back:journey-holdout');
    expect(exposures.map((x) => [x.userId, x.variant]).sort()).toEqual([
      ['c1', 'holdout'],
      ['c3', 'entrants'],
    ]);
  });
});
