import type { Queryable } from './database.ts';

/** A sequence that numbers a column of a table (a `bigserial` / `serial` column). */
interface OwnedSequence {
  sequence: string;
  table: string;
  column: string;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Moves every column-owned sequence of the schema past the highest value its column holds. Rows copied in
 * with their numbers (a restore that left the sequences behind, rows inserted by hand) would otherwise make
 * the next insert collide with a stored row, and every call that stores one fail until an operator steps
 * in. Returns the sequences it moved.
 */
export async function catchUpSequences(db: Queryable): Promise<string[]> {
  const owned = await db.query<OwnedSequence>(
    `select s.relname as sequence, t.relname as "table", a.attname as "column"
       from pg_class s
       join pg_namespace n on n.oid = s.relnamespace and n.nspname = current_schema()
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')
       join pg_class t on t.oid = d.refobjid
       join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
      where s.relkind = 'S'
      order by 1`,
  );
  const moved: string[] = [];
  for (const { sequence, table, column } of owned) {
    const [row] = await db.query<{ moved: boolean }>(
      `with top as (select max(${quoted(column)}) as v from ${quoted(table)}),
            seq as (select case when is_called then last_value + 1 else last_value end as next from ${quoted(sequence)})
       select setval($1::regclass, top.v) is not null as moved from top, seq where top.v >= seq.next`,
      [quoted(sequence)],
    );
    if (row?.moved) moved.push(sequence);
  }
  return moved;
}
