import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { days, drip, edge, email, exit, journey, node, onboarding, trigger } from './journeys.ts';

const registry = defaultRegistry();
const templates = new Set(['welcome', 'tips', 'd1', 'd2', 'd3', 'd4', 'a', 'b']);
const codes = (graph: unknown) => validateGraph(graph, { registry, templates }).map((v) => [v.code, v.nodeId]);

const base = [trigger(), email('a')];
const baseEdges = [edge('start', 'a')];

describe('validateGraph accepts journeys a marketer would publish', () => {
  it.each([
    ['onboarding', onboarding],
    ['drip with 4 emails', drip],
    [
      'a condition whose "no" way out is left open (the run ends there)',
      journey(
        [
          trigger(),
          node('vip', 'condition', { source: 'traits', property: 'plan', op: 'equals', value: 'pro' }),
          email('a'),
        ],
        [edge('start', 'vip'), edge('vip', 'a', 'yes')],
      ),
    ],
    [
      'a loop that pauses on a delay',
      journey(
        [trigger(), email('a'), days('weekly', 7)],
        [edge('start', 'a'), edge('a', 'weekly'), edge('weekly', 'a')],
      ),
    ],
    [
      'a delay until 09:30 on weekdays in a named timezone',
      journey(
        [
          trigger(),
          node('morning', 'delay', { mode: 'until-time', time: '09:30', weekdays: [1, 2, 3, 4, 5] }),
          email('a'),
        ],
        [edge('start', 'morning'), edge('morning', 'a')],
        { timezone: 'Europe/Paris' },
      ),
    ],
    [
      'an update-customer step',
      journey(
        [trigger(), node('tier', 'update-customer', { set: { tier: 'gold', points: null } })],
        [edge('start', 'tier')],
      ),
    ],
  ])('%s has no violations', (_name, graph) => {
    expect(validateGraph(graph, { registry, templates })).toEqual([]);
  });
});

