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

/**
 * Reads CSV records from a byte stream without holding more than one row: each record with the line
 * it starts on (empty lines skipped; a quoted cell may span lines), and each unreadable one with its
 * line and csv-parse's reason in a user's words. A row over MAX_ROW_CHARS ends the reading (fatal).
 */
export async function* csvRecords(source: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  // Start lines are tracked in the parser's own order (on_record / on_skip run as it parses).
  // csv-parse counts a CRLF inside a quoted cell as two lines; `doubled` takes those back out.
  let lastLine = 0;
  let lastEmpty = 0;
  let doubled = 0;
  const startOf = (info: { lines: number; empty_lines: number }, crlfInside = 0) => {
    const start = lastLine + 1 + (info.empty_lines - lastEmpty);
    doubled += crlfInside;
    lastLine = info.lines - doubled;
    lastEmpty = info.empty_lines;
    return start;
  };
  const skipped: CsvRecord[] = [];
  const starts: number[] = [];
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_ROW_CHARS,
    on_record: (cells, context) => {
      starts.push(startOf(context, crlfCount(cells)));
      return cells;
    },
    on_skip: (error: CsvError | undefined) => {
      if (!error) return undefined;
      const at = numbersOf(error);
      const end = at.lines - doubled;
      const line = Math.min(startOf(at), end);
      const column = typeof error.index === 'number' ? error.index : undefined;
      skipped.push({
        line,
        error: described(error, line, end),
        ...(column !== undefined ? { column } : {}),
        ...(error.code === 'CSV_MAX_RECORD_SIZE' ? { fatal: true as const } : {}),
      });
      return undefined;
    },
  });
  const done = pipeline(source, parser);
  done.catch(() => undefined); // its error also ends the iteration below, which rethrows it
  for await (const cells of parser as AsyncIterable<unknown>) {
    // Records come out in the order on_record saw them, so each takes the next start line; the
    // parser may have run ahead, so only the errors before this record are given first.
    const line = starts.shift() ?? lastLine;
    while (skipped[0] && skipped[0].line < line) yield skipped.shift()!;
    yield { line, cells: Array.isArray(cells) ? cells.map(String) : [] };
  }
  while (skipped.length > 0) yield skipped.shift()!;
  await done;
}
