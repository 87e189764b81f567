// Audience membership kept in the database: re-evaluated per routed call, per due check and on save.
export { AudienceKeeper, type MembershipChanges, type RoutedCall } from './keeper.ts';
