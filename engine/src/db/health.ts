import type { Queryable } from './database.ts';

/** Whether the database answers a trivial query (for /health). */
export async function databaseAnswers(db: Queryable): Promise<boolean> {
  return db.query('select 1').then(
    () => true,
    () => false,
  );
}
