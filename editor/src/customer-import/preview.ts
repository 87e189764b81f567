import { parse } from 'csv-parse/browser/esm/sync';
import type { TraitType } from '@boomerang/engine/customer-import-shapes';

/** The first lines of a file, to show before importing it. */
export interface Preview {
  header: string[];
  rows: string[][];
}

/** What the marketer chose for one column: the trait it fills and its type, or skip it. */
export interface ColumnChoice {
  trait: string;
  type: TraitType | 'skip';
}

const PREVIEW_BYTES = 64 * 1024;

/** Reads the header and up to `rows` lines from the start of the file (never the whole file). */
export async function previewOf(file: File, rows = 5): Promise<Preview> {
  const text = await file.slice(0, PREVIEW_BYTES).text();
  // The slice may end inside a line: only whole lines are read.
  const whole = file.size > PREVIEW_BYTES ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  const records: unknown = parse(whole, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    to_line: rows + 1,
  });
  const lines = Array.isArray(records) ? records.map((r: unknown) => (Array.isArray(r) ? r.map(String) : [])) : [];
  const [header = [], ...rest] = lines;
  return { header, rows: rest.slice(0, rows) };
}

/** The trait a column fills unless the marketer changes it: its header, with id and email headers recognised. */
export function defaultChoice(header: string): ColumnChoice {
  const lower = header.trim().toLowerCase();
  if (lower === 'userid' || lower === 'user_id') return { trait: 'userId', type: 'string' };
  if (lower === 'email' || lower === 'e-mail') return { trait: 'email', type: 'string' };
  return { trait: header.trim(), type: 'string' };
}

/** The import query for these choices: every column named (map.<column>=<trait>:<type>, or skipped), nothing else kept. */
export function queryOf(header: string[], choices: ColumnChoice[], startJourneys: boolean): URLSearchParams {
  const query = new URLSearchParams();
  header.forEach((column, i) => {
    const choice = choices[i] ?? defaultChoice(column);
    query.set(
      `map.${column}`,
      choice.type === 'skip' || choice.trait.trim() === '' ? '' : `${choice.trait.trim()}:${choice.type}`,
    );
  });
  query.set('unmapped', 'ignore');
  query.set('startJourneys', String(startJourneys));
  return query;
}
