import { parseArgs } from 'node:util';
import { exportDatabase, importDatabase, ImportRefused } from '../backup/index.ts';
import { messageOf } from '../errors/index.ts';
import { openTargetDatabase } from './target-database.ts';

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

/** Runs `boomerang export <directory>`; resolves to the exit code. */
export async function exportCommand(args: string[]): Promise<number> {
  const parsed = directoryArgs(args, exportUsage, false);
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
    console.error(`Exporting ${target.where} ...`);
    const manifest = await exportDatabase(target.db, parsed.dir, (table, rows) =>
      console.error(`  ${table.padEnd(32)} ${rows} rows`),
    );
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `Exported ${manifest.tables.length} tables (${rows} rows, schema: ${manifest.migrations.length} migrations) to ${parsed.dir}`,
    );
    return 0;
  } catch (error) {
    console.error(`Export failed: ${messageOf(error)}`);
    return 1;
  } finally {
    await target.db.close();
  }
}

/** Runs `boomerang import <directory> [--force]`; resolves to the exit code. */
export async function importCommand(args: string[]): Promise<number> {
  const parsed = directoryArgs(args, importUsage, true);
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
    console.error(`Importing ${parsed.dir} into ${target.where} ...`);
    const manifest = await importDatabase(target.db, parsed.dir, {
      force: parsed.force,
      onTable: (table, rows) => console.error(`  ${table.padEnd(32)} ${rows} rows`),
    });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(`Imported ${manifest.tables.length} tables (${rows} rows) from ${parsed.dir} into ${target.where}`);
    return 0;
  } catch (error) {
    if (error instanceof ImportRefused) {
      console.error(`Import refused: ${error.message}`);
      return 2;
    }
    console.error(`Import failed, nothing was imported: ${messageOf(error)}`);
    return 1;
  } finally {
    await target.db.close();
  }
}
