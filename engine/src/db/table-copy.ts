// Copying whole tables, for `boomerang export` and `import`: the catalog, cursors over rows as JSON text, and inserts back.
import pg from 'pg';
import type { Queryable } from './database.ts';

/** A table name quoted for SQL. */
const quoted = (name: string): string => pg.escapeIdentifier(name);

/**
 * Orders tables so that each comes after the tables its foreign keys point to (a table pointing to
 * itself is fine); throws naming the tables of a cycle, which rows alone could not be imported through.
 */
export function parentsFirst(
  tables: readonly string[],
  references: ReadonlyArray<{ child: string; parent: string }>,
): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  // Alphabetical among equals, so that two exports of the same schema list tables alike.
  let left = [...tables].sort();
  while (left.length) {
    const ready = left.filter((t) => [...(parents.get(t) ?? [])].every((p) => placed.has(p) || !parents.has(p)));
    if (!ready.length) throw new Error(`Foreign keys form a cycle between tables ${left.join(', ')}`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
    left = left.filter((t) => !placed.has(t));
  }
  return ordered;
}

/** Boomerang's tables in the current schema (all but schema_migrations), parents before the tables referring to them. */
export async function tablesOf(db: Queryable): Promise<string[]> {
  const tables = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname <> 'schema_migrations'`,
  );
  const references = await db.query<{ child: string; parent: string }>(
    `select child.relname as child, parent.relname as parent from pg_constraint k
       join pg_class child on child.oid = k.conrelid join pg_class parent on parent.oid = k.confrelid
       join pg_namespace n on n.oid = child.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`,
  );
  return parentsFirst(
    tables.map((t) => t.name),
    references,
  );
}

/** The columns of `table` a row can be inserted into (generated columns are computed, not copied). */
export async function insertableColumns(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select attname as name from pg_attribute
      where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = ''
      order by attnum`,
    [quoted(table)],
  );
  return rows.map((r) => r.name);
}

/** Every sequence of the current schema and where it stands. */
export async function sequencesOf(
  db: Queryable,
): Promise<Array<{ name: string; lastValue: string; isCalled: boolean }>> {
  const names = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`,
  );
  const sequences: Array<{ name: string; lastValue: string; isCalled: boolean }> = [];
  for (const { name } of names) {
    const [state] = await db.query<{ lastValue: string; isCalled: boolean }>(
      `select last_value::text as "lastValue", is_called as "isCalled" from ${quoted(name)}`,
    );
    if (state) sequences.push({ name, ...state });
  }
  return sequences;
}

/** Calls `onRows` with the rows of `table` as Postgres's own JSON text (to_jsonb), `batch` at a time, through a cursor of `tx`. */
export async function eachRowAsJson(
  tx: Queryable,
  table: string,
  batch: number,
  onRows: (lines: string[]) => Promise<void>,
): Promise<void> {
  // Never parsed in JavaScript: numbers, timestamps (microseconds) and jsonb stay exactly as stored.
  await tx.query(
    `declare boomerang_copy no scroll cursor for select to_jsonb(t)::text as line from ${quoted(table)} t`,
  );
  for (;;) {
    const rows = await tx.query<{ line: string }>(`fetch forward ${batch} from boomerang_copy`);
    if (!rows.length) break;
    await onRows(rows.map((r) => r.line));
  }
  await tx.query('close boomerang_copy');
}

/** Inserts rows given as to_jsonb text into `columns` of `table`, converted back by Postgres itself (jsonb_populate_recordset). */
export async function insertRowsFromJson(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  lines: readonly string[],
): Promise<void> {
  const list = columns.map(quoted).join(', ');
  await tx.query(
    `insert into ${quoted(table)} (${list}) overriding system value
     select ${list} from jsonb_populate_recordset(null::${quoted(table)}, $1::jsonb)`,
    [`[${lines.join(',')}]`],
  );
}

/** Makes the current transaction one read-only snapshot (the first statement of the transaction). */
export async function readOneSnapshot(tx: Queryable): Promise<void> {
  await tx.query('set transaction isolation level repeatable read, read only');
}

/** The tables among `tables` that hold rows. */
export async function tablesWithRows(tx: Queryable, tables: readonly string[]): Promise<string[]> {
  const full: string[] = [];
  for (const t of tables) if ((await tx.query(`select 1 from ${quoted(t)} limit 1`)).length) full.push(t);
  return full;
}

/** Deletes every row of `tables` at once. */
export async function emptyTables(tx: Queryable, tables: readonly string[]): Promise<void> {
  if (tables.length) await tx.query(`truncate ${tables.map(quoted).join(', ')} cascade`);
}

/** Turns the user-defined triggers of `tables` off (rows copied as they were must not derive rows again) or back on. */
export async function switchTriggers(tx: Queryable, tables: readonly string[], on: boolean): Promise<void> {
  for (const t of tables) await tx.query(`alter table ${quoted(t)} ${on ? 'enable' : 'disable'} trigger user`);
}

/** Puts sequence `name` where another database left it. */
export async function setSequence(
  tx: Queryable,
  s: { name: string; lastValue: string; isCalled: boolean },
): Promise<void> {
  await tx.query('select setval($1::regclass, $2::bigint, $3)', [quoted(s.name), s.lastValue, s.isCalled]);
}
