// Ingest and routing: Segment-spec call schemas, the durable event store, and the router that drains the outbox into journeys.
export * from './segment.ts';
export { normalizeCall, eventTime, PAGE_VIEWED, SCREEN_VIEWED, type BatchEnvelope } from './normalize.ts';
export { EventStore, type StoredEvent, type AppendResult } from './store.ts';
export { Router, type RouterTarget } from './router.ts';
export { unstorableText } from './storable.ts';
export { CUSTOMER_TRAITS_LIMIT_BYTES, traitBoundProblem } from './trait-bound.ts';
export { describeError, isOutage } from './routing-failure.ts';
export { GROUP_JOINED, GROUP_LEFT, subscriptionEvents } from './subscription-events.ts';
