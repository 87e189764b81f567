// Deliverability: sender identities, the checks of `boomerang doctor`, and what they read.
export {
  allSenders,
  DEFAULT_SENDER_ID,
  defaultSender,
  knownSenderIds,
  senderIdFor,
  sendingIdentity,
  type SendingIdentity,
} from './senders.ts';
export { senderViolations } from './sender-check.ts';
export { doctorReport, dnsNamesFor, RATE_FAIL, RATE_WARN, worstOf, type DoctorFacts } from './doctor.ts';
export { gatherDoctorFacts, systemTxtLookup, type DoctorSettings, type TxtLookup } from './doctor-facts.ts';
export { recentRates, RATE_WINDOW_DAYS } from './rates.ts';
export * from './shapes.ts';
