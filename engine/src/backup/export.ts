import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import {
  appliedMigrations,
  eachRowAsJson,
  readOneSnapshot,
  sequencesOf,
  tablesOf,
  type Database,
  type Queryable,
} from '../db/index.ts';
import { MANIFEST_FILE, type Manifest } from './manifest.ts';

/** Rows fetched from the cursor at a time: memory stays flat whatever the table's size. */
const FETCH_ROWS = 1000;

/** Writes every row of `table` to `file`, one to_jsonb line each, never holding more than a fetch in memory. */
async function exportTable(tx: Queryable, table: string, file: string): Promise<number> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([error]: unknown[]) => {
    throw error;
  });
  failed.catch(() => undefined);
  let rows = 0;
  try {
    await eachRowAsJson(tx, table, FETCH_ROWS, async (lines) => {
      rows += lines.length;
      if (!out.write(lines.map((line) => `${line}\n`).join(''))) await Promise.race([once(out, 'drain'), failed]);
    });
  } finally {
    out.end();
  }
  await Promise.race([once(out, 'finish'), failed]);
  return rows;
}

/**
 * Exports every table of `db` into directory `dir` (one JSON-lines file per table and manifest.json,
 * written last so that an interrupted export has none), from one consistent snapshot.
 */
export async function exportDatabase(
  db: Database,
  dir: string,
  onTable: (table: string, rows: number) => void = () => undefined,
): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length)
    throw new Error(`${dir} is not empty: export into a new or empty directory`);
  mkdirSync(join(dir, 'tables'), { recursive: true });
  const manifest = await db.transaction(async (tx): Promise<Manifest> => {
    // One snapshot for every table, so an export of a running Postgres instance is consistent.
    await readOneSnapshot(tx);
    const tables: Manifest['tables'] = [];
    for (const name of await tablesOf(tx)) {
      const file = `tables/${name}.jsonl`;
      const rows = await exportTable(tx, name, join(dir, file));
      tables.push({ name, file, rows });
      onTable(name, rows);
    }
    return {
      format: 'boomerang-export',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      source: db.kind,
      migrations: (await appliedMigrations(tx)).map(({ version, name }) => ({ version, name })),
      tables,
      sequences: await sequencesOf(tx),
    };
  });
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
