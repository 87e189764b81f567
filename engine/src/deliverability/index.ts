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
