import type { ExperimentsResponse } from '@boomerang/engine/api-shapes';

type Analysis = NonNullable<ExperimentsResponse['experiments'][number]['analysis']>;

/** Where a test stands against its fixed-horizon rule, in the words the panel shows. */
export type StoppingState =
  { met: true; perArm: number } | { met: false; perArm: number; smallestArm: number; stillNeeded: number };

/**
 * Whether the stopping rule is met, or how many more measured customers the smallest variant needs
 * (the holdout does not count: the rule is about the arms that can win).
 * @example stoppingState(analysis) // { met: false, perArm: 3843, smallestArm: 12, stillNeeded: 3831 }
 */
export function stoppingState(analysis: Pick<Analysis, 'arms' | 'stopping'>): StoppingState {
  const perArm = analysis.stopping.plannedPerArm;
  if (analysis.stopping.met) return { met: true, perArm };
  const smallestArm = Math.min(...analysis.arms.filter((a) => !a.holdout).map((a) => a.measured));
  return { met: false, perArm, smallestArm, stillNeeded: Math.max(0, perArm - smallestArm) };
}
