// Audiences: groups of customers described by conditions on traits, behaviour and journeys. The
// definition format lives in the model (the database's SQL compiler reads it too); here are its checks,
// what it reads, and the keeper of membership in the database.
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
} from '../model/index.ts';
export { audienceProblems, journeyReferences, MAX_CONDITIONS, MAX_DEPTH, type AudienceProblem } from './check.ts';
export { isTouchedBy, mentionsOf, type AudienceMentions } from './mentions.ts';
export {
  AudienceKeeper,
  type MembershipChanges,
  type RoutedCall,
  type RoutedChanges,
  type RoutedOptions,
} from './keeper.ts';
