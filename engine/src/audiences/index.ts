// Audiences: groups of customers described by conditions on traits, behaviour and journeys (the
// definition format, its checks and what it reads). Pure: membership kept in the database lives in ./membership/.
export {
  AudienceCondition,
  AudienceDefinition,
  ArmCondition,
  JourneyCondition,
  PerformedCondition,
  TraitCondition,
  TraitDateCondition,
  audienceJsonSchema,
  type AudienceConditionInput,
} from './definition.ts';
export { audienceProblems, journeyReferences, MAX_CONDITIONS, MAX_DEPTH, type AudienceProblem } from './check.ts';
export { isTouchedBy, mentionsOf, type AudienceMentions } from './mentions.ts';
export { AUDIENCE_ENTERED, AUDIENCE_EXITED } from './events.ts';
