// Consent: subscription groups (topics a customer joins or leaves), their rules and a customer's choices.
export * from './groups.ts';
export {
  changesOf,
  choicesInTraits,
  emailConsent,
  isSubscribed,
  type EmailConsent,
  type GroupChange,
} from './rules.ts';
export { changeSubscriptions, consentToEmail, groupStatesOf, leaveEverything, type MadeChange } from './choices.ts';
export { groupViolations } from './group-check.ts';
