// The pure step machine over a Plan, shared by the Temporal workflow and the simulator.
export { ActionStep, BranchStep, DelayStep, ExitStep, Plan, SplitStep, Step, StepId, WaitStep } from './plan.ts';
export { armsFingerprint, assignArm, experimentKey, journeyHoldoutKey, murmur3, type Weighted } from './assignment.ts';
export { JourneyEvent } from '../model/index.ts';
export { HOLDOUT, armsWithHoldout, splitsOf, type SplitArm } from './split-arms.ts';
export {
  advance,
  armOf,
  begin,
  exitOn,
  journeyGroupOf,
  type Command,
  type ExitReason,
  type Input,
  type Move,
  type RunState,
  type Transition,
} from './run.ts';
export { isExitEvent, matchesEvent, matchesFilter, readPath } from './match.ts';
export { customerZone, nextLocalTime } from './local-time.ts';
export { wakeJitterMs } from './wake-jitter.ts';
