import { z } from 'zod';
import type { TraitType } from './shapes.ts';

/** A cell read as its column's type: the trait value, or why the text is not one. */
export type CellValue = { value: string | number | boolean } | { reason: string };

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');
// zod's own ISO patterns (the ones z.iso.datetime({ offset }) / ({ local }) and z.iso.date() check), tested
// directly: a safeParse per pattern cost more than the rest of a row (about 12 µs a date cell).
const WITH_OFFSET = z.regexes.datetime({ offset: true });
const LOCAL = z.regexes.datetime({ local: true });
const DATE_ONLY = z.regexes.date;

const quoted = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** An ISO 8601 date or date-time as milliseconds; a time without an offset is UTC. */
function isoMillis(text: string): number | undefined {
  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (DATE_ONLY.test(withColon) || WITH_OFFSET.test(withColon)) return Date.parse(withColon);
  if (LOCAL.test(withColon)) return Date.parse(`${withColon}Z`);
  return undefined;
}

/**
 * Reads one non-empty cell as `type`: numbers as written with a dot (no thousands separators),
 * booleans as true/false, yes/no, y/n, 1/0 (any case), dates as ISO 8601, stored as UTC date-times.
 * @example readCell('number', '12.5') // { value: 12.5 }
 */
export function readCell(type: TraitType, text: string): CellValue {
  switch (type) {
    case 'string':
      return { value: text };
    case 'number': {
      const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
      return Number.isFinite(value) ? { value } : { reason: `${quoted(text)} is not a number (such as 1250 or 12.5)` };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { reason: `${quoted(text)} is not true or false (nor yes/no, 1/0)` };
    }
    case 'date': {
      const ms = isoMillis(text);
      if (ms === undefined || !Number.isFinite(ms))
        return { reason: `${quoted(text)} is not an ISO 8601 date (such as 2026-01-31 or 2026-01-31T09:30:00Z)` };
      if (ms < EARLIEST_MS || ms > LATEST_MS)
        return { reason: `${quoted(text)} is not between the years 0001 and 9999` };
      return { value: new Date(ms).toISOString() };
    }
  }
}
