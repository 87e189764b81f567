// The shared model at the bottom of the engine: the journey JSON format, filters, goals and the event
// a journey sees. Imports nothing but zod, so every other folder (and the editor) can build on it.
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
} from './journey.ts';
export { JourneyEvent } from './event.ts';
export { isRecord } from './json.ts';
export {
  AUDIENCE_ENTERED,
  AUDIENCE_EXITED,
  ArmCondition,
  AudienceCondition,
  AudienceDefinition,
  JourneyCondition,
  PerformedCondition,
  TraitCondition,
  TraitDateCondition,
  audienceJsonSchema,
  type AudienceConditionInput,
} from './audience.ts';
