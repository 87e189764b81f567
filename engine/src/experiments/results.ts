import {
  findDecision,
  goalEventsOf,
  listExposures,
  unsubscribesOf,
  type ExperimentDecision,
  type Queryable,
} from '../db/index.ts';
import { armsWithHoldout, experimentKey, type Plan, type SplitStep } from '../interpreter/index.ts';
import type { ExperimentGoal } from '../model/index.ts';
import {
  analyseExperiment,
  countArms,
  cumulativeByDay,
  goalOutcomes,
  plannedPerArm,
  type ArmCounts,
  type DayPoint,
  type ExperimentAnalysis,
} from '../metrics/index.ts';

/** One split's experiment as the results endpoint shows it. */
export interface SplitResults {
  splitId: string;
  experimentKey: string;
  /** The version whose plan defines the split as it is now. */
  version: number;
  autoWinner: boolean;
  /** The arm new entrants go to, once a winner was chosen. */
  routedTo: string | null;
  setup: { baselineRate: number; minimumDetectableEffect: number; plannedPerArm: number };
  counts: ArmCounts[];
  /** Null while the journey has no goal. */
  analysis: ExperimentAnalysis | null;
  cumulative: Record<string, DayPoint[]>;
  decision: ExperimentDecision | null;
}

/** The planned customers per arm of a split, as shown when the test is set up. */
export function plannedFor(step: SplitStep): number {
  return plannedPerArm(
    { baselineRate: step.baselineRate, minimumDetectableEffect: step.minimumDetectableEffect },
    armsWithHoldout(step.arms, step.holdout).length - 1,
  );
}

/** Reads exposures, goal events and unsubscribes of one split from the database and analyses them as of `nowMs`. */
export async function splitResults(
  db: Queryable,
  plan: Plan,
  step: SplitStep,
  goal: ExperimentGoal | undefined,
  nowMs: number,
): Promise<SplitResults> {
  const key = experimentKey(plan.journeyId, step.id, step.fingerprint);
  const arms = armsWithHoldout(step.arms, step.holdout);
  const exposures = (await listExposures(db, key)).map((x) => ({
    userId: x.userId,
    variant: x.variant,
    exposedAtMs: Date.parse(x.exposedAt),
  }));
  const events = goal
    ? (await goalEventsOf(db, key, goal.event)).map((e) => ({
        userId: e.userId,
        event: goal.event,
        properties: e.properties,
        atMs: Date.parse(e.timestamp),
      }))
    : [];
  const unsubscribed = new Map([...(await unsubscribesOf(db, key))].map(([userId, at]) => [userId, Date.parse(at)]));
  const outcomes = goal
    ? goalOutcomes(goal, exposures, events, unsubscribed)
    : exposures.map((x) => ({
        variant: x.variant,
        exposedAtMs: x.exposedAtMs,
        convertedAtMs: null,
        revenue: 0,
        unsubscribedAtMs: unsubscribed.get(x.userId) ?? null,
      }));
  const counts = countArms(outcomes, arms, goal?.withinDays ?? 0, nowMs);
  const setup = { baselineRate: step.baselineRate, minimumDetectableEffect: step.minimumDetectableEffect };
  const first = exposures[0]?.exposedAtMs;
  return {
    splitId: step.id,
    experimentKey: key,
    version: plan.version,
    autoWinner: step.autoWinner,
    routedTo: step.winner,
    setup: { ...setup, plannedPerArm: plannedFor(step) },
    counts,
    analysis: goal && exposures.length > 0 ? analyseExperiment(counts, setup) : null,
    cumulative:
      first === undefined
        ? {}
        : cumulativeByDay(
            outcomes,
            arms.map((a) => a.name),
            first,
            nowMs,
          ),
    decision: (await findDecision(db, key)) ?? null,
  };
}
