import type { Database, Queryable } from './database.ts';
import type { Migration } from './migration.ts';
import { CORE_MIGRATIONS } from './migrations-1-core.ts';
import { AUDIENCES_AND_DELIVERABILITY_MIGRATIONS } from './migrations-2-audiences-deliverability.ts';
import { ROLLUPS_GROUPS_AND_CAPS_MIGRATIONS } from './migrations-3-rollups-groups-caps.ts';
import { catchUpSequences } from './sequences.ts';

// Every migration in the order `migrate` applies them (the order they were released in, not by version);
// append new ones to the last list. Append-only: a released migration is never edited.
const migrations: readonly Migration[] = [
  ...CORE_MIGRATIONS,
  ...AUDIENCES_AND_DELIVERABILITY_MIGRATIONS,
  ...ROLLUPS_GROUPS_AND_CAPS_MIGRATIONS,
];

/** The advisory lock key migrations hold (any fixed 64-bit number; "boomerang" in ASCII, truncated). */
const MIGRATION_LOCK = 0x626f6f6d6572;

/**
 * Applies every migration not yet applied, in order, each in its own transaction. Each transaction
 * first takes an advisory lock and then looks again at what is applied, so processes started together
 * on one database apply every migration exactly once instead of crashing into each other. Last, it
 * moves any sequence left behind its column's rows (see `catchUpSequences`).
 */
export async function migrate(db: Database): Promise<number[]> {
  const versions = migrations.map((m) => m.version);
  const repeated = versions.filter((v, i) => versions.indexOf(v) !== i);
  // A repeated version would be skipped silently as "already applied": refuse it instead.
  if (repeated.length) throw new Error(`Migration versions appear twice in migrations.ts: ${repeated.join(', ')}`);
  const applied: number[] = [];
  for (const m of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        'create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())',
      );
      const [done] = await tx.query('select 1 from schema_migrations where version = $1', [m.version]);
      if (done) return false;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await catchUpSequences(tx);
  });
  return applied;
}

/** One migration this version of Boomerang knows: its version number and name, in the order they are applied. */
export interface MigrationInfo {
  version: number;
  name: string;
}

/** Every migration this version of Boomerang knows, in the order `migrate` applies them. */
export function knownMigrations(): MigrationInfo[] {
  return migrations.map(({ version, name }) => ({ version, name }));
}

/** The migrations applied to `db` (none on a database Boomerang never opened), by version. */
export async function appliedMigrations(db: Queryable): Promise<Array<MigrationInfo & { appliedAt: string }>> {
  const [exists] = await db.query<{ found: boolean }>("select to_regclass('schema_migrations') is not null as found");
  if (!exists?.found) return [];
  return db.query<MigrationInfo & { appliedAt: string }>(
    `select version, name, to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "appliedAt"
       from schema_migrations order by version`,
  );
}
