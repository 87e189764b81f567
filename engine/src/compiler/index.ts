// Validation of a journey and its compilation into a Plan, above the node registry. It also shows
// the journey format it reads, so `@boomerang/engine/journey` gives the editor both in one import.
export {
  EventMatch,
  ExperimentGoal,
  Journey,
  JourneyEdge,
  JourneyNode,
  JourneySettings,
  PropertyFilter,
  Violation,
  ViolationCode,
} from '../model/index.ts';
export { validateGraph, type ValidateOptions } from './validate.ts';
export { compile, type CompileOptions } from './compile.ts';
export { reachableFrom } from './graph.ts';
