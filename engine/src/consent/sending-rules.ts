// Frequency caps, quiet hours and send priority: pure and isomorphic, so the workflow bundle, the
// editor, the activity and the simulator share them (the rest of consent/ reads the database).
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