describe('validateGraph names the problem and the node', () => {
  it.each<[string, unknown, Array<[string, string | null]>]>([
    ['no trigger', journey([email('a')], []), [['no-trigger', null]]],
    [
      'two triggers',
      journey([...base, trigger('again', 'Order Completed')], [...baseEdges, edge('again', 'a')]),
      [['several-triggers', 'again']],
    ],
    [
      'an unknown node type',
      journey([...base, node('sms', 'send-sms')], [...baseEdges, edge('a', 'sms')]),
      [['unknown-node-type', 'sms']],
    ],
    [
      'an email without a template',
      journey([trigger(), node('a', 'send-email', { template: '' })], baseEdges),
      [['invalid-config', 'a']],
    ],
    [
      'a delay without an amount',
      journey(
        [...base, node('pause', 'delay', { mode: 'duration', unit: 'days' })],
        [...baseEdges, edge('a', 'pause')],
      ),
      [['invalid-config', 'pause']],
    ],
    [
      'a delay at 25:00',
      journey(
        [...base, node('pause', 'delay', { mode: 'until-time', time: '25:00' })],
        [...baseEdges, edge('a', 'pause')],
      ),
      [['invalid-config', 'pause']],
    ],
    [
      'a wait with an unknown time unit',
      journey(
        [...base, node('w', 'wait-for-event', { event: 'Activated', timeout: { amount: 2, unit: 'fortnights' } })],
        [...baseEdges, edge('a', 'w')],
      ),
      [['invalid-config', 'w']],
    ],
    [
      'an update-customer that sets nothing',
      journey([...base, node('u', 'update-customer', { set: {} })], [...baseEdges, edge('a', 'u')]),
      [['invalid-config', 'u']],
    ],
    [
      'a condition with an unknown operator',
      journey([...base, node('c', 'condition', { property: 'plan', op: 'like' })], [...baseEdges, edge('a', 'c')]),
      [['invalid-config', 'c']],
    ],
    [
      'a condition with nothing to compare to',
      journey([...base, node('c', 'condition', { property: 'plan', op: 'equals' })], [...baseEdges, edge('a', 'c')]),
      [['invalid-config', 'c']],
    ],
    [
      'a config that is not an object',
      journey([trigger(), { id: 'a', type: 'send-email', config: 'welcome' }], baseEdges),
      [['invalid-config', 'a']],
    ],
    ['a node id with spaces', journey([trigger(), email('bad id')], []), [['invalid-journey', 'bad id']]],
    ['not a journey at all', null, [['invalid-journey', null]]],
    ['a duplicate node id', journey([...base, email('a', 'b')], baseEdges), [['duplicate-node-id', 'a']]],
    ['an arrow to a missing node', journey(base, [...baseEdges, edge('a', 'ghost')]), [['dangling-edge', 'a']]],
    ['an arrow from a missing node', journey(base, [...baseEdges, edge('ghost', 'a')]), [['dangling-edge', 'a']]],
    [
      'an arrow between two missing nodes',
      journey(base, [...baseEdges, edge('ghost', 'phantom')]),
      [['dangling-edge', null]],
    ],
    ['an arrow back into the trigger', journey(base, [...baseEdges, edge('a', 'start')]), [['dangling-edge', 'a']]],
    [
      'a "yes" arrow out of an email',
      journey([...base, email('b')], [...baseEdges, edge('a', 'b', 'yes')]),
      [
        ['unknown-branch', 'a'],
        ['unreachable', 'b'],
      ],
    ],
    [
      'an arrow out of an exit',
      journey([...base, exit('out')], [...baseEdges, edge('a', 'out'), edge('out', 'a')]),
      [['unknown-branch', 'out']],
    ],
    [
      'two arrows out of one branch',
      journey([...base, email('b'), email('c', 'a')], [...baseEdges, edge('a', 'b'), edge('a', 'c')]),
      [
        ['several-edges-from-branch', 'a'],
        ['unreachable', 'c'],
      ],
    ],
    ['a node nothing leads to', journey([...base, email('b')], baseEdges), [['unreachable', 'b']]],
    ['a trigger with nothing after it', journey([trigger()], []), [['missing-branch', 'start']]],
    [
      'a loop through a condition without a pause',
      journey(
        [trigger(), email('a'), node('again', 'condition', { property: 'done', op: 'not-exists' })],
        [edge('start', 'a'), edge('a', 'again'), edge('again', 'a', 'yes')],
      ),
      [['instant-cycle', 'a']],
    ],
    ['an email that leads to itself', journey(base, [...baseEdges, edge('a', 'a')]), [['instant-cycle', 'a']]],
    [
      'a missing template',
      journey([trigger(), email('a', 'no-such-template')], baseEdges),
      [['unknown-template', 'a']],
    ],
    [
      'a timezone that does not exist',
      journey(base, baseEdges, { timezone: 'Mars/Olympus' }),
      [['invalid-timezone', null]],
    ],
    [
      'several problems, in node order',
      journey([email('a'), email('b'), node('c', 'mystery')], [edge('b', 'zz')]),
      [
        ['no-trigger', null],
        ['dangling-edge', 'b'],
        ['unknown-node-type', 'c'],
      ],
    ],
  ])('%s', (_name, graph, expected) => {
    expect(codes(graph)).toEqual(expected);
  });

  it('says which field of the config is wrong, in words', () => {
    const [violation] = validateGraph(
      journey(
        [...base, node('pause', 'delay', { mode: 'duration', unit: 'days' })],
        [...baseEdges, edge('a', 'pause')],
      ),
      { registry },
    );
    expect(violation).toMatchObject({ nodeId: 'pause', path: 'nodes.2.config.amount' });
    expect(violation?.message).toContain('"pause" (Delay)');
    expect(violation?.message).toContain('amount');
  });

  it('points schema errors at the JSON path', () => {
    const [violation] = validateGraph(journey([trigger(), email('bad id')], []), { registry });
    expect(violation?.path).toBe('nodes.1.id');
  });

  it('skips the template check when the templates are not known', () => {
    expect(validateGraph(journey([trigger(), email('a', 'anything')], baseEdges), { registry })).toEqual([]);
  });
});
