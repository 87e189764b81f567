export * from './segment.ts';
export { normalizeCall } from './normalize.ts';
export { EventStore, type StoredEvent } from './store.ts';
export { Router, type RouterTarget } from './router.ts';
export { unstorableText } from './storable.ts';
