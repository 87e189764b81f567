import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The drip cadence test on the real stack: events in over HTTP, the router enrols, the workflow
// assigns an arm and records the exposure, the results endpoint counts it.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const customers = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'];

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  api = apiClient(stack.url, keys);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the drip cadence test on the real stack', () => {
  it('shows the planned sample size of the starter before it is published', async () => {
    const results = await api.admin('GET', '/v1/journeys/drip-cadence-test/experiments');
    expect(results.status).toBe(200);
    expect(results.json).toMatchObject({
      liveVersion: null,
      experiments: [],
      draft: [{ splitId: 'cadence', plannedPerArm: 1774, arms: 2 }],
    });
  });

  it('exposes every customer who signs up, sends the first email, and says "not yet"', async () => {
    expect((await api.admin('POST', '/v1/journeys/drip-cadence-test/publish', {})).json).toEqual({ version: 1 });
    for (const userId of customers) {
      await api.identify({ userId, traits: { email: `${userId}@example.com`, firstName: userId } });
      await api.track({ userId, event: 'Signed Up', messageId: `${userId}-signup` });
    }
    const experiment = await eventually(async () => {
      const r = await api.admin('GET', '/v1/journeys/drip-cadence-test/experiments');
      const e = r.json.experiments?.[0];
      const exposed = (e?.counts ?? []).reduce((s: number, c: { exposed: number }) => s + c.exposed, 0);
      return exposed === customers.length ? e : undefined;
    }, 'six exposures');
    expect(experiment.counts.map((c: { name: string }) => c.name)).toEqual(['weekly', 'biweekly']);
    expect(experiment.analysis).toMatchObject({
      status: 'collecting',
      winner: null,
      stopping: { rule: 'fixed-horizon', plannedPerArm: 1774, met: false },
    });
    for (const userId of customers) {
      await eventually(
        async () => ((await api.outbox(`${userId}@example.com`)).length === 1 ? true : undefined),
        `${userId}'s first drip email`,
      );
    }
  });
});
