export { journeyWorkflow, type JourneyInput, type JourneyOutcome } from './journey.ts';
export { eventSignal, progressQuery, type DeliveredEvent } from './signals.ts';
