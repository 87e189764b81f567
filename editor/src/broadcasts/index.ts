// Broadcasts: the list, the "new broadcast" form drawn from the API's schema, one broadcast's live progress.
export { BroadcastDetail } from './BroadcastDetail.tsx';
export { BroadcastForm } from './BroadcastForm.tsx';
export { BroadcastTable } from './BroadcastTable.tsx';
export { progressOf, type Broadcast } from './progress.ts';
