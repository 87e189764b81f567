import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvRecords, MAX_ROW_CHARS, type CsvRecord } from '../../../engine/src/customer-import/index.ts';

// Reading CSV records from a stream: each with the line it starts on (counted by hand below), and each
// unreadable one with its line and a reason, while the readable ones around it still come out.

/** Every record of `text`, fed in chunks of `chunk` characters (so rows straddle chunk borders). */
async function recordsOf(text: string, chunk = 7): Promise<CsvRecord[]> {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  const out: CsvRecord[] = [];
  for await (const r of csvRecords(Readable.from(parts))) out.push(r);
  return out;
}

describe('csvRecords', () => {
  it('gives each record the line it starts on, across empty lines, CRLF and quoted line breaks', async () => {
    //            1         2      3   4         5      6      7
    const text = 'id,name\r\n1,Ann\r\n\r\n2,"Bo\r\nb"\r\n3,Cy\r\n\r\n4,"D, e"';
    expect(await recordsOf(text)).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['1', 'Ann'] },
      { line: 4, cells: ['2', 'Bo\r\nb'] },
      { line: 6, cells: ['3', 'Cy'] },
      { line: 8, cells: ['4', 'D, e'] },
    ]);
  });

  it('places an unreadable row by line among empty lines and line breaks inside quotes', async () => {
    //            1       2 3    4  5 6       7 8
    const text = 'id,name\n\n1,"A\nb"\n\n2,Bo"b\n\n3,Cy\n';
    const records = await recordsOf(text, 3);
    expect(records).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 3, cells: ['1', 'A\nb'] },
      { line: 6, column: 1, error: expect.stringMatching(/^bad quoting: a quote inside an unquoted cell/) },
      { line: 8, cells: ['3', 'Cy'] },
    ]);
  });

  it('drops a byte-order mark and keeps "" as one quote', async () => {
    expect(await recordsOf('\uFEFFid,quote\n1,"say ""hi"""\n')).toEqual([
      { line: 1, cells: ['id', 'quote'] },
      { line: 2, cells: ['1', 'say "hi"'] },
    ]);
  });

  it('reports a quote inside an unquoted cell by line and column, and reads the lines after it', async () => {
    const records = await recordsOf('id,name\n1,Ann\n2,Bo"b\n3,Cy\n');
    expect(records.filter((r) => 'cells' in r)).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['1', 'Ann'] },
      { line: 4, cells: ['3', 'Cy'] },
    ]);
    expect(records.filter((r) => 'error' in r)).toEqual([
      { line: 3, column: 1, error: expect.stringMatching(/^bad quoting: a quote inside an unquoted cell/) },
    ]);
  });

  it('reports a quote never closed with the lines it swallowed', async () => {
    const records = await recordsOf('id,name\n1,Ann\n2,"Bob\n3,Cy\n4,Di\n');
    expect(records.filter((r) => 'cells' in r)).toHaveLength(2);
    const [error] = records.filter((r) => 'error' in r);
    expect(error).toMatchObject({
      line: 3,
      error: expect.stringMatching(/never closed \(lines 3 to 5 could not be read\)/),
    });
  });

  it('reports the lines a stray closing quote makes unreadable instead of dropping them silently', async () => {
    // csv-parse cannot tell where a row with text after its closing quote ends, so the rest is named.
    const records = await recordsOf('id,email\n1,"a"@x.com\n2,b@x.com\n3,c@x.com\n');
    expect(records.filter((r) => 'error' in r)).toEqual([
      { line: 2, column: 1, error: expect.stringMatching(/^bad quoting: a quoted cell is followed by more text/) },
      { line: 3, column: 1, error: expect.stringMatching(/never closed \(lines 3 to 4 could not be read\)/) },
    ]);
  });

  it('stops, saying so, at a row longer than the limit instead of holding the rest of the file', async () => {
    const huge = 'x'.repeat(MAX_ROW_CHARS + 10);
    const records = await recordsOf(`id,name\n1,"${huge}"\n2,Bo\n`, 64 * 1024);
    expect(records.at(-1)).toMatchObject({ line: 2, fatal: true });
  });
});
