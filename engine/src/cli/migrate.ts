import { parseArgs } from 'node:util';
import { appliedMigrations, knownMigrations, migrate } from '../db/index.ts';
import { messageOf } from '../errors/index.ts';
import { openTargetDatabase } from './target-database.ts';

const usage = `Usage: boomerang migrate [--status]
  Applies the database migrations this version of Boomerang has and the database lacks (DATABASE_URL, or the
  embedded PGlite database in DATA_DIR; stop the Boomerang that holds an embedded one first), and prints them.
  --status lists every migration as applied or pending and changes nothing.`;

/** Runs `boomerang migrate [--status]`; resolves to the exit code. */
export async function migrateCommand(args: string[]): Promise<number> {
  let status: boolean;
  try {
    const { values } = parseArgs({ args, options: { status: { type: 'boolean' }, help: { type: 'boolean' } } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    status = values.status === true;
  } catch (error) {
    console.error(`${messageOf(error)}\n${usage}`);
    return 2;
  }
  const target = await openTargetDatabase();
  if (typeof target === 'string') {
    console.error(target);
    return 2;
  }
  const { db, where } = target;
  try {
    if (status) {
      const applied = new Map((await appliedMigrations(db)).map((m) => [m.version, m]));
      const known = knownMigrations();
      console.log(`Migrations of ${where}:`);
      for (const m of known) {
        const done = applied.get(m.version);
        console.log(
          `  ${done ? 'applied' : 'pending'}  ${String(m.version).padStart(4)} ${m.name}${done ? `  (${done.appliedAt})` : ''}`,
        );
      }
      const knownVersions = new Set(known.map((m) => m.version));
      for (const m of applied.values())
        if (!knownVersions.has(m.version))
          console.log(`  unknown  ${String(m.version).padStart(4)} ${m.name}  (applied by a newer Boomerang)`);
      const pending = known.filter((m) => !applied.has(m.version)).length;
      console.log(pending ? `${pending} pending: run \`boomerang migrate\`` : 'Up to date.');
      return 0;
    }
    const names = new Map(knownMigrations().map((m) => [m.version, m.name]));
    const ran = await migrate(db);
    if (!ran.length) console.log(`${where} is up to date: no migration to apply.`);
    else {
      console.log(`Applied ${ran.length} migration${ran.length === 1 ? '' : 's'} to ${where}:`);
      for (const v of ran) console.log(`  ${String(v).padStart(4)} ${names.get(v) ?? ''}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
