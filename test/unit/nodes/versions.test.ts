import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compile, Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { builtinNodes, createRegistry, defineAction } from '../../../engine/src/nodes/index.ts';

// Version 1 of "notify" had `channel: '#sales'`; version 2 calls it `target` and adds `mention`.
const v2 = {
  type: 'notify',
  version: 2,
  label: 'Notify',
  group: 'Integrations',
  icon: 'bell',
  description: 'Tells the team.',
  configSchema: z.object({ target: z.string().min(1), mention: z.boolean().default(false) }),
  activity: { name: 'notify', startToCloseTimeoutMs: 5_000, maximumAttempts: 3 },
  summary: (c: { target: string }) => `Notify ${c.target}`,
  run: async () => undefined,
};
const withMigrate = defineAction({
  ...v2,
  migrate: (config, from) => (from === 1 ? { target: config['channel'] } : config),
});
const withoutMigrate = defineAction(v2);

const journeyWith = (version: number | undefined, config: Record<string, unknown>) =>
  Journey.parse({
    id: 'j',
    name: 'J',
    nodes: [
      { id: 't', type: 'event-trigger', config: { event: 'Signed Up' } },
      { id: 'n', type: 'notify', ...(version ? { version } : {}), config },
    ],
    edges: [{ from: 't', to: 'n' }],
  });

describe('journeys saved with an older node version', () => {
  it("run the node's migrate and compile the migrated config under the new version", () => {
    const registry = createRegistry([...builtinNodes, withMigrate]);
    const saved = journeyWith(1, { channel: '#sales' });
    expect(validateGraph(saved, { registry })).toEqual([]);
    const plan = compile(saved, { registry, version: 1 });
    expect(plan.steps['n']).toMatchObject({ kind: 'action', config: { target: '#sales', mention: false } });
    expect(plan.nodeVersions['n']).toBe(2);
  });

  it('get a violation when the node has no migrate, instead of a misread', () => {
    const registry = createRegistry([...builtinNodes, withoutMigrate]);
    expect(validateGraph(journeyWith(1, { channel: '#sales' }), { registry })).toEqual([
      expect.objectContaining({
        nodeId: 'n',
        code: 'outdated-node-version',
        path: 'nodes.1.version',
        message: expect.stringContaining('saved with version 1 of "notify"'),
      }),
    ]);
    expect(() => compile(journeyWith(1, { channel: '#sales' }), { registry, version: 1 })).toThrow(
      /version 1 of "notify"/,
    );
  });

  it('get a violation when saved with a newer version than the one installed', () => {
    const registry = createRegistry([...builtinNodes, withMigrate]);
    expect(validateGraph(journeyWith(3, { target: '#sales' }), { registry })).toEqual([
      expect.objectContaining({ nodeId: 'n', code: 'newer-node-version' }),
    ]);
  });

  it('read a node without a version as the current version', () => {
    const registry = createRegistry([...builtinNodes, withoutMigrate]);
    expect(validateGraph(journeyWith(undefined, { target: '#sales' }), { registry })).toEqual([]);
  });

  it('report a migrate that throws as a violation', () => {
    const broken = defineAction({
      ...v2,
      migrate: () => {
        throw new Error('no channel to move');
      },
    });
    const registry = createRegistry([...builtinNodes, broken]);
    expect(validateGraph(journeyWith(1, {}), { registry })).toEqual([
      expect.objectContaining({
        code: 'outdated-node-version',
        message: expect.stringContaining('no channel to move'),
      }),
    ]);
  });
});
