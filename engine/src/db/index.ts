export { openDatabase, type Database, type Queryable, type Row } from './database.ts';
export { migrate } from './migrations.ts';
export * from './customers.ts';
export * from './journeys.ts';
export * from './enrollments.ts';
export * from './messages.ts';
export * from './mailbox.ts';
export * from './experiments.ts';
