import { describe, expect, it } from 'vitest';
import type { SimulationAnswer } from '../../../engine/src/api/shapes.ts';
import { Expectations, unmetExpectations } from '../../../engine/src/cli/journeys/expect.ts';

// A hand-made simulation answer: 1000 entered, 940 got the welcome, 300 still wait, 12 emails a day for 5 days.
const result: SimulationAnswer = {
  nodes: {
    start: { entered: 1000, waiting: 0, exited: 0 },
    welcome: { entered: 940, waiting: 0, exited: 0 },
    wait: { entered: 940, waiting: 300, exited: 0 },
    done: { entered: 640, waiting: 0, exited: 640 },
  },
  edges: [],
  emailsByDay: [1, 2, 3, 4, 5].map((day) => ({ day, count: 12 })),
  exits: {},
  paths: [],
};

describe('journeys simulate --expect', () => {
  it.each([
    [{ reached: { welcome: '>= 900' } }, []],
    [{ reached: { welcome: '>= 941' } }, ['reached.welcome: expected >= 941, got 940']],
    [{ reached: { welcome: '> 939' } }, []],
    [{ reached: { welcome: '> 940' } }, ['reached.welcome: expected > 940, got 940']],
    [{ reached: { welcome: '<= 939' } }, ['reached.welcome: expected <= 939, got 940']],
    [{ reached: { welcome: '< 941' } }, []],
    [{ reached: { welcome: '== 939' } }, ['reached.welcome: expected == 939, got 940']],
    [{ reached: { welcome: 940, start: '==1000' } }, []],
    [{ waiting: { wait: '< 300' } }, ['waiting.wait: expected < 300, got 300']],
    [{ waiting: { wait: '<= 300' }, exited: { done: '>= 600' } }, []],
    [{ exited: { done: 641 } }, ['exited.done: expected == 641, got 640']],
    [{ emails: '== 60' }, []],
    [{ emails: '< 60' }, ['emails: expected < 60, got 60']],
    [{ reached: { nope: 1 } }, ['reached.nope: the journey has no node "nope"']],
    [
      { reached: { welcome: '< 10', start: '>= 1' }, emails: 0 },
      ['reached.welcome: expected < 10, got 940', 'emails: expected == 0, got 60'],
    ],
  ])('%j -> %j', (expected, unmet) => {
    expect(unmetExpectations(Expectations.parse(expected), result)).toEqual(unmet);
  });

  it.each([
    [{ reached: { welcome: 'about 900' } }, 'reached.welcome'],
    [{ reached: { welcome: '=> 900' } }, 'reached.welcome'],
    [{ reachd: { welcome: 1 } }, ''],
    [{ emails: true }, 'emails'],
  ])('refuses %j, naming %s', (bad, path) => {
    const parsed = Expectations.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
