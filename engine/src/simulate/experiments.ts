import { armsWithHoldout, splitsOf, type Plan } from '../interpreter/index.ts';
import {
  analyseExperiment,
  countArms,
  goalOutcomes,
  type ArmCounts,
  type ExperimentAnalysis,
  type ExposureAt,
  type GoalCandidate,
} from '../metrics/index.ts';
import { happens, type CustomerRun, type CustomerScript } from './one.ts';

/** One split's simulated experiment: counts per arm and, when the journey has a goal, the analysis. */
export interface SimulatedExperiment {
  splitId: string;
  experimentKey: string | null;
  counts: ArmCounts[];
  analysis: ExperimentAnalysis | null;
}

/** Collects exposures and goal events customer by customer, then counts and analyses every split of the plan. */
export class ExperimentTally {
  readonly #exposures = new Map<string, ExposureAt[]>();
  readonly #keys = new Map<string, string>();
  readonly #candidates: GoalCandidate[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly window: { startMs: number; endMs: number },
  ) {}

  /** Adds one simulated customer: the splits they reached and the goal events they really sent. */
  add(userId: string, script: CustomerScript, run: CustomerRun): void {
    for (const x of run.exposures) {
      this.#keys.set(x.stepId, x.experimentKey);
      const list = this.#exposures.get(x.stepId) ?? [];
      list.push({ userId, variant: x.variant, exposedAtMs: x.atMs });
      this.#exposures.set(x.stepId, list);
    }
    const goal = this.plan.goal;
    if (!goal || run.exposures.length === 0) return;
    for (const e of script.events) {
      if (
        e.event !== goal.event ||
        e.atMs < this.window.startMs ||
        e.atMs > this.window.endMs ||
        !happens(e, run.exposures)
      )
        continue;
      this.#candidates.push({ userId, event: e.event, properties: e.properties ?? {}, atMs: e.atMs });
    }
  }

  /** The experiments as they stand at the end of the simulation. */
  results(): SimulatedExperiment[] {
    const goal = this.plan.goal;
    return splitsOf(this.plan).map((step) => {
      const arms = armsWithHoldout(step.arms, step.holdout);
      const exposures = this.#exposures.get(step.id) ?? [];
      const outcomes = goal
        ? goalOutcomes(goal, exposures, this.#candidates, new Map())
        : exposures.map((x) => ({
            variant: x.variant,
            exposedAtMs: x.exposedAtMs,
            convertedAtMs: null,
            revenue: 0,
            unsubscribedAtMs: null,
          }));
      const counts = countArms(outcomes, arms, goal?.withinDays ?? 0, this.window.endMs);
      const analysis =
        goal && exposures.length > 0
          ? analyseExperiment(counts, {
              baselineRate: step.baselineRate,
              minimumDetectableEffect: step.minimumDetectableEffect,
            })
          : null;
      return { splitId: step.id, experimentKey: this.#keys.get(step.id) ?? null, counts, analysis };
    });
  }
}
