// Every SQL statement of the engine, one module per table or concern; migrations; PGlite by default, Postgres via DATABASE_URL.
export { openDatabase, type Database, type Queryable, type Row } from './database.ts';
export { migrate } from './migrations.ts';
export * from './customers.ts';
export * from './journeys.ts';
export * from './enrollments.ts';
export * from './messages.ts';
export * from './mailbox.ts';
export * from './experiments.ts';
export * from './outbox.ts';
export * from './dead-letters.ts';
export * from './job-runs.ts';
export * from './identities.ts';
export * from './groups.ts';
export * from './customer-locks.ts';
export * from './journey-stats.ts';
export * from './events.ts';
export * from './health.ts';
