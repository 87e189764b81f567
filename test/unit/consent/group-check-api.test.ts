import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// Validating (and so publishing) a journey over HTTP on a real embedded database: an email step that
// names a subscription group nobody created is refused, naming the node and the field; a group that
// exists and `transactional` pass.
let app: InProcessApp;

beforeAll(async () => {
  app = await startInProcessApp('group-check');
  const created = await app.admin('POST', '/v1/subscription-groups', {
    id: 'offers',
    name: 'Offers',
    default: 'opt-in',
  });
  expect(created.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const journey = (groups: Array<string | undefined>) => ({
  id: 'promos',
  name: 'Promos',
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
    ...groups.map((group, i) => ({
      id: `mail-${i}`,
      type: 'send-email',
      config: { template: 'welcome', ...(group === undefined ? {} : { group }) },
    })),
  ],
  edges: groups.map((_, i) => ({ from: i === 0 ? 'start' : `mail-${i - 1}`, to: `mail-${i}` })),
});

describe('a journey naming subscription groups', () => {
  it('is refused for a group that does not exist, naming the step, and accepted for known ones', async () => {
    expect((await app.admin('POST', '/v1/journeys', journey([]))).status).toBe(201);
    const bad = await app.admin('POST', '/v1/journeys/promos/validate', journey(['offers', 'offerz', 'transactional']));
    expect(bad.status).toBe(200);
    expect(bad.json.valid).toBe(false);
    expect(bad.json.violations).toEqual([
      expect.objectContaining({ nodeId: 'mail-1', code: 'unknown-subscription-group', path: 'nodes.2.config.group' }),
    ]);
    expect(bad.json.violations[0].message).toContain('"offerz"');
    const good = await app.admin(
      'POST',
      '/v1/journeys/promos/validate',
      journey(['offers', undefined, 'transactional']),
    );
    expect(good.json).toMatchObject({ valid: true, violations: [] });
  });
});
