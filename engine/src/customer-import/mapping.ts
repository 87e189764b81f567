import { z } from 'zod';
import type { Problem } from '../events/index.ts';
import { TraitType, USER_ID, type ColumnMapping } from './shapes.ts';

/** What the caller asks for: a trait (and type) per column, `null` to skip one, and what happens to the others. */
export const MappingRequest = z.object({
  columns: z.record(z.string(), z.object({ trait: z.string().min(1).max(200), type: TraitType }).nullable()),
  /** Columns not named in `columns`: kept as text traits under their header name, or ignored. */
  unmapped: z.enum(['keep', 'ignore']),
});
export type MappingRequest = z.infer<typeof MappingRequest>;

/** A column of the file as the importer reads it. */
export interface MappedColumn extends ColumnMapping {
  index: number;
}

/** How each row of a file becomes an identify call. */
export interface Mapping {
  columns: MappedColumn[];
  /** The column whose cell is the customer's id: the one mapped to userId, else the one mapped to email. */
  key: MappedColumn;
  ignored: string[];
  /** How many cells a row has: the header's count. */
  width: number;
  /** The header's names, by column index. */
  columnNames: string[];
}

/**
 * The subscription group a column sets when mapped to the trait `subscriptions.<group id>` (a boolean
 * column: true joins, false leaves), or undefined for an ordinary trait.
 */
export function groupOfTrait(trait: string): string | undefined {
  return trait.startsWith('subscriptions.') ? trait.slice('subscriptions.'.length) : undefined;
}

/** Header names that mean the customer's id when columns are kept by their header name. */
const ID_HEADERS = new Set(['userid', 'user_id']);

/** The trait a kept column fills: an id header is the id, every other header its own trait name. */
function keptTrait(header: string): string {
  const lower = header.trim().toLowerCase();
  if (ID_HEADERS.has(lower)) return USER_ID;
  return lower === 'email' ? 'email' : header.trim();
}

/**
 * Resolves the caller's mapping against the file's header line: each column's trait and type, and
 * the key column. Problems (refusing the whole file) name the column: an empty or repeated header,
 * a mapped column the file lacks, two columns for one trait, no userId or email column.
 */
export function resolveMapping(header: string[], request: MappingRequest): Mapping | { problems: Problem[] } {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    if (name.trim() === '') problems.push({ path: `header.${index + 1}`, message: `column ${index + 1} has no name` });
    else if (seen.has(name))
      problems.push({
        path: `header.${name}`,
        message: `the column "${name}" appears twice (columns ${seen.get(name)! + 1} and ${index + 1})`,
      });
    else seen.set(name, index);
  });
  for (const column of Object.keys(request.columns))
    if (!seen.has(column))
      problems.push({
        path: `map.${column}`,
        message: `the file has no column "${column}" (its columns: ${header.join(', ').slice(0, 300)})`,
      });
  if (problems.length > 0) return { problems };

  const columns: MappedColumn[] = [];
  const ignored: string[] = [];
  header.forEach((column, index) => {
    const asked = request.columns[column];
    if (asked === null || (asked === undefined && request.unmapped === 'ignore')) ignored.push(column);
    else if (asked)
      columns.push({ index, column, trait: asked.trait, type: asked.trait === USER_ID ? 'string' : asked.type });
    else columns.push({ index, column, trait: keptTrait(column), type: 'string' });
  });
  const byTrait = new Map<string, MappedColumn>();
  for (const c of columns) {
    const other = byTrait.get(c.trait);
    if (other)
      problems.push({
        path: `map.${c.column}`,
        message: `the columns "${other.column}" and "${c.column}" both fill the trait "${c.trait}"`,
      });
    byTrait.set(c.trait, c);
  }
  for (const c of columns)
    if (groupOfTrait(c.trait) !== undefined && c.type !== 'boolean')
      problems.push({
        path: `map.${c.column}`,
        message: `the column "${c.column}" sets the subscription group "${groupOfTrait(c.trait)}", so its type must be boolean (true joins, false leaves)`,
      });
  const key = byTrait.get(USER_ID) ?? byTrait.get('email');
  if (!key)
    problems.push({
      path: 'header',
      message: 'no column says who the customer is: name one userId or email, or map one with map.<column>=userId',
    });
  if (problems.length > 0 || !key) return { problems };
  return { columns, key, ignored, width: header.length, columnNames: header };
}
