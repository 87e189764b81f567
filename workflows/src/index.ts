export { journeyWorkflow, type JourneyInput, type JourneyOutcome } from './journey.ts';
export { eventSignal, progressQuery, type DeliveredEvent } from './signals.ts';
export {
  broadcastWorkflow,
  broadcastCancelSignal,
  broadcastPauseSignal,
  broadcastProgressQuery,
  broadcastResumeSignal,
  type BroadcastInput,
  type BroadcastProgress,
} from './broadcast.ts';
