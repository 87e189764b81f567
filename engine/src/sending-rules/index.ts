// Frequency caps, quiet hours and send priority: pure and isomorphic, so the workflow bundle, the
// editor, the activity, the simulator and the database layer share them (consent/, which reads the
// database, holds subscription groups).
export {
  DEFAULT_SENDING_SETTINGS,
  FrequencyCap,
  OverLimit,
  QuietHours,
  SendingSettings,
  SendPriority,
  TRANSACTIONAL_GROUP,
} from './settings.ts';
export { capLimit, firstFreeMoment, longestWindowMs } from './caps.ts';
export { quietUntil } from './quiet-hours.ts';
export { capsFor, groupOfConfig, judgeSend, type CountedSend, type SendQuestion, type SendVerdict } from './verdict.ts';
