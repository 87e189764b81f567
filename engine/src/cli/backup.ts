import { parseArgs } from 'node:util';
import { exportDatabase, importDatabase, ImportRefused } from '../backup/index.ts';
import { messageOf } from '../errors/index.ts';
import { openTargetDatabase, type TargetDatabase } from './target-database.ts';

const exportUsage = `Usage: boomerang export <directory>
  Writes every table of the database (DATABASE_URL, or the embedded PGlite in DATA_DIR: stop the Boomerang
  holding it first) to <directory>: one JSON-lines file per table and manifest.json with the schema version.`;
const importUsage = `Usage: boomerang import <directory> [--force]
  Loads a \`boomerang export\` into the database (DATABASE_URL, or the embedded PGlite in DATA_DIR), all or
  nothing. It refuses a database that already holds rows unless --force (which deletes them first), and an
  export made at another schema version.`;

/** Parses `<directory> [--force]`, or returns the usage problem. */
function directoryArgs(args: string[], usage: string, force: boolean): { dir: string; force: boolean } | string | 0 {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { help: { type: 'boolean' }, ...(force ? { force: { type: 'boolean' } } : {}) },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (positionals.length !== 1) return `Name one directory.\n${usage}`;
    return { dir: positionals[0]!, force: 'force' in values && values.force === true };
  } catch (error) {
    return `${messageOf(error)}\n${usage}`;
  }
}

/** Parses the arguments, opens the target database, runs `work` on it and closes it; resolves to the exit code. */
async function onDirectory(
  args: string[],
  usage: string,
  force: boolean,
  work: (target: TargetDatabase, parsed: { dir: string; force: boolean }) => Promise<number>,
  failed: (error: unknown) => number,
): Promise<number> {
  const parsed = directoryArgs(args, usage, force);
  if (parsed === 0) return 0;
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 2;
  }
  const target = await openTargetDatabase();
  if (typeof target === 'string') {
    console.error(target);
    return 2;
  }
  try {
    return await work(target, parsed);
  } catch (error) {
    return failed(error);
  } finally {
    await target.db.close();
  }
}

/** Prints one table's row count while it is copied. */
const showTable = (table: string, rows: number): void => console.error(`  ${table.padEnd(32)} ${rows} rows`);

/** Runs `boomerang export <directory>`; resolves to the exit code. */
export function exportCommand(args: string[]): Promise<number> {
  return onDirectory(
    args,
    exportUsage,
    false,
    async (target, { dir }) => {
      console.error(`Exporting ${target.where} ...`);
      const manifest = await exportDatabase(target.db, dir, showTable);
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      console.log(
        `Exported ${manifest.tables.length} tables (${rows} rows, schema: ${manifest.migrations.length} migrations) to ${dir}`,
      );
      return 0;
    },
    (error) => {
      console.error(`Export failed: ${messageOf(error)}`);
      return 1;
    },
  );
}

/** Runs `boomerang import <directory> [--force]`; resolves to the exit code. */
export function importCommand(args: string[]): Promise<number> {
  return onDirectory(
    args,
    importUsage,
    true,
    async (target, { dir, force }) => {
      console.error(`Importing ${dir} into ${target.where} ...`);
      const manifest = await importDatabase(target.db, dir, { force, onTable: showTable });
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      console.log(`Imported ${manifest.tables.length} tables (${rows} rows) from ${dir} into ${target.where}`);
      return 0;
    },
    (error) => {
      if (error instanceof ImportRefused) {
        console.error(`Import refused: ${error.message}`);
        return 2;
      }
      console.error(`Import failed, nothing was imported: ${messageOf(error)}`);
      return 1;
    },
  );
}
