// Statistics for experiments and holdouts: intervals (Wilson, Wald, Welch), tests, sample sizes, probability of being best, journey impact. Pure functions.
export { wilsonInterval, zFor, type Interval } from './proportion.ts';
export {
  differenceToControl,
  fisherExact,
  pValueVersusControl,
  SMALL_CELL,
  twoProportionZTest,
  type Arm,
  type Difference,
  type PValue,
} from './compare.ts';
export { sampleRatioMismatch, SRM_THRESHOLD, type SampleRatioCheck } from './srm.ts';
export { powerOf, sampleSizePerArm, type PowerPlan } from './sample-size.ts';
export { probabilityOfBeingBest } from './best.ts';
export {
  analyseExperiment,
  plannedPerArm,
  type ArmCounts,
  type ArmResult,
  type ExperimentAnalysis,
  type ExperimentSetup,
  type ExperimentStatus,
  type StoppingRule,
} from './experiment.ts';
export { countArms, cumulativeByDay, type CustomerOutcome, type DayPoint } from './outcomes.ts';
export { goalOutcomes, type ExposureAt, type GoalCandidate } from './goal.ts';
export { meanAndVariance, welchInterval, type MeanDifference, type Moments } from './welch.ts';
export { journeyImpact, ImpactLine, JourneyImpact, type GroupOutcomes } from './impact.ts';
