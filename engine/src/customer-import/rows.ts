import { parse, type CsvError } from 'csv-parse';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/** One record of the file: the line it starts on and its cells, or why it could not be read. */
export type CsvRecord =
  { line: number; cells: string[] } | { line: number; error: string; column?: number; fatal?: true };

/** The longest row read (characters); longer is almost always a quote that is never closed. */
export const MAX_ROW_CHARS = 1024 * 1024;

/** How many CRLF line breaks the cells hold (inside quotes). */
function crlfCount(cells: string[]): number {
  let n = 0;
  for (const cell of cells) if (cell.includes('\r\n')) n += cell.split('\r\n').length - 1;
  return n;
}

/** Where csv-parse was when it found the error (it puts its counters on the error). */
function numbersOf(error: CsvError): { lines: number; empty_lines: number } {
  return {
    lines: typeof error.lines === 'number' ? error.lines : 0,
    empty_lines: typeof error.empty_lines === 'number' ? error.empty_lines : 0,
  };
}

/** A user's words for csv-parse's error codes; `through` is the last line the error covers. */
function described(error: CsvError, line: number, end: number): string {
  const through = end > line ? ` (lines ${line} to ${end} could not be read)` : '';
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `bad quoting: a quoted cell is followed by more text before the next comma; write "" for a quote inside a quoted cell${through}`;
    case 'INVALID_OPENING_QUOTE':
      return `bad quoting: a quote inside an unquoted cell; put the cell in quotes and write "" for each quote in it${through}`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `bad quoting: a quote is never closed${through}`;
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is longer than ${MAX_ROW_CHARS} characters, most likely a quote that is never closed; the import stopped here and read no later line`;
    default:
      return `${error.message}${through}`;
  }
}

/** How many line breaks the cells hold (inside quotes): the record spans that many lines more than one. */
function breaksIn(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (let at = cell.indexOf('\n'); at !== -1; at = cell.indexOf('\n', at + 1)) n += 1;
  return n;
}

/**
 * Reads CSV records from a byte stream without holding more than one row: each record with the line
 * it starts on (empty lines skipped; a quoted cell may span lines), and each unreadable one with its
 * line and csv-parse's reason in a user's words. A row over MAX_ROW_CHARS ends the reading (fatal).
 */
export async function* csvRecords(source: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  // Lines are counted here from the records themselves (one line each, plus the line breaks inside
  // their cells; an empty line is a record of one empty cell), not with csv-parse's per-record
  // context (on_record), which cost more than the parsing itself. A skipped record is placed by how
  // many records came before it, and ends where csv-parse's line counter was, less the CRLFs inside
  // cells, which it counts as two lines.
  let nextLine = 1;
  let doubled = 0;
  let read = 0;
  const skipped: Array<{ after: number; error: CsvError }> = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    max_record_size: MAX_ROW_CHARS,
    on_skip: (error: CsvError | undefined) => {
      if (error) skipped.push({ after: parser.info.records, error });
      return undefined;
    },
  });
  const unreadable = (error: CsvError): CsvRecord => {
    const end = numbersOf(error).lines - doubled;
    const line = Math.min(nextLine, end);
    nextLine = end + 1;
    const column = typeof error.index === 'number' ? error.index : undefined;
    return {
      line,
      error: described(error, line, end),
      ...(column !== undefined ? { column } : {}),
      ...(error.code === 'CSV_MAX_RECORD_SIZE' ? { fatal: true as const } : {}),
    };
  };
  const done = pipeline(source, parser);
  done.catch(() => undefined); // its error also ends the iteration below, which rethrows it
  for await (const record of parser as AsyncIterable<unknown>) {
    // The parser may have run ahead, so only the errors found before this record are given first.
    while (skipped[0] && skipped[0].after <= read) yield unreadable(skipped.shift()!.error);
    read += 1;
    const cells = Array.isArray(record) ? record.map(String) : [];
    const line = nextLine;
    nextLine += 1 + breaksIn(cells);
    doubled += crlfCount(cells);
    if (cells.length === 1 && cells[0] === '') continue; // an empty line
    yield { line, cells };
  }
  while (skipped.length > 0) yield unreadable(skipped.shift()!.error);
  await done;
}
