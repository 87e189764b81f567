import { describe, expect, it } from 'vitest';
import { analyseExperiment, plannedPerArm, type ArmCounts } from '../../../engine/src/metrics/index.ts';
import { stoppingState } from '../../../editor/src/experiments/stopping.ts';

const setup = { baselineRate: 0.1, minimumDetectableEffect: 0.03 };
const arm = (name: string, measured: number, converted: number, holdout = false): ArmCounts => ({
  name,
  weight: 1,
  holdout,
  exposed: measured + 5,
  measured,
  converted,
  revenue: 0,
  unsubscribed: 0,
});

describe('where a test stands against its stopping rule', () => {
  const planned = plannedPerArm(setup, 1);

  it('says "not yet" with the customers the smallest variant still needs', () => {
    const analysis = analyseExperiment([arm('weekly', 40, 4), arm('biweekly', 25, 3)], setup);
    expect(stoppingState(analysis)).toEqual({
      met: false,
      perArm: planned,
      smallestArm: 25,
      stillNeeded: planned - 25,
    });
  });

  it('does not count the holdout, which cannot win, as the smallest arm', () => {
    const analysis = analyseExperiment(
      [arm('weekly', 40, 4), arm('biweekly', 25, 3), arm('holdout', 3, 0, true)],
      setup,
    );
    const perArm = plannedPerArm(setup, 2);
    expect(stoppingState(analysis)).toEqual({ met: false, perArm, smallestArm: 25, stillNeeded: perArm - 25 });
  });

  it('says the rule is met once every variant has the planned sample', () => {
    const analysis = analyseExperiment([arm('weekly', planned, 40), arm('biweekly', planned + 1, 60)], setup);
    expect(stoppingState(analysis)).toEqual({ met: true, perArm: planned });
  });
});
