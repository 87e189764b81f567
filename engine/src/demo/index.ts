// The demo: a seeded, realistic customer history (generator) and the client that imports it (sender).
export { DemoOptions, LiveOptions, type DemoOptionsInput } from './options.ts';
export { historyAndLive, type LiveCalls, type LiveSlice } from './live-slice.ts';
export { publishWithHoldout, type HoldoutJourney } from './holdout-journey.ts';
export { demoCalls, demoCustomers, type CustomerHistory } from './history.ts';
export type { DemoCall, Period } from './customer.ts';
export { BATCH_LIMIT_BYTES, batchesOf, type Batch } from './batches.ts';
export {
  ImportError,
  retryAfterMs,
  sendBatches,
  type BatchAnswer,
  type SendOptions,
  type SendResult,
} from './sender.ts';
