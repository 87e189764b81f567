// Every SQL statement of the engine, one module per table or concern; migrations; PGlite by default, Postgres via DATABASE_URL.
export { openDatabase, type Database, type Queryable, type Row } from './database.ts';
export { appliedMigrations, knownMigrations, migrate, type MigrationInfo } from './migrations.ts';
export * from './customers.ts';
export * from './journeys.ts';
export * from './enrollments.ts';
export * from './messages.ts';
export * from './suppressions.ts';
export * from './mailbox.ts';
export * from './experiments.ts';
export * from './outbox.ts';
export * from './dead-letters.ts';
export * from './job-runs.ts';
export * from './identities.ts';
export * from './groups.ts';
export * from './customer-locks.ts';
export * from './customer-states.ts';
export * from './imported-identifies.ts';
export * from './journey-impact.ts';
export { getRetentionSettings, saveRetentionSettings } from './retention-settings.ts';
export * from './journey-stats.ts';
export * from './events.ts';
export * from './health.ts';
export { activityOf, cohortRowsOf, lifecycleRowsOf, type CohortRows } from './retention-cohorts.ts';
export { customerCountsOf } from './retention-customers.ts';
export { activationCountsOf, npsAnswersOf, reasonCountsOf } from './retention-feedback.ts';
export { purchaseCountsOf } from './retention-purchases.ts';
export { cancellationCountsOf, earliestEventAt, mrrAtInstants, mrrCountsOf } from './retention-revenue.ts';
export { renewalCountsOf } from './retention-renewals.ts';
export { activationCountsFromSummaries, npsAnswersFromSummaries } from './retention-summary-feedback.ts';
export { cohortRowsFromSummaries } from './retention-summary-cohorts.ts';
export { activityFromSummaries, purchaseCountsFromSummaries } from './retention-summary-months.ts';
export {
  customerCountsFromSummaries,
  mrrAtMonthStartsFromSummaries,
  mrrCountsFromSummaries,
  singleMonths,
} from './retention-summary-subscriptions.ts';
export { foldRetentionRollups, rollupsFor, rollupStateOf, type RollupState } from './retention-rollup.ts';
export {
  customerCountsFromRollups,
  mrrAtMonthStartsFromRollups,
  mrrCountsFromRollups,
} from './retention-rollup-subscriptions.ts';
export { activationCountsFromRollups, npsAnswersFromRollups } from './retention-rollup-feedback.ts';
export {
  activityFromRollups,
  cohortRowsFromRollups,
  monthBucketsOf,
  monthStartOf,
  purchaseCountsFromRollups,
  type MonthBucket,
} from './retention-rollup-reads.ts';
export * from './audiences.ts';
export * from './audience-members.ts';
export * from './audience-decided.ts';
export * from './senders.ts';
export * from './deliverability.ts';
export * from './tracking.ts';
export * from './broadcasts.ts';
export * from './table-copy.ts';
export * from './subscription-groups.ts';
export {
  getSendingSettings,
  claimSendSlot,
  saveSendingSettings,
  type SendingSettingsViolation,
  type SlotRequest,
} from './sending.ts';
export * from './broadcast-audience.ts';
export * from './broadcast-sends.ts';
