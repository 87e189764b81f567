import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  appliedMigrations,
  emptyTables,
  insertableColumns,
  insertRowsFromJson,
  knownMigrations,
  migrate,
  setSequence,
  switchTriggers,
  tablesOf,
  tablesWithRows,
  type Database,
  type Queryable,
} from '../db/index.ts';
import { MANIFEST_FILE, Manifest } from './manifest.ts';

/** Rows sent per insert statement, and the most text one statement carries. */
const INSERT_ROWS = 500;
const INSERT_CHARS = 4_000_000;

/** An export that cannot go into this database as asked; the message says why and what to do. */
export class ImportRefused extends Error {}

/** Reads and checks `dir`/manifest.json. */
export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file))
    throw new ImportRefused(
      `${file} is missing: ${dir} is not a finished \`boomerang export\` (the manifest is written last)`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ImportRefused(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success)
    throw new ImportRefused(
      `${file} is not a Boomerang export manifest: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** Why the export's schema version cannot be imported by this Boomerang (undefined when it can). */
export function schemaMismatch(exported: readonly number[], known: readonly number[]): string | undefined {
  const newer = exported.filter((v) => !known.includes(v));
  if (newer.length)
    return `The export was made by a newer Boomerang (migrations ${newer.join(', ')} are unknown here): upgrade this Boomerang to the version that made it, then import`;
  const older = known.filter((v) => !exported.includes(v));
  if (older.length)
    return `The export was made at an older schema (it lacks migrations ${older.join(', ')}): run \`boomerang migrate\` on the source database with this version of Boomerang, export again, then import`;
  return undefined;
}

/** Streams `file` into `table`, a batch at a time; resolves to the rows read. A row Postgres refuses is named by its line. */
async function importTable(tx: Queryable, table: string, file: string): Promise<number> {
  const columns = await insertableColumns(tx, table);
  let batch: string[] = [];
  let chars = 0;
  let line = 0;
  let rows = 0;
  let firstLine = 1;
  const flush = async () => {
    try {
      await insertRowsFromJson(tx, table, columns, batch);
    } catch (error) {
      throw new Error(
        `${file}, lines ${firstLine}-${line} (table ${table}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    batch = [];
    chars = 0;
    firstLine = line + 1;
  };
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    batch.push(text);
    chars += text.length;
    rows++;
    if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) await flush();
  }
  if (batch.length) await flush();
  return rows;
}

/**
 * Imports the export in `dir` into `db` in one transaction (all or nothing): migrates `db` to this
 * Boomerang's schema, refuses a schema mismatch and (unless `force`, which empties it first) a
 * database that holds rows, copies every table, checks the row counts and sets every sequence where
 * the source left it.
 */
export async function importDatabase(
  db: Database,
  dir: string,
  options: { force?: boolean; onTable?: (table: string, rows: number) => void } = {},
): Promise<Manifest> {
  const manifest = readManifest(dir);
  const mismatch = schemaMismatch(
    manifest.migrations.map((m) => m.version),
    knownMigrations().map((m) => m.version),
  );
  if (mismatch) throw new ImportRefused(mismatch);
  for (const t of manifest.tables)
    if (!existsSync(join(dir, t.file))) throw new ImportRefused(`${join(dir, t.file)} is missing (table ${t.name})`);
  const known = new Set(knownMigrations().map((m) => m.version));
  const unknownInTarget = (await appliedMigrations(db)).filter((m) => !known.has(m.version));
  if (unknownInTarget.length)
    throw new ImportRefused(
      `The target database was migrated by a newer Boomerang (migrations ${unknownInTarget.map((m) => m.version).join(', ')} are unknown here): import with that version`,
    );
  await migrate(db);
  await db.transaction(async (tx) => {
    const tables = await tablesOf(tx);
    const exported = new Set(manifest.tables.map((t) => t.name));
    const strange = [...tables.filter((t) => !exported.has(t)), ...[...exported].filter((t) => !tables.includes(t))];
    if (strange.length)
      throw new ImportRefused(
        `The export and this database disagree on tables ${strange.join(', ')} despite the same migrations`,
      );
    const full = await tablesWithRows(tx, tables);
    if (full.length && !options.force)
      throw new ImportRefused(
        `The target database is not empty (rows in ${full.join(', ')}): import into a new database, or pass --force to delete everything in it first`,
      );
    await emptyTables(tx, full.length ? tables : []);
    await switchTriggers(tx, tables, false);
    // In this database's order (parents first), whatever order the manifest lists them in.
    const byName = new Map(manifest.tables.map((t) => [t.name, t]));
    for (const t of tables.map((name) => byName.get(name)).filter((t) => t !== undefined)) {
      const rows = await importTable(tx, t.name, join(dir, t.file));
      if (rows !== t.rows)
        throw new ImportRefused(`${t.file} holds ${rows} rows, the manifest says ${t.rows}: the export is damaged`);
      options.onTable?.(t.name, rows);
    }
    await switchTriggers(tx, tables, true);
    for (const s of manifest.sequences) await setSequence(tx, s);
  });
  return manifest;
}
