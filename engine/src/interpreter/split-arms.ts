import type { Plan, SplitStep } from './plan.ts';

/** The name of the holdout arm of a split: it receives nothing further. */
export const HOLDOUT = 'holdout';

/** One arm of a split, its share of traffic, and whether it is the holdout. */
export interface SplitArm {
  name: string;
  weight: number;
  holdout: boolean;
}

/** A split's arms in assignment order: every variant, then the holdout when it has a share (the order decides who lands where). */
export function armsWithHoldout(
  variants: ReadonlyArray<{ name: string; weight: number }>,
  holdout: number,
): SplitArm[] {
  return [
    ...variants.map((v) => ({ name: v.name, weight: v.weight, holdout: false })),
    ...(holdout > 0 ? [{ name: HOLDOUT, weight: holdout, holdout: true }] : []),
  ];
}

/** The splits of a plan, in plan order. */
export function splitsOf(plan: Plan): SplitStep[] {
  return Object.values(plan.steps).flatMap((s) => (s.kind === 'split' ? [s] : []));
}
