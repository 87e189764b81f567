import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCounts } from '../../engine/src/db/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';
import { edge, email, exit, journey, node, trigger } from '../unit/journey/journeys.ts';

// Every step a customer goes through counts as entered on the canvas, also the steps that pass
// without pausing (a trait update, a condition), not only emails, delays, waits and exits.
const upgrade = Journey.parse({
  ...journey(
    [
      trigger('start'),
      node('make-pro', 'update-customer', { set: { plan: 'pro' } }),
      node('is-pro', 'condition', { property: 'plan', op: 'equals', value: 'pro' }),
      email('welcome'),
      exit('done'),
      exit('not-pro'),
    ],
    [
      edge('start', 'make-pro'),
      edge('make-pro', 'is-pro'),
      edge('is-pro', 'welcome', 'yes'),
      edge('is-pro', 'not-pro', 'no'),
      edge('welcome', 'done'),
    ],
  ),
  id: 'upgrade',
});
const plan = compile(upgrade, { registry: defaultRegistry(), version: 1 });

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

describe('live step counts', () => {
  it('count a trait update and a condition a customer went through, and none on the branch not taken', async () => {
    await ts.runJourney(plan, 'una');
    await ts.runJourney(plan, 'vic');
    const counts = await nodeCounts(ts.world.db, 'upgrade', 1, null);
    expect(counts['make-pro']).toMatchObject({ entered: 2 });
    expect(counts['is-pro']).toMatchObject({ entered: 2 });
    expect(counts['welcome']).toMatchObject({ entered: 2 });
    expect(counts['done']).toMatchObject({ entered: 2, exited: 2 });
    expect(counts['not-pro']?.entered ?? 0).toBe(0);
  });
});
